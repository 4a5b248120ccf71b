// Templates: text with `{{path}}` placeholders filled from the flow's variables. No expressions,
// no code: a placeholder is a variable path and nothing else, checked when the SOP is imported.
import { evaluateCondition } from './condition.js';
import type { TemplateVariant } from './types.js';
import { displayValue, lookup, VAR_PATH, type FlowVars } from './variables.js';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders of a text, and the problems with its syntax. */
export function parseTemplate(text: string): { paths: string[]; problems: string[] } {
  const paths: string[] = [];
  const problems: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const path = m[1] ?? '';
    if (VAR_PATH.test(path)) paths.push(path);
    else problems.push(`"{{${path}}}" is not a variable (use slots.x, results.x.y, customer.x, product.x or shop.x)`);
  }
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push('unbalanced "{{" or "}}"');
  return { paths, problems };
}

/** Fills the placeholders; unknown paths become empty text, lists are joined with `listSeparator`. */
export function fill(text: string, vars: FlowVars, listSeparator?: string): string {
  return text.replace(PLACEHOLDER, (_, path: string) => displayValue(lookup(vars, path), listSeparator));
}

/** The first variant whose condition holds (a variant without one always holds), with its index. */
export function chooseVariant(variants: readonly TemplateVariant[], vars: FlowVars): { variant: TemplateVariant; index: number } | undefined {
  for (let i = 0; i < variants.length; i++) {
    const v = variants[i];
    if (v && (!v.when || evaluateCondition(v.when, vars))) return { variant: v, index: i };
  }
  return undefined;
}
