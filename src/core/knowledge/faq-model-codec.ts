// The FAQ model as named sections of strings and typed arrays: what a release image stores
// (release-image.ts) and what crosses between threads. Compact: every feature is interned once
// (one string table; postings, idf counts and classifier rows refer to it by number), weights are
// Float32, and the candidate classifier keeps its (feature, class) pairs, not its hash table (a
// 10,000-entry shop's table is 16.7 M slots for ~3 M pairs).
import type { FaqModelData } from './faq-model.js';
import { emptyCandidateModel, setCandidateWeight } from '../understanding/candidate-classifier.js';
import type { FeatureRows } from '../understanding/linear-classifier.js';
import { stringIdsSteps, type StringIds } from '../text/string-ids.js';

/** One section's content. */
export type Section = string | Int32Array | Float32Array | Float64Array;

const SEP = '\u0001';

/** Joins keys with a separator that cleaned text never holds. */
export function joinKeys(keys: Iterable<string>): string {
  const list = [...keys];
  // Features come from cleaned text, where control characters are removed; a key holding the
  // separator would split in two.
  if (list.some((k) => k.includes(SEP))) throw new Error('an FAQ model key holds the codec separator U+0001');
  return list.join(SEP);
}

/** The keys `joinKeys` joined. */
export function splitKeys(keys: string): string[] {
  return keys === '' ? [] : keys.split(SEP);
}

/** Bytes of a text section decoded per step of a load. */
const DECODE_BYTES = 1 << 18;

/** `splitKeys` of a text section, decoding and splitting a window of its bytes per step when the reader has them. */
export function* splitKeysSteps(read: SectionReader, name: string, windowBytes = DECODE_BYTES): Generator<void, string[]> {
  if (!read.utf8) return splitKeys(read.text(name));
  const bytes = read.utf8(name);
  if (bytes.byteLength === 0) return [];
  const decoder = new TextDecoder();
  const keys: string[] = [];
  let rest = '';
  for (let at = 0; at < bytes.byteLength; at += windowBytes) {
    const end = Math.min(bytes.byteLength, at + windowBytes);
    const parts = (rest + decoder.decode(bytes.subarray(at, end), { stream: end < bytes.byteLength })).split(SEP);
    rest = parts.pop() as string;
    for (const k of parts) keys.push(k);
    yield;
  }
  keys.push(rest);
  return keys;
}

/** Array items copied per step of a load (1 MB): a big array's fresh memory is first written a slice at a time. */
const COPY_ITEMS = 1 << 18;

/** An array section copied out of the reader a slice per step (or at once, by a reader without views). */
function copySteps(read: SectionReader, name: string, kind: 'i32'): Generator<void, Int32Array>;
function copySteps(read: SectionReader, name: string, kind: 'f32'): Generator<void, Float32Array>;
function* copySteps(read: SectionReader, name: string, kind: 'i32' | 'f32'): Generator<void, Int32Array | Float32Array> {
  if (!read.view) return kind === 'i32' ? read.i32(name) : read.f32(name);
  const source = read.view(name, kind);
  const out = kind === 'i32' ? new Int32Array(source.length) : new Float32Array(source.length);
  for (let at = 0; at < source.length; at += COPY_ITEMS) {
    out.set(source.subarray(at, at + COPY_ITEMS), at);
    yield;
  }
  return out;
}

/** A classifier's rows by feature: the feature's id, then its row (-1: none) in `classRow`. */
function classRows(featureIds: StringIds, classRow: Int32Array, size: number): FeatureRows {
  return {
    size,
    get(feature) {
      const id = featureIds.get(feature);
      if (id === undefined) return undefined;
      const row = classRow[id] as number;
      return row < 0 ? undefined : row;
    },
  };
}

