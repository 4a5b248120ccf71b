// Answers to product questions, built only from catalog fields: every price, stock count and
// attribute in the text comes from the release's data, and the fields used are reported.
import type { Product, Variant } from '../catalog/types.js';
import { formatMoney, formatPriceRange } from '../catalog/money.js';
import { audienceLabels, type Aspect } from './aspects.js';
import type { AttributeDeclarations } from './attribute-kinds.js';
import { answerFact } from './fact-answer.js';
import { optionsKey } from './options-key.js';

/** A product answer and the catalog fields that produced it. */
export interface ProductAnswer {
  text: string;
  fields: string[];
  skus: string[];
}

type Lang = 'zh-CN' | 'en';

const SIZE_TOKEN = /(?<![a-z0-9.])(xxxl|xxl|xl|xs|[2-5]xl|s|m|l)(?![a-z])|(\d{2,3})\s*(?:码|号)/g;

function isAscii(s: string): boolean {
  return /^[\x20-\x7e]+$/.test(s);
}

type OptionForm = { name: string; value: string; norm: string };
const optionFormsOf = new WeakMap<Product, readonly (OptionForm & { pattern: RegExp | undefined })[]>();

/** The forms a product's option values are named by, longest first (computed once per product: a big catalog's turn asks often). */
function optionForms(product: Product): readonly (OptionForm & { pattern: RegExp | undefined })[] {
  const cached = optionFormsOf.get(product);
  if (cached) return cached;
  const values: OptionForm[] = [];
  for (const v of product.variants) {
    for (const [name, value] of Object.entries(v.options)) {
      if (!values.some((x) => x.name === name && x.value === value)) values.push({ name, value, norm: value.normalize('NFKC').toLowerCase() });
    }
  }
  // "2.0m" names the option "2.0m床": a value with a measured prefix also matches by the prefix.
  for (const v of [...values]) {
    const prefix = v.norm.replace(/[\u4e00-\u9fff]+$/u, '');
    if (prefix !== v.norm && prefix.length >= 3 && /\d/.test(prefix)) {
      values.push({ ...v, norm: prefix });
      // "1.8的云白" names 1.8m床 too: the number without its unit, when it has a decimal point.
      const bare = prefix.replace(/(m|米|cm)$/, '');
      if (bare !== prefix && /^\d+\.\d+$/.test(bare)) values.push({ ...v, norm: bare });
    }
  }
  // "240的奶瓶" names the 240ml option: a spec's leading number of two digits or more, alone.
  for (const v of [...values]) {
    const lead = /^(\d{2,}(?:\.\d+)?)[a-z\u4e00-\u9fff]/u.exec(v.norm)?.[1];
    if (lead && !values.some((x) => x.norm === lead)) values.push({ ...v, norm: lead });
  }
  // A spec written as several parts ("双层/14个蛋", "套餐(含GR01磨豆机)/银色") is named by any part:
  // "双层的" picks the two-tier egg cooker, "银色" every silver variant.
  for (const v of [...values]) {
    const parts = v.norm.split(/[/／,，+()（）\s]+/u).filter((x) => x !== '' && x !== v.norm);
    for (const part of parts) if ([...part].length >= 2 && !/^\d+$/.test(part)) values.push({ ...v, norm: part });
  }
  values.sort((a, b) => b.norm.length - a.norm.length || (a.norm < b.norm ? -1 : a.norm > b.norm ? 1 : 0));
  // An ASCII form (XL, 2.0m) counts only as a whole token.
  const forms = values.map((v) => ({ ...v, pattern: isAscii(v.norm) ? new RegExp(`(?<![a-z0-9.])${v.norm.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9])`) : undefined }));
  optionFormsOf.set(product, forms);
  return forms;
}

/** Option values of the product mentioned in the text, per option name (longest match wins). */
export function mentionedOptions(product: Product, normalized: string): Map<string, Set<string>> {
  const values = optionForms(product);
  let rest = normalized;
  const found = new Map<string, Set<string>>();
  let taken: string | undefined;
  for (const { name, value, norm, pattern } of values) {
    // Every value sharing a matched form counts (two variants both 银色), then the form is blanked.
    if (taken !== undefined && taken !== norm) {
      rest = rest.split(taken).join(' ');
      taken = undefined;
    }
    const hit = pattern ? pattern.test(rest) : rest.includes(norm);
    if (!hit) continue;
    taken = norm;
    found.set(name, (found.get(name) ?? new Set()).add(value));
  }
  return found;
}

