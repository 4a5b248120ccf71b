// FAQ retrieval: one pass over the inverted index of phrasing vectors gives the TF-IDF cosine
// (words and character bigrams) with every phrasing; the best entries are then scored against
// their centroid and answer and blended with a softmax classifier. The blend is bounded 0..1 and
// doubles as the confidence that decides between an answer and the fallback.
import { termFrequencies, tfidfVector } from './features.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { probabilities } from '../understanding/linear-classifier.js';
import { candidateProbabilities, DEFAULT_CANDIDATE_OPTIONS } from '../understanding/candidate-classifier.js';
import { featureRows, idfOfCount, isSparse, type FaqModel } from './faq-model.js';

/** One ranked FAQ candidate. */
export interface FaqMatch {
  faqId: string;
  /** TF-IDF cosine of the question with the entry's best-matching phrasing. */
  score: number;
  /** 0..1: similarity of the question to the entry (best phrasing blended with all phrasings). */
  confidence: number;
}

/** Ranks FAQ entries for a question, best first; empty when nothing shares a feature. */
export function searchFaq(kb: KnowledgeBase, text: string, limit = 3): FaqMatch[] {
  const model = kb.faqModel;
  const tokens = model.features(text);
  if (tokens.length === 0) return [];
  const q = tfidfVector(termFrequencies(tokens), queryIdf(kb), model.weights);

  // Only the first entries of the ranking are read (the candidates, and the classes of the
  // candidate softmax).
  const ordered = bestEntries(model, q, Math.max(model.weights.candidates, CANDIDATE_CLASSES));
  if (ordered.length === 0) return [];

  const { best: wBest, answer: wAnswer, classifier: wClassifier } = model.weights;
  const p = classProbabilities(model, q, ordered);
  const candidates = ordered.slice(0, model.weights.candidates);
  // Cosines of the candidates with their entry's centroid and answer: each entry's weight found in
  // the query features' entry postings (ascending entries), summed in the query's feature order.
  const { entries, centroid, answer, offsets } = model.entryPostings;
  const lists: { wq: number; from: number; to: number }[] = [];
  for (const [f, wq] of q) {
    const [from, to] = featureRows(model, offsets, f);
    if (to > from) lists.push({ wq, from, to });
  }
  const ranked: FaqMatch[] = candidates.map(([faqId, e, best]) => {
    let centroidDot = 0;
    let answerDot = 0;
    for (const list of lists) {
      const i = indexIn(entries, list.from, list.to, e);
      if (i < 0) continue;
      centroidDot = centroidDot + list.wq * (centroid[i] as number);
      answerDot = answerDot + list.wq * (answer[i] as number);
    }
    const cosine = Math.min(1, wBest * best + (1 - wBest) * centroidDot + wAnswer * answerDot);
    // Geometric blend: softmax probabilities always sum to 1, so without shared words (cosine 0)
    // the classifier alone must not make an unrelated question look answerable.
    const confidence = Math.pow(cosine, 1 - wClassifier) * Math.pow(p(model.classIndex.get(faqId) ?? -1), wClassifier);
    return { faqId, score: best, confidence };
  });
  return ranked.sort((x, y) => y.confidence - x.confidence || x.faqId.localeCompare(y.faqId)).slice(0, limit);
}

/**
 * The entries that can be among the first `k` by their best phrasing's cosine with the question
 * vector `q` (every entry scoring at least the k-th best), as [id, entry number, cosine], best
 * first, ties by id; empty when no phrasing shares a feature. `prune: false` walks every posting
 * (the reference the pruned walk is tested against).
 */