/** Packs the model into sections named `faq.*`. Weights become Float32. */
export function packFaqModel(data: FaqModelData): Record<string, Section> {
  const features = [...data.featureIds.keys()];
  if (features.some((f, i) => data.featureIds.get(f) !== i) || data.df.length !== features.length) throw new Error('FAQ model features are not numbered in order');
  // Postings and entry postings by feature id are in CSR form already; weights become Float32.
  const { postings: p, entryPostings: e } = data;
  const c = data.classifier;
  // The classifier's row of each feature id (-1: the classifier never saw it).
  const classRow = new Int32Array(features.length).fill(-1);
  let rows = 0;
  features.forEach((f, i) => {
    const row = c.model.featureIndex.get(f);
    if (row !== undefined) {
      classRow[i] = row;
      rows++;
    }
  });
  if (rows !== c.model.featureIndex.size) throw new Error('an FAQ classifier feature has no document frequency');
  const sections: Record<string, Section> = {
    'faq.meta': JSON.stringify({ phrasings: data.phrasings, weights: data.weights, kind: c.kind, rows: c.model.featureIndex.size }),
    'faq.features': joinKeys(features),
    'faq.df': data.df,
    'faq.entries': joinKeys(data.entries),
    'faq.docEntry': data.docEntry,
    'faq.postings.offsets': p.offsets,
    'faq.postings.docs': p.docs,
    'faq.postings.weights': Float32Array.from(p.weights),
    'faq.entryPostings.offsets': e.offsets,
    'faq.entryPostings.entries': e.entries,
    'faq.entryPostings.centroid': Float32Array.from(e.centroid),
    'faq.entryPostings.answer': Float32Array.from(e.answer),
    'faq.classes': joinKeys(c.model.classes),
    'faq.classRow': classRow,
    'faq.bias': Float64Array.from(c.model.bias),
  };
  if (c.kind === 'softmax') {
    sections['faq.softmax.weights'] = Float32Array.from(c.model.weights);
  } else {
    const m = c.model;
    // In (feature, class) order, not the hash table's slot order: a table rebuilt from the pairs
    // (its size follows their count) packs to the same sections.
    const slots: number[] = [];
    for (let s = 0; s < m.slotFeature.length; s++) if (m.slotFeature[s] !== 0) slots.push(s);
    const feature = (s: number) => m.slotFeature[s] as number;
    const klass = (s: number) => m.slotClass[s] as number;
    slots.sort((a, b) => feature(a) - feature(b) || klass(a) - klass(b));
    const pf = new Int32Array(slots.length);
    const pc = new Int32Array(slots.length);
    const pw = new Float32Array(slots.length);
    slots.forEach((s, k) => {
      pf[k] = feature(s) - 1;
      pc[k] = klass(s);
      pw[k] = m.weights[s] as number;
    });
    sections['faq.pairs.feature'] = pf;
    sections['faq.pairs.class'] = pc;
    sections['faq.pairs.weight'] = pw;
  }
  return sections;
}

/** Reads a section of the expected kind, or throws naming it. */
export type SectionReader = {
  text(name: string): string;
  /** A text section's UTF-8 bytes, when the reader has them (then long texts are decoded a window per step). */
  utf8?(name: string): Uint8Array;
  /** An array section as a view into the reader's bytes, not a copy, when the reader has them (then big arrays are copied a slice per step). */
  view?(name: string, kind: 'i32' | 'f32'): Int32Array | Float32Array;
  i32(name: string): Int32Array;
  f32(name: string): Float32Array;
  f64(name: string): Float64Array;
};

