// Test helper: the smallest valid shop bundle as YAML text, written to a fresh temporary folder
// with whatever files a test adds or replaces.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const SHOP_YAML = `id: t1
name: 测试店
language: zh-CN
greeting: 您好
fallback: 没明白
`;
export const FAQ_YAML = `- id: ship
  question: 多久发货
  similar: [几天发货]
  answer: 48小时内
`;
export const CATALOG_YAML = `- id: tee
  name: 纯棉T恤
  category: 上衣
  price: 69
  attributes:
    material: 100%棉
  variants:
    - { sku: TEE-M, options: { size: M }, stock: 3 }
`;

/** Writes shop.yaml, faq.yaml and catalog/a.yaml, overridden or added to by `files`; returns the folder. */
export async function writeBundle(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xiaoer-bundle-'));
  for (const [name, text] of Object.entries({ 'shop.yaml': SHOP_YAML, 'faq.yaml': FAQ_YAML, 'catalog/a.yaml': CATALOG_YAML, ...files })) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}
