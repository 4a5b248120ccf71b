// The variables a flow can read in templates, conditions and tool arguments, and safe look-up of
// a dotted path in them: only own properties of plain data, so `{{constructor}}` or
// `{{__proto__.x}}` never reach into JavaScript objects.
import { PREFERENCE_NAMES } from '../customer/preference-names.js';
import type { SlotValue } from './types.js';

/** A value reachable from a variable path. */
export type VarValue = SlotValue | string[] | null | undefined;

/** The data a flow sees, by namespace. */
export interface FlowVars {
  slots: Readonly<Record<string, SlotValue>>;
  results: Readonly<Record<string, Readonly<Record<string, VarValue>>>>;
  customer: Readonly<Record<string, VarValue>>;
  product: Readonly<Record<string, VarValue>>;
  shop: Readonly<Record<string, VarValue>>;
  /** The known customer's arm of each of the shop's experiments (none for a visitor). */
  experiment?: Readonly<Record<string, VarValue>>;
}

/** Fields of the customer a flow may read. */
export const CUSTOMER_FIELDS: readonly string[] = ['id', 'known', 'name', 'segment', 'tags', 'returning', 'orders', 'last_purchase', ...PREFERENCE_NAMES];
/** Fields of the product in focus (the page the shopper is on, or the last one discussed). */
export const PRODUCT_FIELDS: readonly string[] = ['id', 'name', 'price', 'category', 'material'];
/** Fields of the shop. */
export const SHOP_FIELDS: readonly string[] = ['name'];

/** A variable path: namespace and dotted names of letters, digits and underscores. */
export const VAR_PATH = /^(slots|results|customer|product|shop|experiment)(\.[A-Za-z_][A-Za-z0-9_]*){1,2}$/;

function own(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** The value at `path`, or undefined when any part is missing (or the path is not well formed). */
export function lookup(vars: FlowVars, path: string): VarValue {
  if (!VAR_PATH.test(path)) return undefined;
  let cur: unknown = vars;
  for (const part of path.split('.')) {
    cur = own(cur, part);
    if (cur === undefined) return undefined;
  }
  if (cur === null || typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean') return cur;
  if (Array.isArray(cur)) return cur.filter((x): x is string => typeof x === 'string');
  if (typeof cur === 'object') {
    const min = own(cur, 'min');
    const max = own(cur, 'max');
    return { ...(typeof min === 'number' ? { min } : {}), ...(typeof max === 'number' ? { max } : {}) };
  }
  return undefined;
}

/** A value as the shopper reads it (a list joined with `listSeparator`, 、 by default). */
export function displayValue(v: VarValue, listSeparator = '、'): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.join(listSeparator);
  if (v.min !== undefined && v.max !== undefined) return `${v.min}-${v.max}`;
  if (v.max !== undefined) return `≤${v.max}`;
  if (v.min !== undefined) return `≥${v.min}`;
  return '';
}
