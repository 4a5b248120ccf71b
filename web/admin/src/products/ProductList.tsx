// The catalog: products searched and paged on the server, each row opening its SKUs for price and
// stock edits in place, and a drawer for the product's own fields. Every write carries the
// product's version; the answer (the product at its new version) replaces the row.
import { App, Button, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { lazy, Suspense, useEffect, useState, type HTMLAttributes } from 'react';
import type { ProductDto, ProductList as List } from '../../../../src/contracts/admin.js';
import { saveChecked } from '../console/conflict.js';
import { useConsole } from '../console/context.js';
import { draftStore } from '../console/draft-store.js';
import { fenToYuan } from '../console/money.js';
import { StatusTag } from '../console/StatusTag.js';
import { localTime } from '../console/time.js';
import { useConflictNotice } from '../console/use-conflict-notice.js';
import { useStrings } from '../i18n.js';
import { ProductEditor } from './ProductEditor.js';
import { SkuTable } from './SkuTable.js';

/** The import dialog (shared with the knowledge base), a chunk of its own loaded when opened. */
const ImportDialog = lazy(() => import('../faq/FaqImport.js'));

const PAGE_SIZE = 20;

export function ProductList({ attributeNames }: { attributeNames: string[] }) {
  const t = useStrings();
  const { api, fail } = useConsole();
  const { message } = App.useApp();
  const notifyConflict = useConflictNotice();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [list, setList] = useState<List | null>(null);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<ProductDto | null>(null);
  const [importing, setImporting] = useState(false);
  /** Bumped after an import: the list is read again. */
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    api.products({ q: q || undefined, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }).then(
      (r) => current && setList(r),
      (e: unknown) => current && fail(e),
    ).finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [api, fail, q, page, generation]);

  const replace = (p: ProductDto) => setList((l) => (l ? { ...l, items: l.items.map((x) => (x.id === p.id ? p : x)) } : l));

  const patchVariant = async (product: ProductDto, sku: string, patch: { priceMinor?: number; stock?: number }) => {
    try {
      const r = await saveChecked(
        () => api.variantPatch(product.id, sku, patch, product.version),
        () => api.productGet(product.id),
      );
      replace(r.item);
      if (r.kind === 'conflict') notifyConflict(r.item);
      else {
        void message.success(t.cat.priceSaved(sku));
        void draftStore.refresh();
      }
    } catch (e) {
      fail(e);
      // What is on screen goes back to what is saved.
      api.productGet(product.id).then(replace, () => undefined);
    }
  };

  const columns: ColumnsType<ProductDto> = [
    { title: t.cat.colId, dataIndex: 'id', width: 120 },
    { title: t.cat.colName, dataIndex: 'name', ellipsis: true },
    { title: t.cat.colCategory, dataIndex: 'category', width: 140 },
    { title: t.cat.colPrice, dataIndex: 'priceMinor', width: 110, align: 'right', render: (fen: number) => `¥${fenToYuan(fen)}` },
    { title: t.cat.colVariants, key: 'variants', width: 80, align: 'right', render: (_, p) => p.variants.length },
    { title: t.cm.colStatus, dataIndex: 'status', width: 100, render: (s: ProductDto['status']) => <StatusTag status={s} /> },
    { title: t.cm.colUpdated, key: 'updated', width: 210, render: (_, p) => <Typography.Text type="secondary">{t.cm.updatedBy(p.updatedBy, localTime(p.updatedAt))}</Typography.Text> },
    {
      title: t.cm.actions,
      key: 'actions',
      width: 80,
      render: (_, p) => (
        <Button type="link" size="small" onClick={() => setEditing(p)} data-testid="product-edit">
          {t.cm.edit}
        </Button>
      ),
    },
  ];

  return (
    <>
      <div className="toolbar">
        <Input.Search
          allowClear
          placeholder={t.cat.searchPlaceholder}
          onSearch={(v) => {
            setPage(1);
            setQ(v.trim());
          }}
          className="search"
          data-testid="product-search"
        />
        <Space>
          <Button onClick={() => setImporting(true)} data-testid="product-import">
            {t.kb.import}
          </Button>
          <Button href={api.productsCsvUrl} download data-testid="product-export">
            {t.cm.exportCsv}
          </Button>
        </Space>
      </div>
      <Table<ProductDto>
        size="small"
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={list?.items ?? []}
        expandable={{ expandedRowRender: (p) => <SkuTable product={p} onPatch={(sku, patch) => patchVariant(p, sku, patch)} />, rowExpandable: (p) => p.variants.length > 0 }}
        onRow={(p) => ({ 'data-testid': 'product-row', 'data-id': p.id }) as HTMLAttributes<HTMLTableRowElement>}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list?.total ?? 0, showSizeChanger: false, showTotal: t.cm.total, onChange: setPage }}
      />
      <ProductEditor product={editing} attributeNames={attributeNames} onClose={() => setEditing(null)} onSaved={replace} />
      {importing && (
        <Suspense fallback={null}>
          <ImportDialog kind="products" open onClose={() => setImporting(false)} onImported={() => setGeneration((g) => g + 1)} />
        </Suspense>
      )}
    </>
  );
}
