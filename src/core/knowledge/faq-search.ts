// FAQ retrieval: one pass over the inverted index of phrasing vectors gives the TF-IDF cosine
// (words and character bigrams) with every phrasing; the best entries are then scored against
// their centroid and answer and blended with a softmax classifier. The blend is bounded 0..1 and
// doubles as the confidence that decides between an answer and the fallback.
import { termFrequencies, tfidfVector } from './features.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { probabilities } from '../understanding/linear-classifier.js';
import { candidateProbabilities, DEFAULT_CANDIDATE_OPTIONS } from '../understanding/candidate-classifier.js';
import { idfOfCount, isSparse, type FaqModel } from './faq-model.js';

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
  const q = tfidfVector(termFrequencies(tokens), queryIdf(kb), model.weights.bigram);

  // Cosine with every phrasing at once: walk the postings of the query's features.
  const docs = model.docEntry.length;
  if (scratch.scores.length < docs) scratch.scores = new Float64Array(docs);
  if (scratch.touched.length < docs) scratch.touched = new Int32Array(docs);
  if (scratch.best.length < model.entries.length) scratch.best = new Float64Array(model.entries.length);
  const { scores, best, touched } = scratch;
  // The phrasings touched, in order of first touch (a typed array: pushing to a growing array
  // cost most of the walk on a shop of 200,000 phrasings).
  let touchedCount = 0;
  for (const [f, wq] of q) {
    const list = model.postings.get(f);
    if (!list) continue;
    const listDocs = list.docs;
    const listWeights = list.weights;
    for (let i = 0; i < listDocs.length; i++) {
      const doc = listDocs[i] as number;
      if (scores[doc] === 0) touched[touchedCount++] = doc;
      scores[doc] = (scores[doc] as number) + wq * (listWeights[i] as number);
    }
  }
  // Each entry's best phrasing; the buffers are left zeroed for the next call.
  if (scratch.hit.length < model.entries.length) scratch.hit = new Int32Array(model.entries.length);
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
  // Only the first entries of the ranking are read (the candidates, and the classes of the
  // candidate softmax): entries scoring below the K-th best are left out before sorting, which
  // keeps the first K exactly as a sort of all of them (the sort is stable, the order kept).
  const threshold = kthLargest(hit, hitCount, best, Math.max(model.weights.candidates, CANDIDATE_CLASSES));
  const bestPhrasing: [string, number, number][] = [];
  for (let h = 0; h < hitCount; h++) {
    const e = hit[h] as number;
    if ((best[e] as number) >= threshold) bestPhrasing.push([model.entries[e] as string, e, best[e] as number]);
  }
  for (let h = 0; h < hitCount; h++) best[hit[h] as number] = 0;

  const { best: wBest, answer: wAnswer, classifier: wClassifier } = model.weights;
  const ordered = bestPhrasing.sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));
  const p = classProbabilities(model, q, ordered);
  const candidates = ordered.slice(0, model.weights.candidates);
  // Cosines of the candidates with their entry's centroid and answer: each entry's weight found in
  // the query features' entry postings (ascending entries), summed in the query's feature order.
  const lists: { wq: number; entries: Int32Array; centroid: ArrayLike<number>; answer: ArrayLike<number> }[] = [];
  for (const [f, wq] of q) {
    const list = model.entryPostings.get(f);
    if (list) lists.push({ wq, ...list });
  }
  const ranked: FaqMatch[] = candidates.map(([faqId, e, best]) => {
    let centroidDot = 0;
    let answerDot = 0;
    for (const list of lists) {
      const i = indexIn(list.entries, e);
      if (i < 0) continue;
      centroidDot = centroidDot + list.wq * (list.centroid[i] as number);
      answerDot = answerDot + list.wq * (list.answer[i] as number);
    }
    const cosine = Math.min(1, wBest * best + (1 - wBest) * centroidDot + wAnswer * answerDot);
    // Geometric blend: softmax probabilities always sum to 1, so without shared words (cosine 0)
    // the classifier alone must not make an unrelated question look answerable.
    const confidence = Math.pow(cosine, 1 - wClassifier) * Math.pow(p(model.classIndex.get(faqId) ?? -1), wClassifier);
    return { faqId, score: best, confidence };
  });
  return ranked.sort((x, y) => y.confidence - x.confidence || x.faqId.localeCompare(y.faqId)).slice(0, limit);
}

/** Where `value` is in an ascending array, or -1. */
function indexIn(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
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

const scratch = { scores: new Float64Array(0), touched: new Int32Array(0), best: new Float64Array(0), hit: new Int32Array(0) };
