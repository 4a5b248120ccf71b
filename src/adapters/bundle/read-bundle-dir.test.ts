import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_YAML, FAQ_YAML, SHOP_YAML, writeBundle } from '../../testing/bundle-files.js';
import { readBundleDir } from './read-bundle-dir.js';

describe('readBundleDir', () => {
  it('reads a valid bundle into domain types with prices in minor units', async () => {
    const r = await readBundleDir(await writeBundle({}));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.bundle.shop.id).toBe('t1');
    expect(r.bundle.products[0]?.variants[0]).toEqual({ sku: 'TEE-M', options: { size: 'M' }, priceMinor: 6900, stock: 3 });
  });

  it('reports a wrong type at its file and line', async () => {
    const r = await readBundleDir(await writeBundle({ 'catalog/a.yaml': CATALOG_YAML.replace('stock: 3', 'stock: -2') }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(['catalog/a.yaml:8: 0.variants.0.stock: expected a whole number ≥ 0']);
  });

  it('reports a missing field at the line of its parent', async () => {
    const r = await readBundleDir(await writeBundle({ 'faq.yaml': FAQ_YAML.replace('  answer: 48小时内\n', '') }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^faq\.yaml:1: 0\.answer: /);
  });

  it('reports a SKU used twice across files with both places', async () => {
    const r = await readBundleDir(await writeBundle({ 'catalog/b.yaml': CATALOG_YAML.replace('id: tee', 'id: tee2') }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(['catalog/b.yaml:8: 0.variants.0.sku: SKU "TEE-M" is already used in catalog/a.yaml (tee)']);
  });

  it('reports YAML syntax errors and unknown keys with lines', async () => {
    const broken = await readBundleDir(await writeBundle({ 'shop.yaml': SHOP_YAML + 'greeting: again\n' }));
    expect(!broken.ok && broken.errors[0]).toMatch(/^shop\.yaml:6: /);
    const unknown = await readBundleDir(await writeBundle({ 'shop.yaml': SHOP_YAML + 'colour: red\n' }));
    expect(!unknown.ok && unknown.errors[0]).toMatch(/^shop\.yaml:1: .*colour/);
  });

  it('reads allowed_origins normalised, and refuses paths, wildcards and other schemes at their lines', async () => {
    const ok = await readBundleDir(await writeBundle({ 'shop.yaml': SHOP_YAML + 'allowed_origins: [https://Shop.Example.com, "http://127.0.0.1:8080", "https://shop.example.com:443"]\n' }));
    if (!ok.ok) throw new Error(ok.errors.join('\n'));
    expect(ok.bundle.shop.allowed_origins).toEqual(['https://shop.example.com', 'http://127.0.0.1:8080']);
    const none = await readBundleDir(await writeBundle({}));
    expect(none.ok && none.bundle.shop.allowed_origins).toBeUndefined();
    const bad = await readBundleDir(
      await writeBundle({ 'shop.yaml': SHOP_YAML + 'allowed_origins:\n  - https://shop.example.com/embed\n  - https://*.example.com\n  - ftp://shop.example.com\n  - "https://a.example.com; script-src *"\n  - https://user@shop.example.com\n  - https://shop.example.com/\n' }),
    );
    expect(bad.ok ? [] : bad.errors.map((e) => e.replace(/: expected an origin.*/, ''))).toEqual([
      'shop.yaml:7: allowed_origins.0',
      'shop.yaml:8: allowed_origins.1',
      'shop.yaml:9: allowed_origins.2',
      'shop.yaml:10: allowed_origins.3',
      'shop.yaml:11: allowed_origins.4',
      'shop.yaml:12: allowed_origins.5',
    ]);
  });

  it('reads the demo shop without a problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xiaoer-demo-'));
    await cp(new URL('../../../shops/demo-zh', import.meta.url), dir, { recursive: true });
    const r = await readBundleDir(dir);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.bundle.products.length).toBeGreaterThanOrEqual(60);
    expect(r.bundle.faq.length).toBeGreaterThanOrEqual(80);
    expect(r.bundle.faq.every((f) => f.similar.length >= 3)).toBe(true);
  });

  describe('intents.yaml', () => {
    const INTENTS = `intents:
  - id: greeting
    label: { zh: 问候 }
    examples: [在吗, 你好, 有人吗]
  - id: shipping
    label: { en: Shipping }
    examples:
      - 多久发货
      - 什么时候发
      - 几天到
entities:
  - type: audience
    values:
      - value: 孕妇
        synonyms: [孕妈, 怀孕]
`;
    it('is optional, and read into intents and custom entities when present', async () => {
      const without = await readBundleDir(await writeBundle({}));
      expect(without.ok && without.bundle.intents).toBeFalsy();
      const r = await readBundleDir(await writeBundle({ 'intents.yaml': INTENTS }));
      if (!r.ok) throw new Error(r.errors.join('\n'));
      expect(r.bundle.intents?.map((i) => [i.id, i.examples.length])).toEqual([['greeting', 3], ['shipping', 3]]);
      expect(r.bundle.entities).toEqual([{ type: 'audience', values: [{ value: '孕妇', synonyms: ['孕妈', '怀孕'] }] }]);
    });

    it('rejects an intent with fewer than 3 examples, with its line', async () => {
      const r = await readBundleDir(await writeBundle({ 'intents.yaml': INTENTS.replace('examples: [在吗, 你好, 有人吗]', 'examples: [在吗, 你好]') }));
      expect(r.ok ? [] : r.errors).toEqual(['intents.yaml:4: intents.0.examples: give at least 3 examples']);
    });

    it('rejects a duplicate id and an example taught to two intents, each with its line', async () => {
      const bad = `intents:
  - id: greeting
    label: { zh: 问候 }
    examples: [在吗, 你好, 有人吗]
  - id: shipping
    label: { zh: 发货 }
    examples:
      - 多久发货
      - 在吗？
      - 几天到
  - id: shipping
    label: { zh: 又一个 }
    examples: [多久发货呀, 几天能到呀, 发货快吗]
`;
      const r = await readBundleDir(await writeBundle({ 'intents.yaml': bad }));
      expect(r.ok ? [] : r.errors).toEqual([
        'intents.yaml:9: intents.1.examples.1: "在吗？" is also an example of intent "greeting"; an example must teach one intent',
        'intents.yaml:11: intents.2.id: intent id "shipping" is already used by intents.1',
      ]);
    });

    it('rejects the reserved out_of_scope id, a built-in entity type and an invalid order pattern', async () => {
      const reserved = await readBundleDir(await writeBundle({ 'intents.yaml': INTENTS.replace('id: greeting', 'id: out_of_scope') }));
      expect(reserved.ok ? [] : reserved.errors).toEqual(['intents.yaml:2: intents.0.id: out_of_scope is reserved for messages that match no intent']);
      const builtin = await readBundleDir(await writeBundle({ 'intents.yaml': INTENTS.replace('type: audience', 'type: phone') }));
      expect(builtin.ok ? [] : builtin.errors).toEqual(['intents.yaml:12: entities.0.type: "phone" is a built-in entity type']);
      const pattern = await readBundleDir(await writeBundle({ 'shop.yaml': SHOP_YAML + "orderIdPatterns: ['(']\n" }));
      expect(pattern.ok ? [] : pattern.errors).toEqual(['shop.yaml:6: orderIdPatterns.0: not a valid regular expression']);
    });
  });
});

