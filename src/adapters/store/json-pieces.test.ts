import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonPieces } from './json-pieces.js';

describe('jsonPieces', () => {
  it('joins to exactly JSON.stringify for any JSON value, in small pieces', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 7 }), fc.integer({ min: 1, max: 64 }), (v, size) => {
        expect([...jsonPieces(v, size)].join('')).toBe(JSON.stringify(v));
      }),
    );
  });

  it('writes what JSON.stringify drops or nulls the same way, and dates by their toJSON', () => {
    const v = { a: undefined, b: [undefined, () => 1, Symbol('s'), 2], c: { d: { e: { f: [new Date(0), undefined] } } }, g: new Date(86_400_000), h: -0, i: NaN };
    expect([...jsonPieces(v, 4)].join('')).toBe(JSON.stringify(v));
    expect(() => [...jsonPieces(undefined)]).toThrow(TypeError);
  });

  it('cuts a long string (never inside a surrogate pair) and keeps pieces near the size asked', () => {
    const long = '"中\\文😀\n'.repeat(40_000);
    const v = { productIndex: long, list: Array.from({ length: 5000 }, (_, i) => ({ id: `p${i}`, tags: ['a', 'b'] })) };
    const pieces = [...jsonPieces(v, 10_000)];
    expect(pieces.join('')).toBe(JSON.stringify(v));
    expect(pieces.length).toBeGreaterThan(15);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(10_000 + (1 << 17));
  });
});