/** The text with the product's option values it names blanked out ("正山小种有烟熏味没" → " 有烟熏味没"). */
export function withoutOptions(product: Product, normalized: string): string {
  let rest = normalized;
  for (const { norm, pattern } of optionForms(product)) {
    if (pattern ? pattern.test(rest) : rest.includes(norm)) rest = pattern ? rest.replace(new RegExp(pattern.source, 'g'), ' ') : rest.split(norm).join(' ');
  }
  return rest;
}

const lastCounts: { normalized: string | undefined; byKey: Map<string, number> } = { normalized: undefined, byKey: new Map() };

/**
 * `mentionedOptions(product, normalized).size`, worked out once per text for products whose
 * options are the same (a big catalog's many products with one size and colour range).
 */
export function mentionedOptionCount(product: Product, normalized: string): number {
  if (lastCounts.normalized !== normalized) {
    lastCounts.normalized = normalized;
    lastCounts.byKey = new Map();
  }
  const key = optionsKey(product);
  let count = lastCounts.byKey.get(key);
  if (count === undefined) {
    count = mentionedOptions(product, normalized).size;
    lastCounts.byKey.set(key, count);
  }
  return count;
}

/** Size-like words in the text (XL, 90码) that may or may not exist for the product. */
function requestedSizes(normalized: string): string[] {
  return [...normalized.matchAll(SIZE_TOKEN)].map((m) => (m[1] ?? m[2] ?? '').toUpperCase()).filter(Boolean);
}

function optionLabel(v: Variant): string {
  return Object.values(v.options).join('/');
}

