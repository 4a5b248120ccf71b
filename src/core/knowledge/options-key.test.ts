import { describe, expect, it } from 'vitest';
import type { Product } from '../catalog/types.js';
import { optionsKey, rememberOptionsKey } from './options-key.js';

const product = (id: string, sizes: string[]): Product => ({
  id, name: id, aliases: [], category: '', priceMinor: 100, description: '', attributes: {}, sizeChart: [],
  variants: sizes.map((size) => ({ sku: `${id}-${size}`, options: { size, color: '白色' }, priceMinor: 100, stock: 1 })),
});

describe('options keys', () => {
  it('worked out ahead equal the key worked out on first need, one string for the same options', () => {
    const [a, b, c] = [product('a', ['S', 'M']), product('b', ['S', 'M']), product('c', ['L'])];
    const fresh = [product('a', ['S', 'M']), product('b', ['S', 'M']), product('c', ['L'])].map(optionsKey);
    const same = new Map<string, string>();
    for (const p of [a, b, c]) rememberOptionsKey(p, same);
    expect([a, b, c].map(optionsKey)).toEqual(fresh);
    expect(same.size).toBe(2);
    expect(optionsKey(a)).toBe(optionsKey(b));
    expect(optionsKey(a)).not.toBe(optionsKey(c));
  });
});
