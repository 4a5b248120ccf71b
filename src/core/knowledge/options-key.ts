// A product's options key: which option values it has, in order. Products with the same key name
// the same options in any text, so what a message says of their options is worked out once per key
// (product-answer.ts). Kept per product on first need, or worked out ahead at load.
import type { Product } from '../catalog/types.js';

/**
 * Which option values a product has, in order: products with the same key name the same options
 * in any text (their option forms are derived from these alone).
 */
export function optionsKey(product: Product): string {
  let key = optionsKeyOf.get(product);
  if (key === undefined) {
    key = optionsKeyText(product);
    optionsKeyOf.set(product, key);
  }
  return key;
}
const optionsKeyOf = new WeakMap<Product, string>();

function optionsKeyText(product: Product): string {
  const pairs: string[] = [];
  for (const v of product.variants) for (const [name, value] of Object.entries(v.options)) pairs.push(name, value);
  return JSON.stringify(pairs);
}

/**
 * Works out a product's options key ahead, as a load does: on first need, a question naming
 * hundreds of products not asked about before (内裤: 516) spent a millisecond or more on them.
 * Products with the same options share one key string (`same`, one per load).
 */
export function rememberOptionsKey(product: Product, same: Map<string, string>): void {
  if (optionsKeyOf.has(product)) return;
  const text = optionsKeyText(product);
  let key = same.get(text);
  if (key === undefined) {
    key = text;
    same.set(text, key);
  }
  optionsKeyOf.set(product, key);
}
