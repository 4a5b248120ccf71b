// How each of the shop's attributes reads: the declaration in shop.yaml, else its template's,
// else inferred from the values (an attribute whose every value is 是/否 is a scale). Values stay
// as the shop wrote them; these helpers only read a level, a number or list items out of them.
import type { AttributeDeclaration, Product, ScaleLevels, ShopSettings } from '../catalog/types.js';
import { normalizeText } from '../understanding/normalize.js';
import { DEFAULT_LEVELS, templateDeclarations } from './attribute-templates.js';

/** The declaration of each attribute name the products state (the name as products state it). */
export type AttributeDeclarations = ReadonlyMap<string, AttributeDeclaration>;

/** A level of a yes / caution / no attribute. */
export type ScaleLevel = keyof ScaleLevels;

const key = (s: string) => normalizeText(s).replace(/\s+/g, '');

/** Whether a declaration names the attribute, by its name or one of its aliases. */
export function declares(d: AttributeDeclaration, factName: string): boolean {
  const k = key(factName);
  return key(d.name) === k || d.aliases.some((a) => key(a) === k);
}

/**
 * The declaration of every attribute the products state: the shop's (by name or alias), else the
 * template's, else inferred: a scale when the name asks permission (孕妇可用) or every stated value is
 * a bare yes/caution/no word (是, 否, 慎用), else text.
 */
export function resolveDeclarations(shop: Pick<ShopSettings, 'attributes' | 'template'>, products: readonly Product[]): Map<string, AttributeDeclaration> {
  const values = new Map<string, string[]>();
  for (const p of products) for (const [name, v] of Object.entries(p.facts ?? {})) values.set(name, [...(values.get(name) ?? []), v]);
  const own = shop.attributes ?? [];
  const template = templateDeclarations(shop.template);
  const out = new Map<string, AttributeDeclaration>();
  for (const [name, vs] of [...values.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const d = own.find((x) => declares(x, name)) ?? template.find((x) => declares(x, name));
    if (d) out.set(name, d);
    else if (isPermission(name) || vs.every((v) => exactLevel(v, DEFAULT_LEVELS) !== undefined)) out.set(name, { name, aliases: [], questions: [], kind: 'scale', levels: DEFAULT_LEVELS });
  }
  return out;
}

/** Declared attributes (by index) that no product states under their name or an alias: most likely a typo. */
export function unstatedDeclarations(shop: Pick<ShopSettings, 'attributes'>, products: readonly Product[]): number[] {
  const names = new Set(products.flatMap((p) => Object.keys(p.facts ?? {})));
  return (shop.attributes ?? []).flatMap((d, i) => ([...names].some((n) => declares(d, n)) ? [] : [i]));
}

const TRAILING = /[\s。.!！,，;；]+$/u;

function exactLevel(value: string, levels: ScaleLevels): ScaleLevel | undefined {
  const v = key(value).replace(TRAILING, '');
  return (['no', 'caution', 'yes'] as const).find((level) => levels[level].some((w) => key(w) === v));
}

/**
 * The level a value states: its whole text is a level word (慎用), or it names words of one level
 * only (孕早期禁用 → no). A one-character word (是, 无) counts only as the value's first word
 * (是，需另购 → yes). Undefined when it names none or several levels: the value is then only quoted.
 */
export function scaleLevel(value: string, levels: ScaleLevels): ScaleLevel | undefined {
  const exact = exactLevel(value, levels);
  if (exact) return exact;
  let rest = key(value);
  const words = (['no', 'caution', 'yes'] as const)
    .flatMap((level) => levels[level].map((w) => ({ level, w: key(w) })))
    .filter((x) => x.w !== '')
    .sort((a, b) => [...b.w].length - [...a.w].length);
  const found = new Set<ScaleLevel>();
  for (const { level, w } of words) {
    if ([...w].length === 1) {
      if (rest.startsWith(w) && /^[\p{P}\s]/u.test(rest.slice(w.length))) found.add(level);
      continue;
    }
    if (!rest.includes(w)) continue;
    found.add(level);
    // Blank the word so 不可用 is not read again as 可用.
    rest = rest.split(w).join(' '.repeat([...w].length));
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** A number value with the declared unit added when the shop wrote the number alone (1500 → 1500W). */
export function withUnit(value: string, unit: string | undefined): string {
  return unit && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? `${value.trim()}${unit}` : value;
}

/** The first number in a value and what follows it (1.5kW → 1.5, "kw"); undefined when there is none. */
export function numberOf(value: string): { n: number; unit: string } | undefined {
  const m = normalizeText(value).match(/(-?\d+(?:\.\d+)?)\s*([a-zμ℃°%]+|\p{Script=Han}|)/u);
  if (!m) return undefined;
  return { n: Number(m[1]), unit: m[2] ?? '' };
}

/** The items of a list value, split on the declared separator or on common ones (、,，;；/|). */
export function listItems(value: string, separator: string | undefined): string[] {
  const parts = separator ? value.split(separator) : value.split(/[、,，;；/|]/);
  return parts.map((s) => s.trim()).filter(Boolean);
}

/** Whether an attribute name asks permission (孕妇可用, 敏感肌适用): its yes is "可以", its no "不可以". */
export function isPermission(name: string): boolean {
  return /可用|可以|能用|适用|适合|可食|能吃|可[以]?[吃喝穿戴带]/.test(name);
}
