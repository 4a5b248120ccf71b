// A product's own fields in a drawer: name, category, description, aliases and its attribute
// values (the shop's attributes by name). Variants are edited in the SKU table.
import { AutoComplete, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { ProductBody, ProductDto } from '../../../../src/contracts/admin.js';
import { saveChecked } from '../console/conflict.js';
import { useConsole } from '../console/context.js';
import { draftStore } from '../console/draft-store.js';
import { useConflictNotice } from '../console/use-conflict-notice.js';
import { useStrings } from '../i18n.js';

interface ProductForm {
  name: string;
  category: string;
  description: string;
  aliases: string[];
  facts: { name: string; value: string }[];
}

const toForm = (p: ProductDto): ProductForm => ({ name: p.name, category: p.category, description: p.description, aliases: p.aliases, facts: Object.entries(p.facts).map(([name, value]) => ({ name, value })) });

export function ProductEditor({ product, attributeNames, onClose, onSaved }: { product: ProductDto | null; attributeNames: string[]; onClose: () => void; onSaved: (p: ProductDto) => void }) {
  const t = useStrings();
  const { api, fail } = useConsole();
  const notifyConflict = useConflictNotice();
  const [form] = Form.useForm<ProductForm>();
  const [saving, setSaving] = useState(false);
  const [version, setVersion] = useState<number | null>(null);

  useEffect(() => {
    if (!product) return;
    form.setFieldsValue(toForm(product));
    setVersion(product.version);
  }, [product, form]);

  const save = async (v: ProductForm) => {
    if (!product || version === null) return;
    const body: ProductBody = {
      name: v.name,
      category: v.category,
      description: v.description ?? '',
      aliases: v.aliases ?? [],
      facts: Object.fromEntries((v.facts ?? []).filter((f) => f.name?.trim()).map((f) => [f.name.trim(), (f.value ?? '').trim()])),
    };
    setSaving(true);
    try {
      const r = await saveChecked(
        () => api.productPut(product.id, body, version),
        () => api.productGet(product.id),
      );
      setVersion(r.item.version);
      form.setFieldsValue(toForm(r.item));
      if (r.kind === 'conflict') notifyConflict(r.item);
      else void draftStore.refresh();
      onSaved(r.item);
      if (r.kind === 'saved') onClose();
    } catch (e) {
      fail(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={product !== null}
      onClose={onClose}
      size={640}
      forceRender
      title={product ? t.cat.editorTitle(product.id) : ''}
      extra={
        <Space>
          <Button onClick={onClose}>{t.cm.cancel}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="product-save">
            {t.cm.save}
          </Button>
        </Space>
      }
    >
      <Form<ProductForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void save(v)} data-testid="product-editor">
        <Form.Item name="name" label={t.cat.fieldName} rules={[{ required: true, whitespace: true, message: t.cm.required }]}>
          <Input maxLength={200} data-testid="product-name" />
        </Form.Item>
        <Form.Item name="category" label={t.cat.fieldCategory} rules={[{ required: true, whitespace: true, message: t.cm.required }]}>
          <Input maxLength={100} data-testid="product-category" />
        </Form.Item>
        <Form.Item name="description" label={t.cat.fieldDescription}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} data-testid="product-description" />
        </Form.Item>
        <Form.Item name="aliases" label={t.cat.fieldAliases}>
          <Select mode="tags" open={false} suffixIcon={null} data-testid="product-aliases" />
        </Form.Item>
        <Form.Item label={t.cat.fieldFacts}>
          <Form.List name="facts">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" className="fact-row">
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t.cm.required }]}>
                      <AutoComplete placeholder={t.cat.factName} options={attributeNames.map((n) => ({ value: n }))} className="fact-name" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'value']}>
                      <Input placeholder={t.cat.factValue} maxLength={2000} className="fact-value" />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      {t.cm.delete}
                    </Button>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ name: '', value: '' })} block>
                  {t.cat.addFact}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
