import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJsonSteps } from './json-steps.js';
import MiniSearch from 'minisearch';
import { tinyBundle } from '../testing/fixtures.js';

/** Runs the steps to the end; how many pauses there were. */
function run(bytes: Uint8Array, size?: number): { value: unknown; pauses: number } {
  const steps = parseJsonSteps(bytes, size);
  for (let pauses = 0; ; pauses++) {
    const next = steps.next();
    if (next.done) return { value: next.value, pauses };
  }
}
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('parseJsonSteps', () => {
  it('is JSON.parse for any JSON value, compact or indented, in steps of any size', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), (v, size, indent) => {
        const text = JSON.stringify(v, null, indent ? 2 : undefined);
        expect(run(utf8(text), size).value).toEqual(JSON.parse(text));
      }),
    );
  });

  it('parses a root object with big arrays the same, keys in order, pausing between slices of their elements', () => {
    const bundle = tinyBundle();
    const big = {
      ...bundle,
      faq: Array.from({ length: 3000 }, (_, i) => ({ ...bundle.faq[0]!, id: `q${i}`, question: `第${i}个问题："多久发货"？[{,}]\\`, similar: [`😀 ${i}`, '\u2028'] })),
      empty: [],
      nested: [[1, [2, { a: ']' }]], []],
    };
    const text = JSON.stringify(big);
    const { value, pauses } = run(utf8(text), 4096);
    expect(value).toEqual(JSON.parse(text));
    expect(Object.keys(value as object)).toEqual(Object.keys(big));
    expect(pauses).toBeGreaterThan(text.length / 4096 / 2);
  });

  it('parses a MiniSearch index exactly as JSON.parse does, in steps, whatever its terms hold', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.string(), details: fc.string() }), { minLength: 0, maxLength: 30 }), fc.integer({ min: 1, max: 200 }), (docs, size) => {
        const index = new MiniSearch<{ id: string; name: string; details: string }>({ fields: ['name', 'details'], storeFields: ['name'], tokenize: (t) => t.split(/(?=.)/u) });
        index.addAll(docs.map((d, i) => ({ id: `p${i}"[]{}\\`, ...d })));
        const text = JSON.stringify(index);
        expect(run(utf8(text), size).value).toEqual(JSON.parse(text));
      }),
    );
  });

  it('pauses between slices of a big MiniSearch index', () => {
    const index = new MiniSearch({ fields: ['name'] });
    index.addAll(Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `商品 ${i} 款式${i % 37} "引号" [括号]` })));
    const text = JSON.stringify(index);
    const { value, pauses } = run(utf8(text), 1000);
    expect(value).toEqual(JSON.parse(text));
    expect(pauses).toBeGreaterThan(10);
    expect(run(utf8('{"a":[1,2,{"b":"]"}]}')).value).toEqual({ a: [1, 2, { b: ']' }] });
  });

  it('keeps a "__proto__" key as an own property and the last of a repeated key, as JSON.parse does', () => {
    const text = '{"__proto__":{"x":1},"a":[1],"b":2,"a":[3,4]}';
    const value = run(utf8(text), 1).value as Record<string, unknown>;
    expect(value).toEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'a', 'b']);
    expect(value['a']).toEqual([3, 4]);
  });

  it('throws a SyntaxError for text JSON.parse refuses', () => {
    for (const text of ['', '{', '{"a":[1,]}', '{"a":[,1]}', '{"a":[1,,2]}', '{"a":[1}', '{"a":1]}', '{"a":[1]} x', '{"a" [1]}', '{a:[1]}', '{"a":"x}', '{"a":[1],}', '[1,]'])
      expect(() => run(utf8(text), 1), text).toThrow(SyntaxError);
  });
});