export function bestEntries(model: PostingsModel, q: ReadonlyMap<string, number>, k: number, prune = true): [string, number, number][] {
  // Cosine with every phrasing at once: walk the postings of the query's features.
  const docs = model.docEntry.length;
  if (scratch.scores.length < docs) scratch.scores = new Float64Array(docs);
  if (scratch.touched.length < docs) scratch.touched = new Int32Array(docs);
  if (scratch.best.length < model.entries.length) scratch.best = new Float64Array(model.entries.length);
  if (scratch.hit.length < model.entries.length) scratch.hit = new Int32Array(model.entries.length);
  const { scores, best, touched } = scratch;
  const { docs: listDocs, weights: listWeights } = model.postings;
  const postings: Posting[] = [];
  for (const [f, wq] of q) {
    const [from, to] = featureRows(model, model.postings.offsets, f);
    if (to > from) postings.push({ feature: model.featureIds.get(f) as number, from, to, wq });
  }
  // Long postings (a common word) read only for the phrasings that can still rank, when there are
  // such: see markCandidates.
  const sparse = prune ? markCandidates(model, postings, k) : undefined;
  const { mark } = scratch;
  // The phrasings touched, in order of first touch (a typed array: pushing to a growing array
  // cost most of the walk on a shop of 200,000 phrasings).
  let touchedCount = 0;
  for (const [n, { from, to, wq }] of postings.entries()) {
    if (sparse?.has(n)) {
      for (let i = from; i < to; i++) {
        const doc = listDocs[i] as number;
        if (mark[doc] === 0) continue;
        if (scores[doc] === 0) touched[touchedCount++] = doc;
        scores[doc] = (scores[doc] as number) + wq * (listWeights[i] as number);
      }
      continue;
    }
    for (let i = from; i < to; i++) {
      const doc = listDocs[i] as number;
      if (scores[doc] === 0) touched[touchedCount++] = doc;
      scores[doc] = (scores[doc] as number) + wq * (listWeights[i] as number);
    }
  }
  if (sparse) for (let m = 0; m < scratch.markedCount; m++) mark[scratch.marked[m] as number] = 0;
  // Each entry's best phrasing; the buffers are left zeroed for the next call.
  const hit = scratch.hit;
  let hitCount = 0;
  for (let t = 0; t < touchedCount; t++) {
    const doc = touched[t] as number;
    const e = model.docEntry[doc] as number;
    const score = scores[doc] as number;
    scores[doc] = 0;
    if (score > (best[e] as number)) {
      if (best[e] === 0) hit[hitCount++] = e;
      best[e] = score;
    }
  }
  if (hitCount === 0) return [];
  // Entries scoring below the K-th best are left out before sorting, which keeps the first K
  // exactly as a sort of all of them.
  const threshold = kthLargest(hit, hitCount, best, k);
  const bestPhrasing: [string, number, number][] = [];
  for (let h = 0; h < hitCount; h++) {
    const e = hit[h] as number;
    if ((best[e] as number) >= threshold) bestPhrasing.push([model.entries[e] as string, e, best[e] as number]);
  }
  for (let h = 0; h < hitCount; h++) best[hit[h] as number] = 0;
  return bestPhrasing.sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));
}

/** What the walk over the phrasings' postings reads of the FAQ model. */
type PostingsModel = Pick<FaqModel, 'featureIds' | 'postings' | 'docEntry' | 'entries'>;

/** A feature's postings (rows `from` to `to` of the model's: ascending phrasings, the feature's weight in each) and its weight in the question. */
interface Posting {
  feature: number;
  from: number;
  to: number;
  wq: number;
}

/** Below this many postings in all, a question's postings are simply walked. */
const PRUNE_FROM = 16384;
/** Postings this long (or a hundredth of the phrasings, if more) are a common feature's. */
const LONG_POSTINGS = 1024;
/** At most this share of the long postings skipped may be spent on finding that they can be. */
const TRIAL_SHARE = 0.3;
/** Slack for rounding in the bounds below (scores are sums of at most a few dozen products ≤ 1). */
const BOUND_SLACK = 1e-9;

/**
 * Skipping common features (max-score pruning), exactly. A phrasing's cosine is a sum of positive
 * terms, at most the feature's weight in the question times its largest weight in any phrasing.
 * The short postings are walked first (and long ones, most weight first, while needed) for
 * partial sums: the K-th best entry by them is a lower bound θ of the K-th best entry in the
 * end. When the long postings left can add less than θ in all, a phrasing none of the walked
 * postings has cannot reach the first K, nor one whose partial sum plus that bound stays below θ:
 * the others are marked, and those long postings need only be read for them. The caller then
 * walks every posting in the question's order as before, a long one only for marked phrasings:
 * every phrasing that can rank among the first K gets exactly the sum it had, in the same order,
 * and the others stay below the K-th best.
 *
 * Returns the positions in `lists` of the postings to read only for marked phrasings (`scratch.mark`,
 * listed in `scratch.marked`), or undefined to walk them all. Leaves `scores` and `best` zeroed.
 */
