import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { parseProductIndexSteps } from './product-index-steps.js';

function run(steps: Generator<void, unknown>): { value: unknown; pauses: number } {
  let pauses = 0;
  for (;;) {
    const next = steps.next();
    if (next.done) return { value: next.value, pauses };
    pauses++;
  }
}

describe('parseProductIndexSteps', () => {
  it('parses a MiniSearch index exactly as JSON.parse does, in steps, whatever its terms hold', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.string(), details: fc.string() }), { minLength: 0, maxLength: 30 }), fc.integer({ min: 1, max: 200 }), (docs, chars) => {
        const index = new MiniSearch<{ id: string; name: string; details: string }>({ fields: ['name', 'details'], storeFields: ['name'], tokenize: (t) => t.split(/(?=.)/u) });
        index.addAll(docs.map((d, i) => ({ id: `p${i}"[]{}\\`, ...d })));
        const text = JSON.stringify(index);
        const { value } = run(parseProductIndexSteps(text, chars));
        expect(value).toEqual(JSON.parse(text));
      }),
    );
  });

  it('pauses between slices of a big index, and parses text of another shape whole', () => {
    const index = new MiniSearch({ fields: ['name'] });
    index.addAll(Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `商品 ${i} 款式${i % 37} "引号" [括号]` })));
    const text = JSON.stringify(index);
    const { value, pauses } = run(parseProductIndexSteps(text, 1000));
    expect(value).toEqual(JSON.parse(text));
    expect(pauses).toBeGreaterThan(10);
    expect(run(parseProductIndexSteps('{"a":[1,2,{"b":"]"}]}')).value).toEqual({ a: [1, 2, { b: ']' }] });
  });
});
