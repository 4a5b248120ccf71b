// A product's SKUs with their price (edited in yuan, sent in fen) and stock edited in place: a
// change is sent when the field is left or Enter is pressed, with the product's version; the
// answer is the whole product at its new version.
import { InputNumber, Table, Tag } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import type { ProductDto } from '../../../../src/contracts/admin.js';
import { fenToYuan, yuanToFen } from '../console/money.js';
import { useStrings } from '../i18n.js';

type Variant = ProductDto['variants'][number];

export function SkuTable({ product, onPatch }: { product: ProductDto; onPatch: (sku: string, patch: { priceMinor?: number; stock?: number }) => Promise<void> }) {
  const t = useStrings();
  return (
    <Table<Variant>
      size="small"
      rowKey="sku"
      pagination={false}
      dataSource={product.variants}
      className="sku-table"
      onRow={(v) => ({ 'data-testid': 'sku-row', 'data-sku': v.sku }) as HTMLAttributes<HTMLTableRowElement>}
      columns={[
        { title: t.cat.colSku, dataIndex: 'sku', width: 160 },
        {
          title: t.cat.colOptions,
          dataIndex: 'options',
          render: (o: Variant['options']) =>
            Object.entries(o).map(([k, v]) => (
              <Tag key={k}>
                {k}: {v}
              </Tag>
            )),
        },
        {
          title: t.cat.colPrice,
          key: 'price',
          width: 170,
          render: (_, v) => (
            <CellNumber
              key={`${v.sku}:${product.version}:p`}
              initial={Number(fenToYuan(v.priceMinor))}
              prefix="¥"
              precision={2}
              testId="sku-price"
              onCommit={async (yuan) => {
                const fen = yuanToFen(yuan);
                if (fen !== null && fen !== v.priceMinor) await onPatch(v.sku, { priceMinor: fen });
              }}
            />
          ),
        },
        {
          title: t.cat.colStock,
          key: 'stock',
          width: 140,
          render: (_, v) => (
            <CellNumber
              key={`${v.sku}:${product.version}:s`}
              initial={v.stock}
              precision={0}
              testId="sku-stock"
              onCommit={async (n) => {
                if (n !== v.stock) await onPatch(v.sku, { stock: n });
              }}
            />
          ),
        },
      ]}
    />
  );
}

/** A number edited in place; the row's key changes with the product's version, which resets it to the saved value. */
function CellNumber({ initial, prefix, precision, testId, onCommit }: { initial: number; prefix?: string; precision: number; testId: string; onCommit: (n: number) => Promise<void> }) {
  const [value, setValue] = useState<number | null>(initial);
  const [busy, setBusy] = useState(false);
  const commit = async () => {
    if (value === null || value === initial || busy) {
      if (value === null) setValue(initial);
      return;
    }
    setBusy(true);
    try {
      await onCommit(value);
    } finally {
      setBusy(false);
    }
  };
  return (
    <InputNumber
      size="small"
      min={0}
      precision={precision}
      prefix={prefix}
      value={value}
      disabled={busy}
      onChange={(v) => setValue(typeof v === 'number' ? v : null)}
      onBlur={() => void commit()}
      onPressEnter={() => void commit()}
      className="cell-number"
      data-testid={testId}
    />
  );
}
