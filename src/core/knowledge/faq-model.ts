// The FAQ model of a release: vectors of every phrasing, each entry's centroid and answer,
// and a classifier trained on the phrasings. Built once when a release is loaded.
import type { FaqEntry } from '../catalog/types.js';
import type { StringIds } from '../text/string-ids.js';
import { centroid, termFrequencies, tfidfVector, type SparseVector } from './features.js';
import { trainLinearModel, type LinearModel } from '../understanding/linear-classifier.js';
import { DEFAULT_CANDIDATE_OPTIONS, trainCandidateModel, type CandidateModel } from '../understanding/candidate-classifier.js';

/**
 * Up to this many entries the classifier is a full softmax (every example against every entry);
 * beyond, whose cost grows with entries × examples, each example competes with its entry's nearest
 * entries only (candidate-classifier.ts), and a question with its best entries by cosine.
 */
export const FULL_SOFTMAX_UP_TO = 256;

/** The FAQ classifier: a full softmax, or a candidate softmax for big shops. */
export type FaqClassifier = { kind: 'softmax'; model: LinearModel } | { kind: 'candidates'; model: CandidateModel };

/** How the similarity is blended; chosen by measurement on the demo shop's cases (docs/benchmarks.md). */
export interface FaqWeights {
  /** Weight of character-bigram features relative to words. */
  bigram: number;
  /** Share of the best single phrasing's cosine; the rest goes to the entry's centroid. */
  best: number;
  /** Extra weight of the answer text's cosine (facts the question names, e.g. 中通, 湖州). */
  answer: number;
  /** Entries, by best phrasing, that are scored in full. */
  candidates: number;
  /** Exponent share of the classifier's probability in the final score (the rest is the cosine's). */
  classifier: number;
  /** Weight of service-topic features relative to words (1 when absent). */
  topic?: number;
  /** Scale of an answer sentence's vector when sentences count as phrasings (1 when absent). */
  answerSentence?: number;
}

export const DEFAULT_FAQ_WEIGHTS: FaqWeights = { bigram: 0.5, best: 0.6, answer: 0.15, candidates: 10, classifier: 0.5 };

/**
 * What changes for a knowledge base kept as shops keep it (one question per entry, `isSparse`):
 * a service topic ("压扁了" ~ 破损, "撤单" ~ 取消) is most of what ties a shopper's words to a
 * one-line question, so it counts half as much again as a word; and an answer sentence is evidence,
 * not the question: a product named in passing ("收纳箱保修1年") must not outrank the entry whose
 * question is the topic, so it counts half. Chosen on the six tuned CSV shops (docs/evaluation.md).
 */
export const SPARSE_FAQ_WEIGHTS: Pick<FaqWeights, 'topic' | 'answerSentence'> = { topic: 1.5, answerSentence: 0.5 };

/**
 * Every feature's phrasings (ascending) and its weight in each, in CSR form: feature id `f`'s are
 * positions `offsets[f]` to `offsets[f + 1]` of `docs` and `weights` (a few flat arrays, not two
 * small typed arrays per feature: those cost ~300 bytes of heap each, more than their numbers).
 */
export interface FeaturePostings {
  offsets: Int32Array;
  docs: Int32Array;
  weights: Float64Array | Float32Array;
}

/**
 * Every feature's entries whose centroid (normalised sum of the phrasing vectors) or answer vector
 * has it, ascending, with its weight in each (0 where only the other has it), in CSR form as
 * `FeaturePostings`.
 */
export interface FeatureEntryPostings {
  offsets: Int32Array;
  entries: Int32Array;
  centroid: Float64Array | Float32Array;
  answer: Float64Array | Float32Array;
}

