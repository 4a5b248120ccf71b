// The FAQ model as a few flat arrays: its maps of many small typed arrays (one per feature) cost
// hundreds of milliseconds to structured-clone into another thread, while a joined key string and
// concatenated typed arrays cross in a few memory copies (or none, transferred), and the maps come
// back as views into them.
import type { FaqModelData } from './faq-model.js';

const SEP = '\u0001';

/** A map of string keys to numbers, flattened. */
interface NumberMapCode {
  keys: string;
  values: Float64Array;
}

/** A map of string keys to records of equal-length typed arrays, flattened: row i is offsets[i]..offsets[i+1]. */
interface ArraysMapCode {
  keys: string;
  offsets: Int32Array;
  columns: Record<string, Int32Array | Float64Array | Float32Array>;
}

/** The encoded model: plain strings and typed arrays only. */
export interface EncodedFaqModel {
  df: NumberMapCode;
  phrasings: number;
  weights: FaqModelData['weights'];
  entries: string;
  docEntry: Int32Array;
  postings: ArraysMapCode;
  entryPostings: ArraysMapCode;
  classifier:
    | { kind: 'softmax'; classes: string; featureIndex: NumberMapCode; weights: Float64Array; bias: Float64Array }
    | { kind: 'candidates'; classes: string; featureIndex: NumberMapCode; slotFeature: Int32Array; slotClass: Int32Array; weights: Float32Array; bias: Float64Array };
}

function split(keys: string): string[] {
  return keys === '' ? [] : keys.split(SEP);
}

function joinKeys(keys: Iterable<string>): string {
  const list = [...keys];
  // Features come from cleaned text, where control characters are removed; a key holding the
  // separator would split in two.
  if (list.some((k) => k.includes(SEP))) throw new Error('an FAQ model key holds the codec separator U+0001');
  return list.join(SEP);
}

function encodeNumbers(map: ReadonlyMap<string, number>): NumberMapCode {
  return { keys: joinKeys(map.keys()), values: Float64Array.from(map.values()) };
}

function decodeNumbers(code: NumberMapCode): Map<string, number> {
  const map = new Map<string, number>();
  split(code.keys).forEach((k, i) => map.set(k, code.values[i] as number));
  return map;
}

type Column = Int32Array | Float64Array | Float32Array;

function encodeArrays<R extends Record<string, Column>>(map: ReadonlyMap<string, R>, names: readonly (keyof R & string)[], make: { [K in keyof R]: (n: number) => R[K] }): ArraysMapCode {
  const offsets = new Int32Array(map.size + 1);
  let total = 0;
  let i = 0;
  for (const row of map.values()) {
    total += (row[names[0] as keyof R] as Column).length;
    offsets[++i] = total;
  }
  const columns: Record<string, Column> = {};
  for (const name of names) {
    const col = make[name](total);
    let at = 0;
    for (const row of map.values()) {
      const src = row[name] as Column;
      col.set(src, at);
      at += src.length;
    }
    columns[name] = col;
  }
  return { keys: joinKeys(map.keys()), offsets, columns };
}

function decodeArrays<R>(code: ArraysMapCode, row: (from: number, to: number) => R): Map<string, R> {
  const map = new Map<string, R>();
  split(code.keys).forEach((k, i) => map.set(k, row(code.offsets[i] as number, code.offsets[i + 1] as number)));
  return map;
}

function column<T extends Column>(code: ArraysMapCode, name: string, empty: T): T {
  const c = code.columns[name];
  return (c ?? empty) as T;
}

/** Flattens a model for another thread (or storage). */
export function encodeFaqModel(data: FaqModelData): EncodedFaqModel {
  const c = data.classifier;
  const classifier: EncodedFaqModel['classifier'] =
    c.kind === 'softmax'
      ? { kind: 'softmax', classes: joinKeys(c.model.classes), featureIndex: encodeNumbers(c.model.featureIndex), weights: c.model.weights, bias: c.model.bias }
      : {
          kind: 'candidates',
          classes: joinKeys(c.model.classes),
          featureIndex: encodeNumbers(c.model.featureIndex),
          slotFeature: c.model.slotFeature,
          slotClass: c.model.slotClass,
          weights: c.model.weights,
          bias: c.model.bias,
        };
  return {
    df: encodeNumbers(data.df),
    phrasings: data.phrasings,
    weights: data.weights,
    entries: joinKeys(data.entries),
    docEntry: data.docEntry,
    postings: encodeArrays(data.postings, ['docs', 'weights'], { docs: (n) => new Int32Array(n), weights: (n) => new Float64Array(n) }),
    entryPostings: encodeArrays(data.entryPostings, ['entries', 'centroid', 'answer'], {
      entries: (n) => new Int32Array(n),
      centroid: (n) => new Float64Array(n),
      answer: (n) => new Float64Array(n),
    }),
    classifier,
  };
}

/** The typed arrays' buffers of an encoded model, to transfer rather than copy. */
export function encodedBuffers(code: EncodedFaqModel): ArrayBuffer[] {
  const arrays: Column[] = [code.df.values, code.docEntry, code.postings.offsets, ...Object.values(code.postings.columns), code.entryPostings.offsets, ...Object.values(code.entryPostings.columns), code.classifier.featureIndex.values, code.classifier.weights, code.classifier.bias];
  if (code.classifier.kind === 'candidates') arrays.push(code.classifier.slotFeature, code.classifier.slotClass);
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}

/** The model back from its flat form; the maps' arrays are views into the encoded ones. */
export function decodeFaqModel(code: EncodedFaqModel): FaqModelData {
  const p = code.postings;
  const docs = column(p, 'docs', new Int32Array(0));
  const weights = column(p, 'weights', new Float64Array(0));
  const ep = code.entryPostings;
  const entries = column(ep, 'entries', new Int32Array(0));
  const centroid = column(ep, 'centroid', new Float64Array(0));
  const answer = column(ep, 'answer', new Float64Array(0));
  const entryIds = split(code.entries);
  const c = code.classifier;
  const classes = split(c.classes);
  const classifier: FaqModelData['classifier'] =
    c.kind === 'softmax'
      ? { kind: 'softmax', model: { classes, featureIndex: decodeNumbers(c.featureIndex), weights: c.weights, bias: c.bias } }
      : { kind: 'candidates', model: { classes, featureIndex: decodeNumbers(c.featureIndex), slotFeature: c.slotFeature, slotClass: c.slotClass, weights: c.weights, bias: c.bias } };
  return {
    df: decodeNumbers(code.df),
    phrasings: code.phrasings,
    weights: code.weights,
    entries: entryIds,
    docEntry: code.docEntry,
    postings: decodeArrays(p, (from, to) => ({ docs: docs.subarray(from, to), weights: weights.subarray(from, to) })),
    entryPostings: decodeArrays(ep, (from, to) => ({ entries: entries.subarray(from, to), centroid: centroid.subarray(from, to), answer: answer.subarray(from, to) })),
    classifier,
    classIndex: new Map(classes.map((k, i) => [k, i])),
  };
}