function sizeOptionName(product: Product): string | undefined {
  const names = new Set(product.variants.flatMap((v) => Object.keys(v.options)));
  return ['size', '尺码', '尺寸', 'spec', '规格'].find((n) => names.has(n));
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

function stockWord(v: Variant, lang: Lang): string {
  if (lang === 'en') return v.stock > 0 ? (v.countless ? 'available' : `in stock (${v.stock} left)`) : 'sold out';
  return v.stock > 0 ? (v.countless ? '有货' : `有货（库存 ${v.stock} 件）`) : '已售罄';
}

/** A variant in a list of what is in stock: its options, and its count when known. */
function inStockLabel(v: Variant, lang: Lang): string {
  if (v.countless) return optionLabel(v);
  return lang === 'en' ? `${optionLabel(v)} (${v.stock})` : `${optionLabel(v)}（${v.stock}件）`;
}

function answerStock(p: Product, normalized: string, lang: Lang): ProductAnswer {
  const options = mentionedOptions(p, normalized);
  const sizeName = sizeOptionName(p);
  const asked = requestedSizes(normalized);
  const sizeValues = sizeName ? distinct(p.variants.map((v) => v.options[sizeName] ?? '')) : [];
  const missing = sizeName && !options.has(sizeName) ? asked.filter((s) => !sizeValues.some((v) => v.toUpperCase() === s)) : [];
  if (missing.length > 0) {
    const text =
      lang === 'en'
        ? `${p.name} does not come in ${missing.join('/')}. Available sizes: ${sizeValues.join(', ')}.`
        : `${p.name}没有 ${missing.join('/')} 这个尺码哦，可选尺码：${sizeValues.join('、')}。`;
    return { text, fields: ['variants[].options'], skus: [] };
  }
  const matched = p.variants.filter((v) => [...options.entries()].every(([name, vals]) => vals.has(v.options[name] ?? '')));
  if (options.size > 0) {
    const lines = matched.map((v) => `${optionLabel(v)}：${stockWord(v, lang)}`);
    const any = matched.some((v) => v.stock > 0);
    const head =
      lang === 'en' ? (any ? `Yes, ${p.name}:` : `Sorry, ${p.name} is sold out in that option:`) : any ? `有的～${p.name}：` : `抱歉，${p.name}这个规格暂时售罄了：`;
    return { text: [head, ...lines].join('\n'), fields: ['variants[].options', 'variants[].stock'], skus: matched.map((v) => v.sku) };
  }
  const inStock = p.variants.filter((v) => v.stock > 0);
  const soldOut = p.variants.filter((v) => v.stock === 0);
  const text =
    lang === 'en'
      ? inStock.length === 0
        ? `Sorry, ${p.name} is sold out in every option.`
        : `${p.name} is in stock: ${inStock.map((v) => inStockLabel(v, lang)).join(', ')}.` +
          (soldOut.length ? ` Sold out: ${soldOut.map(optionLabel).join(', ')}.` : '')
      : inStock.length === 0
        ? `抱歉，${p.name}目前全部规格都售罄了。`
        : `${p.name}目前有货～在售规格：${inStock.map((v) => inStockLabel(v, lang)).join('、')}。` +
          (soldOut.length ? `已售罄：${soldOut.map(optionLabel).join('、')}。` : '');
  return { text, fields: ['variants[].options', 'variants[].stock'], skus: p.variants.map((v) => v.sku) };
}

function answerPrice(p: Product, normalized: string, lang: Lang): ProductAnswer {
  const options = mentionedOptions(p, normalized);
  const matched = p.variants.filter((v) => [...options.entries()].every(([name, vals]) => vals.has(v.options[name] ?? '')));
  const prices = distinct(matched.map((v) => String(v.priceMinor))).map(Number);
  if (options.size > 0 && matched.length > 0 && prices.length === 1) {
    const label = distinct(matched.map(optionLabel)).length === 1 ? optionLabel(matched[0]!) : [...options.values()].flatMap((s) => [...s]).join('/');
    return {
      text: lang === 'en' ? `${p.name} (${label}) is ¥${formatMoney(prices[0]!)}.` : `${p.name}（${label}）价格是 ¥${formatMoney(prices[0]!)}。`,
      fields: ['variants[].priceMinor'],
      skus: matched.map((v) => v.sku),
    };
  }
  const all = p.variants.map((v) => v.priceMinor);
  const byOption =
    distinct(all.map(String)).length > 1
      ? p.variants.map((v) => `${optionLabel(v)} ¥${formatMoney(v.priceMinor)}`)
      : [];
  const text =
    lang === 'en'
      ? `${p.name} is ${formatPriceRange(all)}.` + (byOption.length ? ` By option: ${distinct(byOption).join(', ')}.` : '')
      : `${p.name}的价格是 ${formatPriceRange(all)}。` + (byOption.length ? `各规格：${distinct(byOption).join('、')}。` : '');
  return { text, fields: ['variants[].priceMinor'], skus: p.variants.map((v) => v.sku) };
}

function answerSuitability(p: Product, normalized: string, lang: Lang): ProductAnswer {
  const a = p.attributes;
  const suits = a.suitable_for ?? [];
  const notFor = a.not_suitable_for ?? [];
  const askedLabels = audienceLabels(normalized);
  const yes = suits.filter((s) => askedLabels.some((l) => s.includes(l) || l.includes(s)));
  const no = notFor.filter((s) => askedLabels.some((l) => s.includes(l) || l.includes(s)));
  const std = a.standard ? (lang === 'en' ? ` Standard: ${a.standard}.` : `安全标准：${a.standard}。`) : '';
  let text: string;
  if (no.length > 0) {
    text = lang === 'en' ? `${p.name} is not recommended for ${no.join(', ')}.` : `${p.name}不建议${no.join('、')}使用哦。`;
    if (suits.length) text += lang === 'en' ? ` It is made for: ${suits.join(', ')}.` : `它适合：${suits.join('、')}。`;
  } else if (yes.length > 0) {
    text =
      lang === 'en'
        ? `Yes, ${p.name} is suitable for ${yes.join(', ')}.${a.material ? ` Material: ${a.material}.` : ''}${std}`
        : `可以的～${p.name}适合${yes.join('、')}${a.material ? `，面料是${a.material}` : ''}。${std}`;
  } else {
    text =
      lang === 'en'
        ? `${p.name} is listed as suitable for: ${suits.join(', ') || 'general use'}; it is not specifically marked for that.${a.material ? ` Material: ${a.material}.` : ''}${std}`
        : `${p.name}标注的适用人群是：${suits.join('、') || '通用'}，没有专门标注适合这个情况哦。${a.material ? `面料是${a.material}。` : ''}${std}`;
  }
  return { text, fields: ['attributes.suitable_for', 'attributes.not_suitable_for', 'attributes.material', 'attributes.standard'], skus: [] };
}

function answerSize(p: Product, normalized: string, lang: Lang): ProductAnswer {
  const sizeOption = sizeOptionName(p);
  const sizes = sizeOption ? distinct(p.variants.map((v) => v.options[sizeOption] ?? '')) : [];
  if (p.sizeChart.length === 0) {
    const text =
      lang === 'en'
        ? `${p.name} comes in: ${sizes.join(', ') || 'one size'}.`
        : `${p.name}可选规格：${sizes.join('、') || '均码'}。`;
    return { text, fields: ['variants[].options'], skus: [] };
  }
  // A size the shopper named narrows the table to its row ("90码适合多高").
  const sizeName = sizeOptionName(p);
  const named = new Set([...(sizeName ? [...(mentionedOptions(p, normalized).get(sizeName) ?? [])] : []), ...requestedSizes(normalized)].map((s) => s.toUpperCase()));
  const chosen = p.sizeChart.filter((row) => named.has(String(row['size'] ?? '').toUpperCase()));
  const rows = (chosen.length > 0 ? chosen : p.sizeChart).map((row) => {
    const { size, ...rest } = row;
    const cols = Object.entries(rest).map(([k, v]) => `${SIZE_COLS[k]?.[lang === 'en' ? 1 : 0] ?? k} ${v}`);
    return `${size ?? ''}：${cols.join('，')}`;
  });
  const head = lang === 'en' ? `Size guide for ${p.name}:` : `${p.name}尺码参考：`;
  return { text: [head, ...rows].join('\n'), fields: ['sizeChart'], skus: [] };
}

const SIZE_COLS: Record<string, [string, string]> = {
  height: ['身高', 'height'],
  weight: ['体重', 'weight'],
  bust: ['胸围', 'bust'],
  waist: ['腰围', 'waist'],
  hip: ['臀围', 'hip'],
  length: ['衣长', 'length'],
  age: ['月龄', 'age'],
  sheet: ['床单', 'sheet'],
  duvet_cover: ['被套', 'duvet cover'],
  pillowcase: ['枕套', 'pillowcase'],
  fitted_sheet: ['床笠', 'fitted sheet'],
  dimensions: ['尺寸', 'dimensions'],
};

/** The shop's own attribute standing for an apparel aspect a product does not state (材质 for material). */
const FACT_FOR: Partial<Record<Aspect, RegExp>> = { material: /材质|材料|面料|成分/, care: /清洗|洗护|保养|拆洗/, origin: /产地/, standard: /认证|标准|执行/ };

function answerAttribute(p: Product, aspect: Aspect, lang: Lang, declarations?: AttributeDeclarations): ProductAnswer {
  const a = p.attributes;
  const en = lang === 'en';
  const stated = { material: a.material, care: a.care, origin: a.origin, standard: a.standard } as Partial<Record<Aspect, string>>;
  const pattern = FACT_FOR[aspect];
  if (pattern && stated[aspect] === undefined) {
    const fact = Object.keys(p.facts ?? {}).find((name) => pattern.test(name));
    if (fact) return answerFact(p, fact, lang, declarations);
    if (aspect === 'material') return { text: en ? `The material of ${p.name} is not listed; reply "human" and a colleague will check.` : `${p.name}暂未标注材质，可以回复『人工』帮您确认。`, fields: ['attributes.material'], skus: [] };
  }
  switch (aspect) {
    case 'material': {
      const std = a.standard ? (en ? ` Standard: ${a.standard}.` : `，${a.standard}`) : '';
      return { text: en ? `${p.name} is made of ${a.material}.${std}` : `${p.name}的面料是${a.material}${std}。`, fields: ['attributes.material', 'attributes.standard'], skus: [] };
    }
    case 'care':
      if (a.care) return { text: en ? `Care for ${p.name}: ${a.care}` : `${p.name}的洗护方法：${a.care}`, fields: ['attributes.care'], skus: [] };
      // "Wash gently" is advice for clothes: a cream or a kettle without care notes has them unstated.
      if (Object.keys(a).length === 0) return { text: en ? `Care notes for ${p.name} are not listed; reply "human" and a colleague will check.` : `${p.name}暂未标注清洗保养方法，可以回复『人工』帮您确认。`, fields: ['attributes.care'], skus: [] };
      return { text: en ? `${p.name} has no special care notes; wash gently.` : `${p.name}没有特殊洗护要求，建议温水轻柔洗涤哦。`, fields: ['attributes.care'], skus: [] };
    case 'color': {
      const colors = distinct(p.variants.map((v) => v.options['color'] ?? v.options['颜色'] ?? '').filter(Boolean));
      return {
        text: colors.length ? (en ? `${p.name} comes in: ${colors.join(', ')}.` : `${p.name}有这些颜色：${colors.join('、')}。`) : en ? `${p.name} comes in one colour.` : `${p.name}只有一个颜色哦。`,
        fields: ['variants[].options'],
        skus: [],
      };
    }
    case 'origin':
      return a.origin
        ? { text: en ? `${p.name} is made in ${a.origin}.` : `${p.name}的产地是${a.origin}。`, fields: ['attributes.origin'], skus: [] }
        : { text: en ? `The origin of ${p.name} is not listed.` : `${p.name}的产地信息暂未标注，可以回复『人工』帮您确认。`, fields: ['attributes.origin'], skus: [] };
    case 'standard': {
      const feats = (a.features ?? []).filter((f) => /甲醛|荧光|标准|认证|a类|oeko/i.test(f));
      const text = a.standard
        ? en ? `${p.name} meets ${a.standard}.` : `${p.name}执行${a.standard}${feats.length ? `，${feats.join('、')}` : ''}。`
        : en ? `${p.name} has no safety class listed.` : `${p.name}暂未标注安全类别${feats.length ? `，特点：${feats.join('、')}` : ''}。`;
      return { text, fields: ['attributes.standard', 'attributes.features'], skus: [] };
    }
    default:
      return answerOverview(p, lang);
  }
}

/** A short description with price range and material, for "tell me about X". */
export function answerOverview(p: Product, lang: Lang): ProductAnswer {
  const prices = p.variants.map((v) => v.priceMinor);
  const text =
    lang === 'en'
      ? `${p.name}: ${p.description} Price ${formatPriceRange(prices)}${p.attributes.material ? `, material ${p.attributes.material}` : ''}.`
      : `${p.name}：${p.description ? `${p.description}。` : ''}价格 ${formatPriceRange(prices)}${p.attributes.material ? `，面料${p.attributes.material}` : ''}。`;
  return { text: text.replace(/。。/g, '。'), fields: ['description', 'variants[].priceMinor', 'attributes.material'], skus: [] };
}

/**
 * Answers every asked aspect about one product, in a fixed order, joined into one reply; the shop's
 * own attributes are answered by their declared kind (`declarations`, else as text).
 */
export function answerProductQuestion(p: Product, aspects: readonly Aspect[], normalized: string, lang: Lang, declarations?: AttributeDeclarations): ProductAnswer {
  if (aspects.length === 0) return answerOverview(p, lang);
  const parts: ProductAnswer[] = aspects.map((aspect) => {
    switch (aspect) {
      case 'stock':
        return answerStock(p, normalized, lang);
      case 'price':
        return answerPrice(p, normalized, lang);
      case 'suitability':
        return answerSuitability(p, normalized, lang);
      case 'size':
        // "有XL吗" is a stock question even though it names a size.
        return aspects.includes('stock') ? { text: '', fields: [], skus: [] } : answerSize(p, normalized, lang);
      default:
        return aspect.startsWith('fact:') ? answerFact(p, aspect.slice('fact:'.length), lang, declarations, normalized) : answerAttribute(p, aspect, lang, declarations);
    }
  });
  const used = parts.filter((x) => x.text !== '');
  return {
    text: used.map((x) => x.text).join('\n'),
    fields: distinct(used.flatMap((x) => x.fields)),
    skus: distinct(used.flatMap((x) => x.skus)),
  };
}
