// Answers about the shop's own attributes, by kind, always quoting the shop's attribute name and
// value as written: a scale value (孕妇可用：慎用) gets a lead that matches its level and never
// reads as a yes when it is a caution or a no; a number gets its unit; a list its items.
import type { AttributeDeclaration, Product } from '../catalog/types.js';
import { normalizeText } from '../understanding/normalize.js';
import { toNameVocabulary } from '../understanding/name-vocabulary.js';
import { phrasesIn, type KnowledgeBase } from './knowledge-base.js';
import { isPermission, listItems, numberOf, scaleLevel, withUnit, type AttributeDeclarations, type ScaleLevel } from './attribute-kinds.js';

type Lang = 'zh-CN' | 'en';

/** A fact answer and the catalog fields it used. */
export interface FactAnswer {
  text: string;
  fields: string[];
  skus: string[];
}

/** Leads of a scale answer by level: a permission (孕妇可用) is can / take care / cannot; others only mark caution and no. */
const LEADS: Record<ScaleLevel, { permission: [string, string]; other: [string, string] }> = {
  yes: { permission: ['可以的～', 'Yes — '], other: ['', ''] },
  caution: { permission: ['需要谨慎哦～', 'Use with caution — '], other: ['需要留意哦～', 'Note — '] },
  no: { permission: ['不可以哦～', 'No — '], other: ['', ''] },
};

/** How a value is shown: a number with its unit, list items joined, anything else as written. */
function shown(value: string, d: AttributeDeclaration | undefined, lang: Lang): string {
  if (d?.kind === 'number') return withUnit(value, d.unit);
  if (d?.kind === 'list') return listItems(value, d.separator).join(lang === 'en' ? ', ' : '、');
  return value;
}

/** One of the shop's own attributes of a product, answered by its kind; said to be unstated when it is. */
export function answerFact(p: Product, name: string, lang: Lang, declarations?: AttributeDeclarations, normalized = ''): FactAnswer {
  const value = p.facts?.[name];
  const en = lang === 'en';
  const fields = [`facts.${name}`];
  if (value === undefined) {
    return { text: en ? `${name} is not listed for ${p.name}; reply "human" and a colleague will check.` : `${p.name}暂未标注${name}，可以回复『人工』帮您确认。`, fields, skus: [] };
  }
  const d = declarations?.get(name);
  const quoted = en ? `${p.name} — ${name}: ${shown(value, d, lang)}.` : `${p.name}的${name}：${shown(value, d, lang)}。`;
  if (d?.kind === 'scale') {
    const level = scaleLevel(value, d.levels);
    const lead = level ? LEADS[level][isPermission(name) ? 'permission' : 'other'][en ? 1 : 0] : '';
    return { text: lead + quoted, fields, skus: [] };
  }
  if (d?.kind === 'list' && normalized) {
    // "支持翻面提醒吗": the item asked about, then the whole list.
    const items = listItems(value, d.separator);
    const asked = items.filter((i) => normalizeText(i).length >= 2 && normalized.includes(normalizeText(i)));
    if (asked.length > 0) {
      const text = en ? `Yes, ${p.name} — ${name} includes ${asked.join(', ')} (all: ${items.join(', ')}).` : `有的～${p.name}的${name}包括${asked.join('、')}（全部：${items.join('、')}）。`;
      return { text, fields, skus: [] };
    }
  }
  return { text: quoted, fields, skus: [] };
}

const MORE = /大|高|多|长|重|强|贵|久|快|厚/;
const LESS = /小|低|少|短|轻|弱|便宜|省|慢|薄|静|安静/;

/**
 * "A和B哪个功率大": each product's value of the attribute as written, and which is larger or
 * smaller when every value holds a number in one unit. Undefined when fewer than two products
 * state the attribute.
 */
export function compareFact(products: readonly Product[], name: string, normalized: string, lang: Lang, declarations?: AttributeDeclarations): FactAnswer | undefined {
  const stated = products.filter((p) => p.facts?.[name] !== undefined);
  if (stated.length < 2) return undefined;
  const d = declarations?.get(name);
  const en = lang === 'en';
  const lines = stated.map((p) => `${p.name}：${shown(p.facts?.[name] ?? '', d, lang)}`);
  const fields = [`facts.${name}`];
  const head = en ? `${name} of each:` : `${name}对比：`;
  const nums = stated.map((p) => numberOf(withUnit(p.facts?.[name] ?? '', d?.kind === 'number' ? d.unit : undefined)));
  const units = new Set(nums.map((x) => x?.unit));
  const wantsLess = LESS.test(normalized.replace(/多少|大小/g, '')) && !MORE.test(normalized.replace(/多少|大小/g, ''));
  const wantsMore = MORE.test(normalized.replace(/多少|大小/g, ''));
  if (nums.every((x) => x !== undefined) && units.size === 1 && (wantsLess || wantsMore)) {
    const ns = nums.map((x) => x?.n ?? 0);
    const best = wantsLess ? Math.min(...ns) : Math.max(...ns);
    const winners = stated.filter((_, i) => ns[i] === best);
    if (winners.length < stated.length) {
      const w = winners.map((p) => p.name).join(en ? ', ' : '、');
      const verdict = en ? `${w} has the ${wantsLess ? 'lower' : 'higher'} ${name}.` : `${w}的${name}${wantsLess ? '更小' : '更大'}。`;
      return { text: [head, ...lines, verdict].join('\n'), fields, skus: [] };
    }
  }
  return { text: [head, ...lines].join('\n'), fields, skus: [] };
}

/** A comparison when the aspects asked are exactly one of the shop's own attributes, else undefined. */
export function compareFacts(products: readonly Product[], aspects: readonly string[], normalized: string, lang: Lang, declarations?: AttributeDeclarations): FactAnswer | undefined {
  const [only] = aspects;
  if (aspects.length !== 1 || !only?.startsWith('fact:')) return undefined;
  return compareFact(products, only.slice('fact:'.length), normalized, lang, declarations);
}

/**
 * The products a comparison names: those whose whole name or alias the text contains, when there
 * are two or more (two full names each explain only half the message, so the resolver may pick
 * one), else the ones the resolver found.
 */
export function comparedProducts(kb: Pick<KnowledgeBase, 'productPhrases' | 'productsById'>, normalized: string, resolved: readonly string[]): Product[] {
  let text = toNameVocabulary(normalized);
  const ids: string[] = [];
  for (const i of phrasesIn(kb, text, true)) {
    const { phrase, productIds } = kb.productPhrases[i] ?? { phrase: '', productIds: [] };
    if (productIds.length !== 1 || !text.includes(phrase)) continue;
    text = text.split(phrase).join(' ');
    if (!ids.includes(productIds[0] ?? '')) ids.push(productIds[0] ?? '');
  }
  const chosen = ids.length >= 2 ? ids : resolved;
  return chosen.flatMap((id) => kb.productsById.get(id) ?? []);
}
