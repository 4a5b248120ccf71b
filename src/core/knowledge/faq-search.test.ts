import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../understanding/numeric.js';
import { entryBlocks } from './faq-model.js';
import { bestEntries } from './faq-search.js';

/**
 * A model of many phrasings (10 per entry) over a few common features (each in about a third of
 * the phrasings, as 宝宝 or 纯棉 in a big shop) and many rare ones, with positive weights (Float32, as
 * loaded from an image): questions mixing both are where the search skips most postings. With
 * `copies`, every entry's phrasings are those of one of the first `entries / copies` entries (as
 * the big shop of the scale bench copies the demo's: many entries tie).
 */
function model(entries: number, seed: number, copies = 1) {
  const random = mulberry32(seed);
  const lists = new Map<string, { docs: number[]; weights: number[] }>();
  const docEntry: number[] = [];
  const phrasings: [string, number][][] = [];
  for (let e = 0; e < entries; e++) {
    for (let p = 0; p < 10; p++) {
      const doc = docEntry.push(e) - 1;
      const copied = phrasings[(e % Math.ceil(entries / copies)) * 10 + p];
      if (copied) {
        for (const [f, w] of copied) {
          const l = lists.get(f) ?? { docs: [], weights: [] };
          l.docs.push(doc);
          l.weights.push(w);
          lists.set(f, l);
        }
        continue;
      }
      const features = new Set<string>();
      for (let c = 0; c < 40; c++) if (random() < 0.3) features.add(`c${c}`);
      features.add(`r${Math.floor(random() * 2000)}`);
      features.add(`r${Math.floor(random() * 2000)}`);
      const raw = [...features].map((f) => [f, f.startsWith('r') ? 1 + 3 * random() : 0.2 + random()] as const);
      const norm = Math.sqrt(raw.reduce((s, [, w]) => s + w * w, 0));
      phrasings.push(raw.map(([f, w]) => [f, w / norm]));
      for (const [f, w] of raw) {
        const l = lists.get(f) ?? { docs: [], weights: [] };
        l.docs.push(doc);
        l.weights.push(w / norm);
        lists.set(f, l);
      }
    }
  }
  return postingsModel(
    Array.from({ length: entries }, (_, e) => `e${String(e).padStart(5, '0')}`),
    docEntry,
    lists,
    Float32Array,
  );
}

/** The model of `entries` and phrasings `docEntry` with these postings by feature, in CSR form as a release loads it. */
function postingsModel(entries: string[], docEntry: number[], lists: Map<string, { docs: number[]; weights: number[] }>, kind: typeof Float32Array | typeof Float64Array) {
  const featureIds = new Map([...lists.keys()].map((f, i) => [f, i]));
  const all = [...lists.values()];
  const offsets = new Int32Array(all.length + 1);
  all.forEach((l, i) => (offsets[i + 1] = (offsets[i] as number) + l.docs.length));
  const m = {
    entries,
    docEntry: Int32Array.from(docEntry),
    featureIds,
    postings: { offsets, docs: Int32Array.from(all.flatMap((l) => l.docs)), weights: kind.from(all.flatMap((l) => l.weights)) },
  };
  return { ...m, entryBlocks: entryBlocks(m, 0) };
}

/** A question of `common` common and `rare` rare features, unit length. */
function question(random: () => number, common: number, rare: number): Map<string, number> {
  const q = new Map<string, number>();
  while (q.size < common) q.set(`c${Math.floor(random() * 40)}`, 0.2 + random());
  while (q.size < common + rare) q.set(`r${Math.floor(random() * 2000)}`, 1 + 3 * random());
  const norm = Math.sqrt([...q.values()].reduce((s, w) => s + w * w, 0));
  for (const [f, w] of q) q.set(f, w / norm);
  return q;
}

describe('FAQ search: the best entries by best phrasing', () => {
  it('are exactly those of the walk over every posting (same entries, cosines and order) when entries are bounded by their blocks', () => {
    const m = model(2000, 11);
    const random = mulberry32(5);
    for (let i = 0; i < 60; i++) {
      const q = question(random, 1 + (i % 10), i % 4);
      for (const k of [1, 16]) expect(bestEntries(m, q, k)).toEqual(bestEntries(m, q, k, false));
    }
  });

  it('are exactly those of the walk when many entries tie (copies of the same phrasings)', () => {
    const m = model(3000, 7, 40);
    const random = mulberry32(9);
    let tied = 0;
    for (let i = 0; i < 40; i++) {
      const q = question(random, 1 + (i % 8), i % 3);
      for (const k of [1, 10, 16]) {
        const walked = bestEntries(m, q, k, false);
        if (walked.length > k) tied++;
        expect(bestEntries(m, q, k)).toEqual(walked);
      }
    }
    expect(tied).toBeGreaterThan(0);
  });

  it('keep every entry tied with the k-th best', () => {
    const m = postingsModel(['a', 'b', 'c'], [0, 1, 2], new Map([['x', { docs: [0, 1, 2], weights: [0.5, 0.9, 0.5] }]]), Float64Array);
    expect(bestEntries(m, new Map([['x', 1]]), 2)).toEqual([
      ['b', 1, 0.9],
      ['a', 0, 0.5],
      ['c', 2, 0.5],
    ]);
    expect(bestEntries(m, new Map([['y', 1]]), 2)).toEqual([]);
  });
});

describe('FAQ model: entry blocks', () => {
  const lists = new Map([
    ['x', { docs: [0, 1, 3, 4], weights: [0.5, 0.25, 0.75, 0.125] }],
    ['y', { docs: [2, 4], weights: [0.5, 0.875] }],
  ]);
  it("cut each feature's postings by entry, with each block's largest weight and each entry's phrasings", () => {
    // Entries a: phrasings 0-1, b: 2, c: 3-4.
    const m = postingsModel(['a', 'b', 'c'], [0, 0, 1, 2, 2], lists, Float64Array);
    expect(m.entryBlocks).toBeDefined();
    const b = m.entryBlocks!;
    expect([...b.offsets]).toEqual([0, 2, 4]);
    expect([...b.entries]).toEqual([0, 2, 1, 2]);
    expect([...b.starts]).toEqual([0, 2, 4, 5, 6]);
    expect([...b.max]).toEqual([0.5, 0.75, 0.5, 0.875]);
    expect([...b.firstDoc]).toEqual([0, 2, 3, 5]);
  });

  it('are not built when phrasings are not numbered entry by entry', () => {
    expect(postingsModel(['a', 'b', 'c'], [0, 1, 0, 2, 2], lists, Float64Array).entryBlocks).toBeUndefined();
  });
});
