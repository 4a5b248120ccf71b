// The catalog page: products with their SKUs, and the shop's attribute declarations (which also
// name the attribute values a product's editor offers). The tab is kept in the address.
import { Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useConsole } from '../console/context.js';
import { navigate, type PageProps } from '../console/routes.js';
import { useStrings } from '../i18n.js';
import { AttributesEditor } from '../products/AttributesEditor.js';
import { ProductList } from '../products/ProductList.js';

export default function ProductsPage({ params }: PageProps) {
  const t = useStrings();
  const { api } = useConsole();
  const [names, setNames] = useState<string[]>([]);

  useEffect(() => {
    // For the product editor's suggestions only; the attributes tab reports its own failures.
    api.attributes().then((a) => setNames(a.attributes.map((x) => x.name)), () => undefined);
  }, [api]);

  const tab = params.tab === 'attributes' ? 'attributes' : 'products';
  return (
    <div className="page page-wide">
      <div className="page-head">
        <Typography.Title level={4}>{t.cat.title}</Typography.Title>
        <Typography.Text type="secondary">{t.cm.draftNote}</Typography.Text>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate('products', k === 'attributes' ? { tab: k } : {})}
        items={[
          { key: 'products', label: <span data-testid="tab-products">{t.cat.tabProducts}</span>, children: <ProductList attributeNames={names} /> },
          { key: 'attributes', label: <span data-testid="tab-attributes">{t.cat.tabAttributes}</span>, children: <AttributesEditor onNames={setNames} /> },
        ]}
      />
    </div>
  );
}