function markCandidates(model: PostingsModel, lists: readonly Posting[], k: number): Set<number> | undefined {
  const docs = model.docEntry.length;
  const total = lists.reduce((n, l) => n + l.to - l.from, 0);
  if (total < PRUNE_FROM) return undefined;
  const longFrom = Math.max(LONG_POSTINGS, docs / 100);
  // The long postings, the least weighty first (the weightiest are walked first when needed).
  const long = lists
    .map((l, n) => ({ n, bound: l.wq * largest(model, l), length: l.to - l.from }))
    .filter((l) => l.length > longFrom)
    .sort((a, b) => a.bound - b.bound || a.n - b.n);
  if (long.length === 0) return undefined;
  // What the trial costs (postings walked here and again after, entries ranked) must stay well
  // below what skipping saves (the long postings left, read without adding): else it is not tried,
  // or given up.
  let longLeft = long.reduce((n, l) => n + l.length, 0);
  let spent = total - longLeft;
  if (spent > TRIAL_SHARE * longLeft) return undefined;
  const longSet = new Set(long.map((l) => l.n));
  const { scores, touched } = scratch;
  let touchedCount = 0;
  const { docs: listDocs, weights: listWeights } = model.postings;
  const walk = ({ from, to, wq }: Posting) => {
    for (let i = from; i < to; i++) {
      const doc = listDocs[i] as number;
      if (scores[doc] === 0) touched[touchedCount++] = doc;
      scores[doc] = (scores[doc] as number) + wq * (listWeights[i] as number);
    }
  };
  lists.forEach((l, n) => {
    if (!longSet.has(n)) walk(l);
  });
  let theta = entryThreshold(model, touchedCount, k);
  spent += touchedCount;
  let rest = long.reduce((sum, l) => sum + l.bound, 0);
  while (!(rest < theta - BOUND_SLACK) && long.length > 0) {
    const next = long[long.length - 1] as (typeof long)[number];
    if (spent + next.length > TRIAL_SHARE * (longLeft - next.length)) break;
    long.pop();
    walk(lists[next.n] as Posting);
    longLeft -= next.length;
    spent += next.length;
    theta = entryThreshold(model, touchedCount, k);
    spent += touchedCount;
    rest = long.reduce((sum, l) => sum + l.bound, 0);
  }
  const pruned = long.length > 0 && rest < theta - BOUND_SLACK;
  if (pruned) {
    if (scratch.mark.length < docs) scratch.mark = new Uint8Array(docs);
    if (scratch.marked.length < docs) scratch.marked = new Int32Array(docs);
  }
  let markedCount = 0;
  for (let t = 0; t < touchedCount; t++) {
    const doc = touched[t] as number;
    if (pruned && (scores[doc] as number) + rest >= theta - BOUND_SLACK) {
      scratch.mark[doc] = 1;
      scratch.marked[markedCount++] = doc;
    }
    scores[doc] = 0;
  }
  scratch.markedCount = markedCount;
  return pruned ? new Set(long.map((l) => l.n)) : undefined;
}

/** The largest of a feature's posting weights (remembered per model and feature; NaN: not yet). */
function largest(model: PostingsModel, { feature, from, to }: Posting): number {
  let known = largestWeights.get(model.postings);
  if (!known) {
    known = new Float64Array(model.featureIds.size).fill(NaN);
    largestWeights.set(model.postings, known);
  }
  let max = known[feature] as number;
  if (Number.isNaN(max)) {
    max = 0;
    const weights = model.postings.weights;
    for (let i = from; i < to; i++) if ((weights[i] as number) > max) max = weights[i] as number;
    known[feature] = max;
  }
  return max;
}
const largestWeights = new WeakMap<object, Float64Array>();

