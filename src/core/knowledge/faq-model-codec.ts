// The FAQ model as named sections of strings and typed arrays: what a release image stores
// (release-image.ts) and what crosses between threads. Compact: every feature is interned once
// (one string table; postings, idf counts and classifier rows refer to it by number), weights are
// Float32, and the candidate classifier keeps its (feature, class) pairs, not its hash table (a
// 10,000-entry shop's table is 16.7 M slots for ~3 M pairs).
import type { FaqModelData } from './faq-model.js';
import { emptyCandidateModel, setCandidateWeight } from '../understanding/candidate-classifier.js';

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

/** Row `f` of a CSR layout. */
function rows(offsets: Int32Array, f: number): [number, number] {
  return [offsets[f] as number, offsets[f + 1] as number];
}

/** Packs the model into sections named `faq.*`. Weights become Float32. */
export function packFaqModel(data: FaqModelData): Record<string, Section> {
  const features = [...data.df.keys()];
  const id = new Map(features.map((f, i) => [f, i]));
  const idOf = (f: string): number => {
    const i = id.get(f);
    if (i === undefined) throw new Error(`FAQ model feature ${JSON.stringify(f)} has no document frequency`);
    return i;
  };
  const df = Int32Array.from(features, (f) => data.df.get(f) ?? 0);
  // Postings and entry postings by feature id, in CSR form.
  const byId = <R>(map: ReadonlyMap<string, R>): (R | undefined)[] => {
    const out: (R | undefined)[] = new Array(features.length);
    for (const [f, r] of map) out[idOf(f)] = r;
    return out;
  };
  const postings = byId(data.postings);
  const pOffsets = new Int32Array(features.length + 1);
  postings.forEach((p, i) => (pOffsets[i + 1] = (pOffsets[i] as number) + (p?.docs.length ?? 0)));
  const pDocs = new Int32Array(pOffsets[features.length] as number);
  const pWeights = new Float32Array(pDocs.length);
  postings.forEach((p, i) => {
    if (!p) return;
    pDocs.set(p.docs, pOffsets[i]);
    pWeights.set(p.weights, pOffsets[i]);
  });
  const entryPostings = byId(data.entryPostings);
  const eOffsets = new Int32Array(features.length + 1);
  entryPostings.forEach((p, i) => (eOffsets[i + 1] = (eOffsets[i] as number) + (p?.entries.length ?? 0)));
  const eEntries = new Int32Array(eOffsets[features.length] as number);
  const eCentroid = new Float32Array(eEntries.length);
  const eAnswer = new Float32Array(eEntries.length);
  entryPostings.forEach((p, i) => {
    if (!p) return;
    eEntries.set(p.entries, eOffsets[i]);
    eCentroid.set(p.centroid, eOffsets[i]);
    eAnswer.set(p.answer, eOffsets[i]);
  });
  const c = data.classifier;
  // The classifier's row of each feature id (-1: the classifier never saw it).
  const classRow = new Int32Array(features.length).fill(-1);
  for (const [f, row] of c.model.featureIndex) classRow[idOf(f)] = row;
  const sections: Record<string, Section> = {
    'faq.meta': JSON.stringify({ phrasings: data.phrasings, weights: data.weights, kind: c.kind, rows: c.model.featureIndex.size }),
    'faq.features': joinKeys(features),
    'faq.df': df,
    'faq.entries': joinKeys(data.entries),
    'faq.docEntry': data.docEntry,
    'faq.postings.offsets': pOffsets,
    'faq.postings.docs': pDocs,
    'faq.postings.weights': pWeights,
    'faq.entryPostings.offsets': eOffsets,
    'faq.entryPostings.entries': eEntries,
    'faq.entryPostings.centroid': eCentroid,
    'faq.entryPostings.answer': eAnswer,
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
  const dfMap = new Map<string, number>();
  const postings = new Map<string, { docs: Int32Array; weights: Float32Array }>();
  const entryPostings = new Map<string, { entries: Int32Array; centroid: Float32Array; answer: Float32Array }>();
  const featureIndex = new Map<string, number>();
  for (let f = 0; f < F; f++) {
    if (f % FEATURES_PER_STEP === FEATURES_PER_STEP - 1) yield;
    const key = features[f] as string;
    dfMap.set(key, df[f] as number);
    const [p0, p1] = rows(pOffsets, f);
    if (p1 > p0) postings.set(key, { docs: pDocs.subarray(p0, p1), weights: pWeights.subarray(p0, p1) });
    const [e0, e1] = rows(eOffsets, f);
    if (e1 > e0) entryPostings.set(key, { entries: eEntries.subarray(e0, e1), centroid: eCentroid.subarray(e0, e1), answer: eAnswer.subarray(e0, e1) });
    const row = classRow[f] as number;
    if (row >= 0) featureIndex.set(key, row);
  }
  yield;
  // The classifier's feature index in row order, as training numbered it.
  const ordered = new Map([...featureIndex].sort((a, b) => a[1] - b[1]));
  yield;
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
    df: dfMap,
    phrasings: meta.phrasings,
    weights: meta.weights,
    entries,
    docEntry,
    postings,
    entryPostings,
    classifier,
    classIndex: new Map(classes.map((k, i) => [k, i])),
  };
}