/** Vectors of every phrasing, centroid and answer, built once per release. */
export interface FaqModel {
  features: (text: string) => string[];
  idf: (feature: string) => number;
  weights: FaqWeights;
  /** Feature → its id, the row of `postings` and `entryPostings` (ids in order of first appearance among the phrasings). */
  featureIds: StringIds;
  /** The phrasings that have each feature and its weight there (an inverted index of the vectors). */
  postings: FeaturePostings;
  /** FAQ entry ids by entry number (the order of `faq.yaml`). */
  entries: readonly string[];
  /** The entry number of each phrasing, by phrasing number. */
  docEntry: Int32Array;
  /** The entries whose centroid or answer has each feature: every entry's cosines at once. */
  entryPostings: FeatureEntryPostings;
  /** Softmax classifier over entries, trained on the phrasings. */
  classifier: FaqClassifier;
  /** Position of each entry among the classifier's classes. */
  classIndex: ReadonlyMap<string, number>;
  /** Each feature's postings cut by entry, with their largest weights: built at load for big models (`entryBlockSteps`). */
  entryBlocks?: FeatureEntryBlocks;
}

/**
 * Every feature's postings cut into blocks of one entry's phrasings (a phrasing's entry is the block,
 * as an entry's phrasings are numbered in a row), with the largest weight in each: a question's
 * cosine with any phrasing of an entry is at most the sum, over the question's features, of its
 * weight times the block's largest. Feature id `f`'s blocks are positions `offsets[f]` to
 * `offsets[f + 1]`; block `j`'s postings are rows `starts[j]` to `starts[j + 1]` of the model's
 * postings (the postings of one feature follow another's, so the next block starts where a block
 * ends; `starts` has one more element, the number of postings).
 */
export interface FeatureEntryBlocks {
  offsets: Int32Array;
  entries: Int32Array;
  starts: Int32Array;
  max: Float64Array | Float32Array;
  /** Entry `e`'s phrasings are `firstDoc[e]` to `firstDoc[e + 1]`. */
  firstDoc: Int32Array;
}

/** Models of at least this many phrasings get entry blocks (a demo-size shop's questions walk few postings). */
export const ENTRY_BLOCKS_FROM = 16384;
/** Postings read per step while entry blocks are built (a 10,000-entry model has ~4.8 million). */
const BLOCK_POSTINGS_PER_STEP = 1 << 20;

/**
 * The entry blocks of a model's postings (`FeatureEntryBlocks`), built in steps of about a million
 * postings; undefined for a model under `from` phrasings, or one whose phrasings are
 * not numbered entry by entry or that has a negative weight (where a block's largest weight bounds
 * nothing).
 */
export function* entryBlockSteps(model: Pick<FaqModel, 'postings' | 'docEntry' | 'entries'>, from = ENTRY_BLOCKS_FROM): Generator<void, FeatureEntryBlocks | undefined> {
  const { docEntry, entries } = model;
  const { offsets, docs, weights } = model.postings;
  if (docEntry.length < from || docEntry.length === 0) return undefined;
  const firstDoc = new Int32Array(entries.length + 1);
  for (let d = 0; d < docEntry.length; d++) {
    const e = docEntry[d] as number;
    if (d > 0 && e < (docEntry[d - 1] as number)) return undefined;
    if (d === 0 || e !== docEntry[d - 1]) for (let x = d === 0 ? 0 : (docEntry[d - 1] as number) + 1; x <= e; x++) firstDoc[x] = d;
  }
  for (let x = (docEntry[docEntry.length - 1] as number) + 1; x <= entries.length; x++) firstDoc[x] = docEntry.length;
  yield;
  // Count the blocks, then fill them.
  const features = offsets.length - 1;
  const blockOffsets = new Int32Array(offsets.length);
  let blocks = 0;
  let read = 0;
  for (let f = 0; f < features; f++) {
    let last = -1;
    for (let i = offsets[f] as number; i < (offsets[f + 1] as number); i++) {
      const e = docEntry[docs[i] as number] as number;
      if (e !== last) blocks++;
      last = e;
      if ((weights[i] as number) < 0) return undefined;
    }
    blockOffsets[f + 1] = blocks;
    read += (offsets[f + 1] as number) - (offsets[f] as number);
    if (read >= BLOCK_POSTINGS_PER_STEP) {
      read = 0;
      yield;
    }
  }
  const blockEntries = new Int32Array(blocks);
  const starts = new Int32Array(blocks + 1);
  const max = weights instanceof Float32Array ? new Float32Array(blocks) : new Float64Array(blocks);
  let j = -1;
  for (let f = 0; f < features; f++) {
    let last = -1;
    for (let i = offsets[f] as number; i < (offsets[f + 1] as number); i++) {
      const e = docEntry[docs[i] as number] as number;
      const w = weights[i] as number;
      if (e !== last) {
        j++;
        blockEntries[j] = e;
        starts[j] = i;
        max[j] = w;
        last = e;
      } else if (w > (max[j] as number)) max[j] = w;
    }
    read += (offsets[f + 1] as number) - (offsets[f] as number);
    if (read >= BLOCK_POSTINGS_PER_STEP) {
      read = 0;
      yield;
    }
  }
  starts[blocks] = docs.length;
  return { offsets: blockOffsets, entries: blockEntries, starts, max, firstDoc };
}

