// recommend_products: picks up to three products from the release's catalog for what the
// shopper said (category words, audience, skin, size, budget), each with the reason its data
// gives. Prices and stock come from the catalog, never from the flow's text.
import { formatPriceRange } from '../catalog/money.js';
import type { CustomEntityDefinition, Product } from '../catalog/types.js';
import type { ToolOutput } from './tools.js';

const LOW_STOCK = 10;
const SHOWN = 3;

function bigrams(s: string): string[] {
  const chars = [...s.replace(/\s+/g, '')];
  if (chars.length < 2) return chars.length ? [chars.join('')] : [];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

const HAYSTACK = new WeakMap<Product, string>();

/** Name, category and aliases of a product, lower-cased once per product. */
function haystack(p: Product): string {
  let h = HAYSTACK.get(p);
  if (h === undefined) {
    h = [p.name, p.category, ...p.aliases].join(' ').toLowerCase();
    HAYSTACK.set(p, h);
  }
  return h;
}

/** The query's words and their bigrams, prepared once per call. */
function prepareQuery(query: string): { word: string; grams: string[] }[] {
  return query
    .toLowerCase()
    .split(/[\s/、,，]+/)
    .filter(Boolean)
    .map((word) => ({ word, grams: bigrams(word) }));
}

/** How much of the query the product's name, aliases and category cover (0..1). */
function queryMatch(p: Product, words: { word: string; grams: string[] }[]): number {
  const hay = haystack(p);
  let best = 0;
  for (const { word, grams } of words) {
    if (hay.includes(word)) return 1;
    if (grams.length) best = Math.max(best, grams.filter((g) => hay.includes(g)).length / grams.length);
  }
  return best;
}

/** Parses a budget as flows render it: "100-200", "≤200", "≥100" or a number (an upper bound). */
function budgetMax(text: string): number | undefined {
  const t = text.trim();
  const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(t);
  if (range) return Number(range[2]);
  const upTo = /^≤?(\d+(?:\.\d+)?)$/.exec(t);
  return upTo ? Number(upTo[1]) : undefined;
}

/** Why a product is recommended, from its own data only: "适合敏感肌，GB 31701 A类（婴幼儿），L码有货". */
function reasonOf(p: Product, fits: { skin?: string; size?: string; budget: boolean }, language: 'zh-CN' | 'en'): string {
  const en = language === 'en';
  const parts = [
    fits.skin ? (en ? `suits ${fits.skin}` : `适合${fits.skin}`) : '',
    p.attributes.standard ?? '',
    fits.size ? (en ? `size ${fits.size} in stock` : `${fits.size}码有货`) : '',
    fits.budget ? (en ? 'within budget' : '预算内') : '',
  ].filter(Boolean);
  return parts.slice(0, 3).join(en ? ', ' : '，');
}

/** Recommends from the catalog; `entities` lets an audience match its synonyms (产妇 ~ 产后). */
export function recommendProducts(products: readonly Product[], args: Record<string, string>, entities: readonly CustomEntityDefinition[], language: 'zh-CN' | 'en' = 'zh-CN'): ToolOutput {
  const query = (args['query'] || args['category'] || '').trim();
  const audience = (args['audience'] ?? '').trim();
  const skin = (args['skin'] ?? '').trim();
  const size = (args['size'] ?? '').trim();
  const max = budgetMax(args['budget'] ?? '');
  // "女士/成人": any of the words; a custom entity value also stands for its synonyms (产妇 ~ 产后).
  const audienceWords = audience
    .split(/[/、]/)
    .map((w) => w.trim())
    .filter(Boolean)
    .flatMap((w) => [w, ...(entities.flatMap((e) => e.values).find((v) => v.value === w)?.synonyms ?? [])]);

  const words = prepareQuery(query);
  const scored: { p: Product; score: number; stock: number; reason: string }[] = [];
  for (const p of products) {
    let score = 0;
    if (query) {
      const m = queryMatch(p, words);
      if (m < 0.5) continue;
      score += 3 * m;
    }
    const suits = [...(p.attributes.suitable_for ?? []), p.name, p.category].join(' ');
    // Who it is for is a must: children's pyjamas are no answer for "给老公买".
    if (audienceWords.length) {
      if (!audienceWords.some((w) => suits.includes(w))) continue;
      score += 2;
    }
    const suitsSkin = skin !== '' && (suits.includes(skin) || (p.attributes.features ?? []).some((f) => f.includes(skin)));
    if (suitsSkin) score += 1.5;
    const inBudget = p.variants.filter((v) => max === undefined || v.priceMinor <= max * 100);
    if (inBudget.length === 0) continue;
    const sized = size ? inBudget.filter((v) => v.options['size'] === size) : inBudget;
    if (size && sized.length > 0) score += 1;
    const stock = (sized.length ? sized : inBudget).reduce((n, v) => n + v.stock, 0);
    if (stock === 0) continue;
    scored.push({ p, score, stock, reason: reasonOf(p, { ...(suitsSkin ? { skin } : {}), ...(size && sized.length ? { size } : {}), budget: max !== undefined }, language) });
  }
  scored.sort((a, b) => b.score - a.score || b.stock - a.stock || a.p.id.localeCompare(b.p.id));
  const top = scored.slice(0, SHOWN);
  const first = top[0];
  const price = (p: Product) => formatPriceRange(p.variants.map((v) => v.priceMinor));
  const list = top.map((t, i) => `${i + 1}. ${t.p.name} ${price(t.p)}${t.reason ? (language === 'en' ? ` (${t.reason})` : `（${t.reason}）`) : ''}`).join('\n');
  return {
    ok: top.length > 0,
    ...(top.length ? {} : { error: 'no_match' }),
    count: top.length,
    list_text: list,
    ids: top.map((t) => t.p.id),
    top_id: first?.p.id ?? null,
    top_name: first?.p.name ?? null,
    top_price: first ? price(first.p) : null,
    top_stock: first?.stock ?? null,
    top_low_stock: first ? first.stock <= LOW_STOCK : false,
    top_material: first?.p.attributes.material ?? null,
    top_features: first ? (first.p.attributes.features ?? []).slice(0, 3).join('、') : null,
    top_reason: first?.reason || null,
  };
}
