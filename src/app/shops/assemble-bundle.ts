// Turns the parsed files of a bundle into domain types, validating each file with its zod schema
// and checking what spans files (unique product ids, SKUs and FAQ ids).
import type { z } from 'zod';
import type { CustomEntityDefinition, FaqEntry, IntentDefinition, Product, ShopBundle } from '../../core/catalog/types.js';
import { BUILTIN_ENTITY_TYPES } from '../../core/understanding/entity-types.js';
import { normalizeText } from '../../core/understanding/normalize.js';
import { catalogFileSchema, faqFileSchema, intentsFileSchema, shopFileSchema, toMinor, type CatalogFile } from './bundle-schema.js';

/** A parsed file: its name relative to the bundle folder and its YAML content as plain data. */
export interface ParsedFile {
  file: string;
  data: unknown;
}

/** The files of a bundle, parsed but not yet validated. */
export interface BundleFiles {
  shop: ParsedFile;
  catalog: ParsedFile[];
  faq: ParsedFile;
  /** intents.yaml, when the bundle has one. */
  intents?: ParsedFile;
}

/** One problem, located by file and path inside it; the reader turns the path into a line. */
export interface BundleProblem {
  file: string;
  path: (string | number)[];
  message: string;
}

/** Either a valid bundle or every problem found. */
export type AssembleResult = { ok: true; bundle: ShopBundle } | { ok: false; problems: BundleProblem[] };

function check<T>(schema: z.ZodType<T>, f: ParsedFile, problems: BundleProblem[]): T | undefined {
  const r = schema.safeParse(f.data);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = path.length ? `${path.join('.')}: ` : '';
    problems.push({ file: f.file, path, message: `${where}${issue.message}` });
  }
  return undefined;
}

function toProduct(p: CatalogFile[number]): Product {
  // Drop absent keys so stored JSON and the release hash do not depend on undefined fields.
  const attrs: Product['attributes'] = { material: p.attributes.material };
  for (const [k, v] of Object.entries(p.attributes)) if (v !== undefined) Object.assign(attrs, { [k]: v });
  return {
    id: p.id,
    name: p.name,
    aliases: p.aliases,
    category: p.category,
    priceMinor: toMinor(p.price),
    description: p.description.replace(/[。.]\s*$/, ''),
    attributes: attrs,
    sizeChart: p.size_chart,
    variants: p.variants.map((v) => ({ sku: v.sku, options: v.options, priceMinor: toMinor(v.price ?? p.price), stock: v.stock })),
  };
}

/** Validates and assembles a bundle; products and FAQ keep file order, files sorted by name. */
export function assembleBundle(files: BundleFiles): AssembleResult {
  const problems: BundleProblem[] = [];
  const shop = check(shopFileSchema, files.shop, problems);
  const products: Product[] = [];
  const productAt = new Map<string, string>();
  const skuAt = new Map<string, string>();
  for (const f of [...files.catalog].sort((a, b) => a.file.localeCompare(b.file))) {
    const list = check(catalogFileSchema, f, problems);
    list?.forEach((p, i) => {
      const prev = productAt.get(p.id);
      if (prev) problems.push({ file: f.file, path: [i, 'id'], message: `${i}.id: product id "${p.id}" is already used in ${prev}` });
      else productAt.set(p.id, f.file);
      p.variants.forEach((v, j) => {
        const prevSku = skuAt.get(v.sku);
        if (prevSku) problems.push({ file: f.file, path: [i, 'variants', j, 'sku'], message: `${i}.variants.${j}.sku: SKU "${v.sku}" is already used in ${prevSku}` });
        else skuAt.set(v.sku, `${f.file} (${p.id})`);
      });
      products.push(toProduct(p));
    });
  }
  if (files.catalog.length === 0) problems.push({ file: 'catalog/', path: [], message: 'no catalog/*.yaml file found' });
  const faqList = check(faqFileSchema, files.faq, problems);
  const faq: FaqEntry[] = [];
  const faqIds = new Set<string>();
  faqList?.forEach((e, i) => {
    if (faqIds.has(e.id)) problems.push({ file: files.faq.file, path: [i, 'id'], message: `${i}.id: FAQ id "${e.id}" is used twice` });
    faqIds.add(e.id);
    faq.push(e);
  });
  const understanding = files.intents ? checkIntents(files.intents, problems) : undefined;
  if (problems.length > 0 || !shop) return { ok: false, problems };
  return { ok: true, bundle: { shop, products, faq, ...(understanding ?? {}) } };
}

/**
 * intents.yaml: ids unique, and no example taught to two intents (compared without case, width,
 * punctuation and emoji, so "在吗？" and "在吗" are the same example).
 */
function checkIntents(f: ParsedFile, problems: BundleProblem[]): { intents: IntentDefinition[]; entities: CustomEntityDefinition[] } | undefined {
  const parsed = check(intentsFileSchema, f, problems);
  if (!parsed) return undefined;
  const ids = new Map<string, number>();
  const examples = new Map<string, { intent: string }>();
  parsed.intents.forEach((intent, i) => {
    const prev = ids.get(intent.id);
    if (prev !== undefined) problems.push({ file: f.file, path: ['intents', i, 'id'], message: `intents.${i}.id: intent id "${intent.id}" is already used by intents.${prev}` });
    else ids.set(intent.id, i);
    intent.examples.forEach((ex, j) => {
      const key = normalizeText(ex).replace(/[\p{P}\p{S}\s]+/gu, '') || normalizeText(ex);
      const seen = examples.get(key);
      if (!seen) examples.set(key, { intent: intent.id });
      else if (seen.intent === intent.id) problems.push({ file: f.file, path: ['intents', i, 'examples', j], message: `intents.${i}.examples.${j}: "${ex}" is listed twice` });
      else problems.push({ file: f.file, path: ['intents', i, 'examples', j], message: `intents.${i}.examples.${j}: "${ex}" is also an example of intent "${seen.intent}"; an example must teach one intent` });
    });
  });
  const types = new Set<string>();
  parsed.entities.forEach((e, i) => {
    if (BUILTIN_ENTITY_TYPES.includes(e.type)) problems.push({ file: f.file, path: ['entities', i, 'type'], message: `entities.${i}.type: "${e.type}" is a built-in entity type` });
    else if (types.has(e.type)) problems.push({ file: f.file, path: ['entities', i, 'type'], message: `entities.${i}.type: entity type "${e.type}" is defined twice` });
    types.add(e.type);
    const words = new Map<string, string>();
    e.values.forEach((v, j) => {
      [v.value, ...v.synonyms].forEach((w, k) => {
        const key = normalizeText(w);
        const owner = words.get(key);
        if (owner !== undefined && owner !== v.value) {
          problems.push({ file: f.file, path: ['entities', i, 'values', j, ...(k === 0 ? ['value'] : ['synonyms', k - 1])], message: `entities.${i}.values.${j}: "${w}" already stands for "${owner}"` });
        }
        words.set(key, v.value);
      });
    });
  });
  return {
    intents: parsed.intents.map((x) => ({ id: x.id, label: x.label, ...(x.description ? { description: x.description } : {}), examples: x.examples })),
    entities: parsed.entities,
  };
}
