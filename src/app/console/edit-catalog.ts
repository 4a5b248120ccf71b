// The catalog in the draft: products with their SKUs, searched and paged; a product's words and
// facts, a SKU's price and stock edited (guarded by the product's version); the attribute
// declarations of shop.yaml as a table; import and export as products.csv.
import type { AttributeDeclaration, Product } from '../../core/catalog/types.js';
import { toProduct } from '../shops/assemble-bundle.js';
import { catalogFileSchema } from '../shops/bundle-schema.js';
import { csvCell } from '../../core/text/csv-cell.js';
import { XiaoerError } from '../errors.js';
import type { DraftItem } from '../ports.js';
import { audit, ensureDraft, written, type Actor, type ConsoleDeps } from './console-deps.js';
import { productWrite } from './draft-items.js';
import { checkRows, previewAndSave, rowNumber, type ImportPreview, type Locate } from './import-rows.js';
import { getSettings, putSettings, type SettingsView } from './edit-settings.js';
import { liveHashes, statusOf, type HashMap } from './release-items.js';

type Deps = Pick<ConsoleDeps, 'store' | 'clock'>;

/** A product as the console shows it. */
export type ProductView = Pick<Product, 'id' | 'name' | 'category' | 'aliases' | 'priceMinor' | 'description' | 'variants'> & {
  facts: Record<string, string>;
  status: 'added' | 'changed' | 'unchanged';
  version: number;
  updatedAt: string;
  updatedBy: string | null;
};

function view(item: DraftItem, release: HashMap | undefined): ProductView {
  const p = JSON.parse(item.body) as Product;
  return { id: p.id, name: p.name, category: p.category, aliases: p.aliases, priceMinor: p.priceMinor, description: p.description, variants: p.variants, facts: p.facts ?? {}, status: statusOf(item, release), version: item.version, updatedAt: item.updatedAt, updatedBy: item.updatedBy };
}

async function productItem(deps: Deps, shopId: string, id: string): Promise<DraftItem> {
  await ensureDraft(deps, shopId);
  const item = await deps.store.drafts.get(shopId, 'product', id);
  if (!item) throw new XiaoerError('XIAOER_PRODUCT_NOT_FOUND', `no product ${id} in the draft of ${shopId}`);
  return item;
}

/** A page of products matching `q` (id, name, aliases, category, SKU). */
export async function listProducts(deps: Deps, shopId: string, query: { q?: string; offset: number; limit: number }): Promise<{ total: number; items: ProductView[] }> {
  await ensureDraft(deps, shopId);
  const [page, release] = await Promise.all([deps.store.drafts.list(shopId, 'product', query), liveHashes(deps, shopId)]);
  return { total: page.total, items: page.items.map((i) => view(i, release)) };
}

export async function getProduct(deps: Deps, shopId: string, id: string): Promise<ProductView> {
  return view(await productItem(deps, shopId, id), await liveHashes(deps, shopId));
}

async function save(deps: Deps, shopId: string, actor: Actor, product: Product, expected: number | undefined, action: string, summary: string): Promise<ProductView> {
  const [result] = await deps.store.drafts.put(shopId, [{ item: productWrite(product), ...(expected !== undefined ? { expected } : {}) }], deps.clock.now(), actor.username);
  const item = written(result, `product ${product.id}`);
  await audit(deps, shopId, actor, action, `products/${product.id}`, summary);
  return view(item, await liveHashes(deps, shopId));
}

/** Changes a product's name, category, description, aliases and facts (its SKUs stay). */
export async function putProduct(deps: Deps, shopId: string, actor: Actor, id: string, change: { name: string; category: string; description: string; aliases: string[]; facts: Record<string, string> }, expected: number | undefined): Promise<ProductView> {
  const before = JSON.parse((await productItem(deps, shopId, id)).body) as Product;
  const facts = Object.fromEntries(Object.entries(change.facts).filter(([, v]) => v !== ''));
  const { facts: _old, ...rest } = before;
  const product: Product = { ...rest, name: change.name, category: change.category, description: change.description.replace(/[。.]\s*$/, ''), aliases: change.aliases, ...(Object.keys(facts).length ? { facts } : {}) };
  return save(deps, shopId, actor, product, expected, 'product.put', `changed: ${product.name}`);
}

/** Sets a SKU's price (minor units) and/or stock; the product's list price follows when it was its lowest SKU price. */
export async function patchVariant(deps: Deps, shopId: string, actor: Actor, id: string, sku: string, change: { priceMinor?: number; stock?: number }, expected: number | undefined): Promise<ProductView> {
  const before = JSON.parse((await productItem(deps, shopId, id)).body) as Product;
  const v = before.variants.find((x) => x.sku === sku);
  if (!v) throw new XiaoerError('XIAOER_SKU_NOT_FOUND', `product ${id} has no SKU ${sku}`);
  const variants = before.variants.map((x) => (x.sku === sku ? { ...x, ...(change.priceMinor !== undefined ? { priceMinor: change.priceMinor } : {}), ...(change.stock !== undefined ? { stock: change.stock, countless: undefined } : {}) } : x)).map(({ countless, ...x }) => (countless ? { ...x, countless } : x));
  const lowest = (list: Product['variants']) => Math.min(...list.map((x) => x.priceMinor));
  const priceMinor = before.priceMinor === lowest(before.variants) ? lowest(variants) : before.priceMinor;
  const parts = [change.priceMinor !== undefined ? `price ${(v.priceMinor / 100).toFixed(2)} → ${(change.priceMinor / 100).toFixed(2)}` : '', change.stock !== undefined ? `stock ${v.stock} → ${change.stock}` : ''].filter(Boolean);
  return save(deps, shopId, actor, { ...before, variants, priceMinor }, expected, 'variant.patch', `${sku}: ${parts.join(', ')}`);
}