/** The K-th best entry by the first `count` touched phrasings' scores (-Infinity when fewer entries); leaves `best` zeroed. */
function entryThreshold(model: PostingsModel, count: number, k: number): number {
  const { scores, touched, best, hit } = scratch;
  let hitCount = 0;
  for (let t = 0; t < count; t++) {
    const doc = touched[t] as number;
    const e = model.docEntry[doc] as number;
    const score = scores[doc] as number;
    if (score > (best[e] as number)) {
      if (best[e] === 0) hit[hitCount++] = e;
      best[e] = score;
    }
  }
  const theta = kthLargest(hit, hitCount, best, k);
  for (let h = 0; h < hitCount; h++) best[hit[h] as number] = 0;
  return theta;
}

/** Where `value` is in the ascending run `sorted[from, to)`, or -1. */
function indexIn(sorted: Int32Array, from: number, to: number, value: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The k-th largest of `values[i]` over the first `count` of `items` (-Infinity when there are at most k). */
function kthLargest(items: Int32Array, count: number, values: Float64Array, k: number): number {
  if (count <= k) return -Infinity;
  const top: number[] = []; // descending, at most k
  for (let n = 0; n < count; n++) {
    const v = values[items[n] as number] as number;
    if (top.length === k && v <= (top[k - 1] as number)) continue;
    let at = top.length < k ? top.length : k - 1;
    while (at > 0 && (top[at - 1] as number) < v) {
      if (at < k) top[at] = top[at - 1] as number;
      at--;
    }
    top[at] = v;
  }
  return top[k - 1] as number;
}

/**
 * The idf a question is weighed with. In a knowledge base of one question per entry most of a
 * shopper's words are in no phrasing; weighed as unseen (the highest idf) they drown the few the
 * question shares with the right entry ("快递到了爽肤水瓶子裂了 漏了一箱子"), so there they weigh as
 * words seen in one phrasing. Entries written with many phrasings keep the model's idf.
 */
function queryIdf(kb: KnowledgeBase): (feature: string) => number {
  let idf = queryIdfs.get(kb);
  if (!idf) {
    const model = kb.faqModel;
    const seenOnce = idfOfCount(1, model.docEntry.length);
    idf = oneQuestionPerEntry(kb) ? (f) => Math.min(model.idf(f), seenOnce) : model.idf;
    queryIdfs.set(kb, idf);
  }
  return idf;
}
const queryIdfs = new WeakMap<KnowledgeBase, (feature: string) => number>();

/** Whether the release's knowledge base is kept as shops keep it, one question per entry (`isSparse`), once per release. */
export function oneQuestionPerEntry(kb: KnowledgeBase): boolean {
  let sparse = sparseKbs.get(kb);
  if (sparse === undefined) {
    sparse = isSparse(kb.release.bundle.faq);
    sparseKbs.set(kb, sparse);
  }
  return sparse;
}
const sparseKbs = new WeakMap<KnowledgeBase, boolean>();

// Scratch buffers reused across calls (single-threaded JS): a query allocates only what it returns.
/**
 * The classifier's probability of each entry (by class position; 0 for none): over all entries for
 * the full softmax, over the question's best entries by cosine for the candidate one (as it was
 * trained; the others 0, without an array of every entry per question).
 */
function classProbabilities(model: FaqModel, q: Map<string, number>, ordered: readonly [string, number, number][]): (position: number) => number {
  const c = model.classifier;
  if (c.kind === 'softmax') {
    const all = probabilities(c.model, q);
    return (position) => all[position] ?? 0;
  }
  const positions = ordered.slice(0, CANDIDATE_CLASSES).map(([faqId]) => model.classIndex.get(faqId) ?? -1);
  const p = candidateProbabilities(c.model, q, positions);
  const byPosition = new Map<number, number>();
  positions.forEach((pos, a) => {
    if (pos >= 0) byPosition.set(pos, p[a] as number);
  });
  return (position) => byPosition.get(position) ?? 0;
}

/** Entries a question's candidate softmax runs over (the training's candidate count). */
const CANDIDATE_CLASSES = DEFAULT_CANDIDATE_OPTIONS.candidates;

const scratch = {
  scores: new Float64Array(0),
  touched: new Int32Array(0),
  best: new Float64Array(0),
  hit: new Int32Array(0),
  /** Phrasings that can still rank (1), listed in `marked`. */
  mark: new Uint8Array(0),
  marked: new Int32Array(0),
  markedCount: 0,
};
