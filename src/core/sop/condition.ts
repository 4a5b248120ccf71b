// Conditions over the flow's variables, evaluated without code: a fixed set of comparisons
// combined with all/any/not. Depth is bounded when a flow is imported.
import type { Condition } from './types.js';
import { lookup, type FlowVars, type VarValue } from './variables.js';

/** Deepest nesting of all/any/not accepted in a flow. */
export const MAX_CONDITION_DEPTH = 8;

function comparable(v: VarValue): string | number | boolean | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return undefined;
}

function numeric(v: VarValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  // A budget range compares by its upper end ("200以内" < 300).
  if (v && typeof v === 'object' && !Array.isArray(v)) return v.max ?? v.min;
  return undefined;
}

function same(a: VarValue, b: string | number | boolean): boolean {
  const x = comparable(a);
  if (x === undefined) return false;
  return typeof x === typeof b ? x === b : String(x) === String(b);
}

/** Whether the condition holds. Depth beyond MAX_CONDITION_DEPTH counts as false. */
export function evaluateCondition(c: Condition, vars: FlowVars, depth = 0): boolean {
  if (depth > MAX_CONDITION_DEPTH) return false;
  if ('all' in c) return c.all.every((x) => evaluateCondition(x, vars, depth + 1));
  if ('any' in c) return c.any.some((x) => evaluateCondition(x, vars, depth + 1));
  if ('not' in c) return !evaluateCondition(c.not, vars, depth + 1);
  const v = lookup(vars, c.var);
  switch (c.op) {
    case 'exists': {
      const present = v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
      return present === c.value;
    }
    case 'equals':
      return same(v, c.value);
    case 'not_equals':
      return !same(v, c.value);
    case 'in':
      return c.value.some((x) => same(v, x));
    case 'contains':
      if (Array.isArray(v)) return v.includes(String(c.value));
      return typeof v === 'string' && v.includes(String(c.value));
    default: {
      const n = numeric(v);
      if (n === undefined) return false;
      if (c.op === 'lt') return n < c.value;
      if (c.op === 'lte') return n <= c.value;
      if (c.op === 'gt') return n > c.value;
      return n >= c.value;
    }
  }
}

/** Every variable path a condition reads. */
export function conditionVars(c: Condition, depth = 0): string[] {
  if (depth > MAX_CONDITION_DEPTH) return [];
  if ('all' in c) return c.all.flatMap((x) => conditionVars(x, depth + 1));
  if ('any' in c) return c.any.flatMap((x) => conditionVars(x, depth + 1));
  if ('not' in c) return conditionVars(c.not, depth + 1);
  return [c.var];
}

/** How deeply all/any/not nest in a condition (a plain comparison is depth 1). */
export function conditionDepth(c: Condition): number {
  let max = 0;
  const stack: { c: Condition; d: number }[] = [{ c, d: 1 }];
  while (stack.length) {
    const top = stack.pop();
    if (!top) break;
    max = Math.max(max, top.d);
    const x = top.c;
    if ('all' in x) x.all.forEach((y) => stack.push({ c: y, d: top.d + 1 }));
    else if ('any' in x) x.any.forEach((y) => stack.push({ c: y, d: top.d + 1 }));
    else if ('not' in x) stack.push({ c: x.not, d: top.d + 1 });
  }
  return max;
}
