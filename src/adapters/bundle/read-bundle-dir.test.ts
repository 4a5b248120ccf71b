import { mkdtemp, mkdir, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundleDir } from './read-bundle-dir.js';

const SHOP = `id: t1
name: 测试店
language: zh-CN
greeting: 您好
fallback: 没明白
`;
const FAQ = `- id: ship
  question: 多久发货
  similar: [几天发货]
  answer: 48小时内
`;
const CATALOG = `- id: tee
  name: 纯棉T恤
  category: 上衣
  price: 69
  attributes:
    material: 100%棉
  variants:
    - { sku: TEE-M, options: { size: M }, stock: 3 }
`;

async function bundle(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xiaoer-bundle-'));
  await mkdir(join(dir, 'catalog'));
  for (const [name, text] of Object.entries({ 'shop.yaml': SHOP, 'faq.yaml': FAQ, 'catalog/a.yaml': CATALOG, ...files })) await writeFile(join(dir, name), text);
  return dir;
}

describe('readBundleDir', () => {
  it('reads a valid bundle into domain types with prices in minor units', async () => {
    const r = await readBundleDir(await bundle({}));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.bundle.shop.id).toBe('t1');
    expect(r.bundle.products[0]?.variants[0]).toEqual({ sku: 'TEE-M', options: { size: 'M' }, priceMinor: 6900, stock: 3 });
  });

  it('reports a wrong type at its file and line', async () => {
    const r = await readBundleDir(await bundle({ 'catalog/a.yaml': CATALOG.replace('stock: 3', 'stock: -2') }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(['catalog/a.yaml:8: 0.variants.0.stock: expected a whole number ≥ 0']);
  });

  it('reports a missing field at the line of its parent', async () => {
    const r = await readBundleDir(await bundle({ 'faq.yaml': FAQ.replace('  answer: 48小时内\n', '') }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^faq\.yaml:1: 0\.answer: /);
  });

  it('reports a SKU used twice across files with both places', async () => {
    const r = await readBundleDir(await bundle({ 'catalog/b.yaml': CATALOG.replace('id: tee', 'id: tee2') }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(['catalog/b.yaml:8: 0.variants.0.sku: SKU "TEE-M" is already used in catalog/a.yaml (tee)']);
  });

  it('reports YAML syntax errors and unknown keys with lines', async () => {
    const broken = await readBundleDir(await bundle({ 'shop.yaml': SHOP + 'greeting: again\n' }));
    expect(!broken.ok && broken.errors[0]).toMatch(/^shop\.yaml:6: /);
    const unknown = await readBundleDir(await bundle({ 'shop.yaml': SHOP + 'colour: red\n' }));
    expect(!unknown.ok && unknown.errors[0]).toMatch(/^shop\.yaml:1: .*colour/);
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
});