/** The model back from its sections; the maps' arrays are views into the sections' arrays. */
export function unpackFaqModel(read: SectionReader): FaqModelData {
  const steps = unpackFaqModelSteps(read);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Features, and candidate pairs, unpacked between two pauses of a loading caller. */
const FEATURES_PER_STEP = 5_000;
const PAIRS_PER_STEP = 50_000;

/** `unpackFaqModel` in steps: pauses between slices of the features and of the classifier's pairs. */
export function* unpackFaqModelSteps(read: SectionReader): Generator<void, FaqModelData> {
  const meta = JSON.parse(read.text('faq.meta')) as { phrasings: number; weights: FaqModelData['weights']; kind: 'softmax' | 'candidates'; rows: number };
  const features = yield* splitKeysSteps(read, 'faq.features');
  // The arrays the model keeps are copied out of the image (so its bytes can go), a slice per step.
  const df = read.i32('faq.df');
  const pOffsets = read.i32('faq.postings.offsets');
  const pDocs = yield* copySteps(read, 'faq.postings.docs', 'i32');
  const pWeights = yield* copySteps(read, 'faq.postings.weights', 'f32');
  const eOffsets = read.i32('faq.entryPostings.offsets');
  const eEntries = yield* copySteps(read, 'faq.entryPostings.entries', 'i32');
  const eCentroid = yield* copySteps(read, 'faq.entryPostings.centroid', 'f32');
  const eAnswer = yield* copySteps(read, 'faq.entryPostings.answer', 'f32');
  const classRow = read.i32('faq.classRow');
  yield;
  const F = features.length;
  if (df.length !== F || pOffsets.length !== F + 1 || eOffsets.length !== F + 1 || classRow.length !== F) throw new Error('FAQ model sections disagree on the number of features');
  if (pOffsets[F] !== pDocs.length || pDocs.length !== pWeights.length) throw new Error('FAQ model postings are inconsistent');
  if (eOffsets[F] !== eEntries.length || eEntries.length !== eCentroid.length || eEntries.length !== eAnswer.length) throw new Error('FAQ model entry postings are inconsistent');
  // The features' ids: their positions, looked up through a compact table (not a Map of every feature).
  const featureIds = yield* stringIdsSteps(features);
  let rows = 0;
  for (let f = 0; f < F; f++) {
    if (f % FEATURES_PER_STEP === FEATURES_PER_STEP - 1) yield;
    if ((pOffsets[f] as number) > (pOffsets[f + 1] as number) || (eOffsets[f] as number) > (eOffsets[f + 1] as number)) throw new Error('FAQ model offsets are not ascending');
    const row = classRow[f] as number;
    if (row >= meta.rows) throw new Error('FAQ classifier row out of range');
    if (row >= 0) rows++;
  }
  if (rows !== meta.rows) throw new Error('FAQ classifier rows and features disagree');
  yield;
  // The classifier's rows looked up through the feature ids (no second map of every feature).
  const ordered = classRows(featureIds, classRow, rows);
  const classes = yield* splitKeysSteps(read, 'faq.classes');
  const bias = read.f64('faq.bias');
  if (bias.length !== classes.length) throw new Error('FAQ classifier bias and classes disagree');
  let classifier: FaqModelData['classifier'];
  if (meta.kind === 'softmax') {
    const weights = read.f32('faq.softmax.weights');
    if (weights.length !== meta.rows * classes.length) throw new Error('FAQ softmax weights have the wrong size');
    // Kept as Float32, as stored: every weight reads as the same number as from a Float64 copy, at half the memory.
    classifier = { kind: 'softmax', model: { classes, featureIndex: ordered, weights, bias: Float64Array.from(bias) } };
  } else {
    // Read once into the model's table: views, not copies, where the reader has them.
    const pf = read.view ? (read.view('faq.pairs.feature', 'i32') as Int32Array) : read.i32('faq.pairs.feature');
    const pc = read.view ? (read.view('faq.pairs.class', 'i32') as Int32Array) : read.i32('faq.pairs.class');
    const pw = read.view ? (read.view('faq.pairs.weight', 'f32') as Float32Array) : read.f32('faq.pairs.weight');
    if (pf.length !== pc.length || pf.length !== pw.length) throw new Error('FAQ candidate pairs are inconsistent');
    const model = emptyCandidateModel(classes, ordered, Float64Array.from(bias), pf.length);
    // The table's fresh memory touched a slice per step first: the pairs land at random in it, and a
    // first step writing into untouched pages of a 10,000-entry shop's table took 650 ms.
    for (const table of [model.slotFeature, model.slotClass, model.weights]) {
      for (let at = 0; at < table.length; at += COPY_ITEMS) {
        table.fill(0, at, at + COPY_ITEMS);
        yield;
      }
    }
    for (let i = 0; i < pf.length; i++) {
      if (i % PAIRS_PER_STEP === PAIRS_PER_STEP - 1) yield;
      const f = pf[i] as number;
      const c = pc[i] as number;
      if (f < 0 || f >= meta.rows || c < 0 || c >= classes.length) throw new Error('FAQ candidate pair out of range');
      setCandidateWeight(model, f, c, pw[i] as number);
    }
    classifier = { kind: 'candidates', model };
  }
  const entries = yield* splitKeysSteps(read, 'faq.entries');
  const docEntry = read.i32('faq.docEntry');
  if (docEntry.length !== meta.phrasings) throw new Error('FAQ model phrasing count is inconsistent');
  return {
    df,
    phrasings: meta.phrasings,
    weights: meta.weights,
    featureIds,
    entries,
    docEntry,
    postings: { offsets: pOffsets, docs: pDocs, weights: pWeights },
    entryPostings: { offsets: eOffsets, entries: eEntries, centroid: eCentroid, answer: eAnswer },
    classifier,
    classIndex: new Map(classes.map((k, i) => [k, i])),
  };
}