/** `entryBlockSteps` in one go. */
export function entryBlocks(model: Pick<FaqModel, 'postings' | 'docEntry' | 'entries'>, from = ENTRY_BLOCKS_FROM): FeatureEntryBlocks | undefined {
  const steps = entryBlockSteps(model, from);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** The rows `[from, to)` of feature `feature` in a CSR layout; empty when the model has no such feature. */
export function featureRows(model: Pick<FaqModel, 'featureIds'>, offsets: Int32Array, feature: string): [number, number] {
  const f = model.featureIds.get(feature);
  return f === undefined ? [0, 0] : [offsets[f] as number, offsets[f + 1] as number];
}

/** Below this many phrasings per entry on average, answers' sentences join the phrasings. */
const SPARSE_PHRASINGS = 3;

/** Whether a knowledge base is kept as shops keep it: fewer than three phrasings per entry on average. */
export function isSparse(faq: readonly FaqEntry[]): boolean {
  return faq.length > 0 && faq.reduce((n, e) => n + 1 + e.similar.length, 0) < SPARSE_PHRASINGS * faq.length;
}

/** An answer cut into its sentences (。！？；and line breaks), short fragments left out. */
function answerSentences(answer: string): string[] {
  return answer.split(/[。！？!?；;\n]+/).map((s) => s.trim()).filter((s) => [...s].length >= 6);
}
/**
 * The model without its functions: plain maps and typed arrays, so it can be built in a worker
 * thread and handed over (structured clone) to the thread that answers.
 */
export type FaqModelData = Omit<FaqModel, 'features' | 'idf' | 'entryBlocks'> & {
  /** The number of phrasings that have each feature, by feature id (the idf's input). */
  df: Int32Array;
  /** The number of phrasings. */
  phrasings: number;
};

/** Builds the model; idf comes from the phrasings (answers are too long and alike to weigh words). */
export function buildFaqModel(faq: readonly FaqEntry[], features: (text: string) => string[], weights: FaqWeights = DEFAULT_FAQ_WEIGHTS): FaqModel {
  const data = buildFaqModelData(faq, features, weights);
  return faqModelFrom(data, features, entryBlocks(data));
}

/** The idf of a feature that `df` of `n` phrasings have (0 for one none has: the highest). */
export function idfOfCount(df: number, n: number): number {
  return Math.log((n + 1) / (df + 0.5));
}

function idfOf(df: ReadonlyMap<string, number>, n: number): (t: string) => number {
  const unseen = idfOfCount(0, n);
  return (t) => {
    const d = df.get(t);
    return d === undefined ? unseen : idfOfCount(d, n);
  };
}

/** The model from its data, the feature extractor it was built with and its entry blocks (`entryBlockSteps`), if built. */
export function faqModelFrom(data: FaqModelData, features: (text: string) => string[], blocks?: FeatureEntryBlocks): FaqModel {
  const { df, phrasings, ...model } = data;
  const unseen = idfOfCount(0, phrasings);
  const ids = model.featureIds;
  const idf = (t: string): number => {
    const f = ids.get(t);
    return f === undefined ? unseen : idfOfCount(df[f] as number, phrasings);
  };
  return { ...model, features, idf, ...(blocks ? { entryBlocks: blocks } : {}) };
}

/** Lists by feature (in the map's order, which numbers the features) laid out in CSR form. */
function csr<L>(featureIds: ReadonlyMap<string, number>, lists: ReadonlyMap<string, L>, length: (l: L | undefined) => number, fill: (l: L, at: number) => void): Int32Array {
  const offsets = new Int32Array(featureIds.size + 1);
  for (const [f, id] of featureIds) offsets[id + 1] = length(lists.get(f));
  for (let i = 0; i < featureIds.size; i++) offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
  for (const [f, id] of featureIds) {
    const l = lists.get(f);
    if (l !== undefined) fill(l, offsets[id] as number);
  }
  return offsets;
}

/** The model's data (see `FaqModelData`): the costly part, vectors, postings and training. */
export function buildFaqModelData(faq: readonly FaqEntry[], features: (text: string) => string[], weights: FaqWeights = DEFAULT_FAQ_WEIGHTS): FaqModelData {
  const docs: { faqId: string; tf: Map<string, number>; scale: number }[] = [];
  for (const e of faq) for (const text of [e.question, ...e.similar]) docs.push({ faqId: e.id, tf: termFrequencies(features(text)), scale: 1 });
  // A knowledge base kept as shops keep it, one question per entry, gives retrieval too few words:
  // then each answer's sentences count as phrasings of their entry too (the answer is the evidence).
  // Entries written with several phrasings (the demo shop's) are left as they are.
  if (isSparse(faq)) {
    weights = { ...weights, ...SPARSE_FAQ_WEIGHTS };
    const scale = weights.answerSentence ?? 1;
    for (const e of faq) for (const sentence of answerSentences(e.answer)) docs.push({ faqId: e.id, tf: termFrequencies(features(sentence)), scale });
  }
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const idf = idfOf(df, n);
  const phrasings = new Map<string, SparseVector[]>();
  for (const d of docs) {
    const list = phrasings.get(d.faqId) ?? [];
    const v = tfidfVector(d.tf, idf, weights);
    if (d.scale !== 1) for (const [f, w] of v) v.set(f, w * d.scale);
    list.push(v);
    phrasings.set(d.faqId, list);
  }
  const centroids = new Map([...phrasings.entries()].map(([id, vs]) => [id, centroid(vs)]));
  const entries = [...phrasings.keys()];
  const docEntry: number[] = [];
  const lists = new Map<string, { docs: number[]; weights: number[] }>();
  for (const [e, vs] of [...phrasings.values()].entries()) {
    for (const v of vs) {
      const doc = docEntry.push(e) - 1;
      for (const [f, w] of v) {
        const l = lists.get(f) ?? { docs: [], weights: [] };
        l.docs.push(doc);
        l.weights.push(w);
        lists.set(f, l);
      }
    }
  }
  // Features numbered in order of first appearance among the phrasings (every feature a posting has).
  const featureIds = new Map([...df.keys()].map((f, i) => [f, i]));
  const total = [...lists.values()].reduce((n, l) => n + l.docs.length, 0);
  const postings: FeaturePostings = { offsets: new Int32Array(0), docs: new Int32Array(total), weights: new Float64Array(total) };
  postings.offsets = csr(featureIds, lists, (l) => l?.docs.length ?? 0, (l, at) => {
    postings.docs.set(l.docs, at);
    postings.weights.set(l.weights, at);
  });
  // Answer words unseen among the phrasings would get the "unseen" idf and swamp the vector;
  // only features the phrasings know are kept.
  const answers = new Map(
    faq.map((e) => {
      const tf = new Map([...termFrequencies(features(e.answer))].filter(([t]) => df.has(t)));
      return [e.id, tfidfVector(tf, idf, weights)];
    }),
  );
  const entryLists = new Map<string, { entries: number[]; centroid: number[]; answer: number[] }>();
  entries.forEach((id, e) => {
    const c = centroids.get(id) ?? new Map<string, number>();
    const a = answers.get(id) ?? new Map<string, number>();
    for (const f of new Set([...c.keys(), ...a.keys()])) {
      const l = entryLists.get(f) ?? { entries: [], centroid: [], answer: [] };
      l.entries.push(e);
      l.centroid.push(c.get(f) ?? 0);
      l.answer.push(a.get(f) ?? 0);
      entryLists.set(f, l);
    }
  });
  const entryMaps = new Map(
    [...entryLists].map(([f, l]) => [f, { entries: Int32Array.from(l.entries), centroid: Float64Array.from(l.centroid) }]),
  );
  const entryTotal = [...entryLists.values()].reduce((n, l) => n + l.entries.length, 0);
  const entryPostings: FeatureEntryPostings = { offsets: new Int32Array(0), entries: new Int32Array(entryTotal), centroid: new Float64Array(entryTotal), answer: new Float64Array(entryTotal) };
  entryPostings.offsets = csr(featureIds, entryLists, (l) => l?.entries.length ?? 0, (l, at) => {
    entryPostings.entries.set(l.entries, at);
    entryPostings.centroid.set(l.centroid, at);
    entryPostings.answer.set(l.answer, at);
  });
  const examples = [...phrasings.entries()].flatMap(([faqId, vs]) => vs.map((x) => ({ x, label: faqId })));
  const classifier: FaqClassifier =
    entries.length <= FULL_SOFTMAX_UP_TO
      ? { kind: 'softmax', model: trainLinearModel(examples) }
      : { kind: 'candidates', model: trainCandidateModel(examples, nearestEntries(entries, entryMaps, DEFAULT_CANDIDATE_OPTIONS.candidates)) };
  const classIndex = new Map(classifier.model.classes.map((c, i) => [c, i]));
  return { df: Int32Array.from(featureIds.keys(), (f) => df.get(f) ?? 0), phrasings: n, weights, featureIds, postings, entries, docEntry: Int32Array.from(docEntry), entryPostings, classifier, classIndex };
}


/** Features of an entry's centroid that pick its neighbours: the heaviest few are enough. */
const NEIGHBOUR_FEATURES = 30;

/**
 * Each entry's nearest entries by centroid cosine, nearest first, over the heaviest features of its
 * centroid (features most entries share are skipped: they tell entries apart least and cost most).
 */
function nearestEntries(
  entries: readonly string[],
  entryPostings: ReadonlyMap<string, { entries: Int32Array; centroid: Float64Array | Float32Array }>,
  count: number,
): (entry: string) => readonly string[] {
  const features: { f: string; w: number }[][] = entries.map(() => []);
  const common = Math.max(200, entries.length / 20);
  for (const [f, l] of entryPostings) {
    if (l.entries.length > common) continue;
    for (let i = 0; i < l.entries.length; i++) {
      const w = l.centroid[i] as number;
      if (w > 0) features[l.entries[i] as number]?.push({ f, w });
    }
  }
  const dots = new Float64Array(entries.length);
  const near = new Map<string, string[]>();
  entries.forEach((id, e) => {
    const touched: number[] = [];
    const mine = (features[e] ?? []).sort((a, b) => b.w - a.w || (a.f < b.f ? -1 : 1)).slice(0, NEIGHBOUR_FEATURES);
    for (const { f, w } of mine) {
      const l = entryPostings.get(f);
      if (!l) continue;
      for (let i = 0; i < l.entries.length; i++) {
        const o = l.entries[i] as number;
        if (o === e) continue;
        if (dots[o] === 0) touched.push(o);
        dots[o] = (dots[o] as number) + w * (l.centroid[i] as number);
      }
    }
    const ranked = touched.filter((o) => (dots[o] as number) > 0).sort((a, b) => (dots[b] as number) - (dots[a] as number) || a - b);
    near.set(id, ranked.slice(0, count).map((o) => entries[o] as string));
    for (const o of touched) dots[o] = 0;
  });
  return (entry) => near.get(entry) ?? [];
}