/** The declared attributes (shop.yaml `attributes`) with the settings' version. */
export async function getAttributes(deps: Deps, shopId: string): Promise<{ attributes: AttributeDeclaration[] } & Pick<SettingsView, 'version' | 'updatedAt' | 'updatedBy'>> {
  const s = await getSettings(deps, shopId);
  return { attributes: s.settings.attributes ?? [], version: s.version, updatedAt: s.updatedAt, updatedBy: s.updatedBy };
}

/** Replaces the declared attributes in shop.yaml (checked as an import checks them). */
export async function putAttributes(deps: Deps, shopId: string, actor: Actor, attributes: Record<string, unknown>[], expected: number | undefined) {
  // Only the keys a declaration's kind takes: the schema refuses a unit on a scale, levels on text.
  const file = attributes.map((a) => Object.fromEntries(Object.entries(a).filter(([k, v]) => v !== undefined && (k !== 'levels' || a['kind'] === 'scale') && (k !== 'unit' || a['kind'] === 'number') && (k !== 'separator' || a['kind'] === 'list'))));
  const s = await putSettings(deps, shopId, actor, { attributes: file }, expected);
  return { attributes: s.settings.attributes ?? [], version: s.version, updatedAt: s.updatedAt, updatedBy: s.updatedBy };
}

/** Every SKU of the draft as products.csv (one row per SKU; the product's facts as columns). */
export async function exportProductsCsv(deps: Deps, shopId: string): Promise<string> {
  await ensureDraft(deps, shopId);
  const products = (await deps.store.drafts.bodies(shopId, 'product')).map((b) => JSON.parse(b.body) as Product);
  const factNames = [...new Set(products.flatMap((p) => Object.keys(p.facts ?? {})))];
  const head = ['product_id', 'title', 'category', 'sku', 'spec', 'price', 'stock', 'description', ...factNames];
  const rows = products.flatMap((p) =>
    p.variants.map((v) => [p.id, p.name, p.category, v.sku, Object.values(v.options).join('/'), (v.priceMinor / 100).toFixed(2), String(v.stock), p.description, ...factNames.map((f) => p.facts?.[f] ?? '')].map(csvCell).join(',')),
  );
  return [head.map(csvCell).join(','), ...rows].join('\n') + '\n';
}

/**
 * Imports rows of a products.csv / products.xlsx (records in catalog/*.yaml's shape; `locate` names
 * a record's field as "row:column"): checked whole, then saved together, or with any problem not
 * at all; a dry run only previews. A product already in the draft is replaced whole (its SKUs too).
 * The preview's `question` is the product's name and `answer` its SKUs.
 */
export async function importProducts(deps: Deps, shopId: string, actor: Actor, file: string, records: unknown[], locate: Locate, dryRun: boolean): Promise<ImportPreview> {
  await ensureDraft(deps, shopId);
  const checked = checkRows(catalogFileSchema, records, file, locate);
  const problems = checked.problems;
  const products = checked.items.map(toProduct);
  const ids = new Map<string, number>();
  const skus = new Map<string, string>();
  products.forEach((p, i) => {
    const first = ids.get(p.id.toLowerCase());
    if (first !== undefined) problems.push(`${file}:${locate([i, 'id'])}: product id "${p.id}" is also on row ${rowNumber(locate, first)} (ids are matched without regard to case)`);
    else ids.set(p.id.toLowerCase(), i);
    p.variants.forEach((v, j) => {
      const owner = skus.get(v.sku);
      if (owner !== undefined && owner !== p.id) problems.push(`${file}:${locate([i, 'variants', j, 'sku'])}: SKU "${v.sku}" is also used by product "${owner}"`);
      skus.set(v.sku, p.id);
    });
  });
  const skuLine = (p: Product) => p.variants.map((v) => `${v.sku} ¥${(v.priceMinor / 100).toFixed(2)} ×${v.stock}`).join('; ');
  return previewAndSave(deps, shopId, actor, {
    file,
    rows: records.length,
    writes: products.map(productWrite),
    problems,
    sample: (i) => ({ id: products[i]?.id ?? '', question: products[i]?.name ?? '', answer: products[i] ? skuLine(products[i]) : '' }),
    dryRun,
    action: 'product.import',
    target: `products/${file}`,
  });
}