describe('readBundleDir with spreadsheets', () => {
  async function sheetShop(files: Record<string, string | Buffer>): Promise<string> {
    const { mkdtemp: mk, writeFile } = await import('node:fs/promises');
    const dir = await mk(join(tmpdir(), 'xiaoer-sheets-'));
    for (const [name, data] of Object.entries({ 'shop.yaml': SHOP_YAML, ...files })) await writeFile(join(dir, name), data);
    return dir;
  }
  const PRODUCTS = 'product_id,title,category,sku,spec,price,stock,保质期\nP01,修护面霜,面霜,P01-30,30ml,129,12,24个月\nP01,,,P01-50,50ml,199,0,\n';
  const FAQ = 'id,question,answer\nF01,几天发货,48小时内发货\n';

  it('reads products.csv and faq.csv with ids as written and attributes as facts', async () => {
    const r = await readBundleDir(await sheetShop({ 'products.csv': PRODUCTS, 'faq.csv': FAQ }));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.bundle.products).toEqual([
      expect.objectContaining({ id: 'P01', name: '修护面霜', priceMinor: 12900, facts: { 保质期: '24个月' }, variants: [expect.objectContaining({ sku: 'P01-30', options: { spec: '30ml' }, priceMinor: 12900 }), expect.objectContaining({ sku: 'P01-50', priceMinor: 19900, stock: 0 })] }),
    ]);
    expect(r.bundle.faq).toEqual([{ id: 'F01', question: '几天发货', similar: [], answer: '48小时内发货', tags: [] }]);
  });

  it('reports a bad cell at its row and column, and imports nothing', async () => {
    const r = await readBundleDir(await sheetShop({ 'products.csv': PRODUCTS.replace('P01-50,50ml,199,0', 'P01-50,50ml,199,很多'), 'faq.csv': FAQ }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([expect.stringMatching(/^products\.csv:3:7: 0\.variants\.1\.stock: /)]);
  });

  it('reads the same from Excel workbooks', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const book = async (csv: string) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Sheet1');
      for (const line of csv.trim().split('\n')) ws.addRow(line.split(',').map((c) => (/^\d+$/.test(c) ? Number(c) : c)));
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const r = await readBundleDir(await sheetShop({ 'products.xlsx': await book(PRODUCTS), 'faq.xlsx': await book(FAQ) }));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.bundle.products[0]).toMatchObject({ id: 'P01', priceMinor: 12900, facts: { 保质期: '24个月' } });
    expect(r.bundle.products[0]?.variants.map((v) => v.stock)).toEqual([12, 0]);
    expect(r.bundle.faq[0]?.answer).toBe('48小时内发货');
  });

  it('shows Excel cells as the shop sees them: percentages, dates, times, booleans, computed numbers', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['product_id', 'title', 'category', 'sku', 'spec', 'price', 'stock', '含量', '上市日期', '营业时间', '可退', '单价']);
    const row = ws.addRow(['P1', '面霜', '面霜', 'P1-A', '30ml', { formula: '0.1+0.2+79.7', result: 80.00000000000001 }, 3, 0.32, new Date(Date.UTC(2026, 2, 1)), new Date(Date.UTC(1899, 11, 30, 9, 30)), true, 80.10000000000001]);
    row.getCell(8).numFmt = '0%';
    const dir = await sheetShop({ 'products.xlsx': Buffer.from(await wb.xlsx.writeBuffer()), 'faq.csv': FAQ });
    const r = await readBundleDir(dir);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.bundle.products[0]).toMatchObject({ priceMinor: 8000, facts: { 含量: '32%', 上市日期: '2026-03-01', 营业时间: '09:30', 可退: 'TRUE', 单价: '80.1' } });
  });

  it('refuses a CSV file that is not UTF-8 (Excel on Chinese Windows saves GBK) with a hint', async () => {
    const gbk = Buffer.from([...Buffer.from('product_id,title,category,sku,spec,price,stock\nP1,'), 0xc3, 0xe6, 0xcb, 0xaa, ...Buffer.from(',x,S1,,1,1\n')]);
    const r = await readBundleDir(await sheetShop({ 'products.csv': gbk, 'faq.csv': FAQ }));
    expect(r).toEqual({ ok: false, errors: ['products.csv:1:1: not UTF-8 text (Excel\'s "CSV UTF-8" format, or save it as .xlsx)'] });
  });
});
