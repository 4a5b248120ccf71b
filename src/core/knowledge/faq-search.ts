// FAQ retrieval: one pass over the inverted index of phrasing vectors gives the TF-IDF cosine
// (words and character bigrams) with every phrasing; the best entries are then scored against
// their centroid and answer and blended with a softmax classifier. The blend is bounded 0..1 and
// doubles as the confidence that decides between an answer and the fallback.
import { termFrequencies, tfidfVector } from './features.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { probabilities } from '../understanding/linear-classifier.js';
import { candidateProbabilities, DEFAULT_CANDIDATE_OPTIONS } from '../understanding/candidate-classifier.js';
import { idfOfCount, SPARSE_PHRASINGS, type FaqModel } from './faq-model.js';

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
  if (scratch.best.length < model.entries.length) scratch.best = new Float64Array(model.entries.length);
  const { scores, best } = scratch;
  const touched: number[] = [];
  for (const [f, wq] of q) {
    const list = model.postings.get(f);
    if (!list) continue;
    for (let i = 0; i < list.docs.length; i++) {
      const doc = list.docs[i] as number;
      if (scores[doc] === 0) touched.push(doc);
      scores[doc] = (scores[doc] as number) + wq * (list.weights[i] as number);
    }
  }
  // Each entry's best phrasing; the buffers are left zeroed for the next call.
  const hit: number[] = [];
  for (const doc of touched) {
    const e = model.docEntry[doc] as number;
    const score = scores[doc] as number;
    scores[doc] = 0;
    if (score > (best[e] as number)) {
      if (best[e] === 0) hit.push(e);
      best[e] = score;
    }
  }
  const bestPhrasing = hit.map((e): [string, number, number] => [model.entries[e] as string, e, best[e] as number]);
  for (const e of hit) best[e] = 0;
  if (bestPhrasing.length === 0) return [];

  const { best: wBest, answer: wAnswer, classifier: wClassifier } = model.weights;
  const ordered = bestPhrasing.sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));
  const p = classProbabilities(model, q, ordered);
  const candidates = ordered.slice(0, model.weights.candidates);
  // Cosines with every entry's centroid and answer, in one walk of their postings.
  const centroidDot = new Float64Array(model.entries.length);
  const answerDot = new Float64Array(model.entries.length);
  for (const [f, wq] of q) {
    const list = model.entryPostings.get(f);
    if (!list) continue;
    for (let i = 0; i < list.entries.length; i++) {
      const e = list.entries[i] as number;
      centroidDot[e] = (centroidDot[e] as number) + wq * (list.centroid[i] as number);
      answerDot[e] = (answerDot[e] as number) + wq * (list.answer[i] as number);
    }
  }
  const ranked: FaqMatch[] = candidates.map(([faqId, e, best]) => {
    const cosine = Math.min(1, wBest * best + (1 - wBest) * (centroidDot[e] as number) + wAnswer * (answerDot[e] as number));
    // Geometric blend: softmax probabilities always sum to 1, so without shared words (cosine 0)
    // the classifier alone must not make an unrelated question look answerable.
    const confidence = Math.pow(cosine, 1 - wClassifier) * Math.pow(p[model.classIndex.get(faqId) ?? -1] ?? 0, wClassifier);
    return { faqId, score: best, confidence };
  });
  return ranked.sort((x, y) => y.confidence - x.confidence || x.faqId.localeCompare(y.faqId)).slice(0, limit);
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
    const entries = kb.release.bundle.faq;
    const sparse = entries.length > 0 && entries.reduce((n, e) => n + 1 + e.similar.length, 0) < SPARSE_PHRASINGS * entries.length;
    const seenOnce = idfOfCount(1, model.docEntry.length);
    idf = sparse ? (f) => Math.min(model.idf(f), seenOnce) : model.idf;
    queryIdfs.set(kb, idf);
  }
  return idf;
}
const queryIdfs = new WeakMap<KnowledgeBase, (feature: string) => number>();

// Scratch buffers reused across calls (single-threaded JS): a query allocates only what it returns.
/**
 * The classifier's probability of each entry (by class position): over all entries for the full
 * softmax, over the question's best entries by cosine for the candidate one (as it was trained).
 */
function classProbabilities(model: FaqModel, q: Map<string, number>, ordered: readonly [string, number, number][]): ArrayLike<number> {
  const c = model.classifier;
  if (c.kind === 'softmax') return probabilities(c.model, q);
  const positions = ordered.slice(0, CANDIDATE_CLASSES).map(([faqId]) => model.classIndex.get(faqId) ?? -1);
  const p = candidateProbabilities(c.model, q, positions);
  const all = new Float64Array(model.entries.length);
  positions.forEach((pos, a) => {
    if (pos >= 0) all[pos] = p[a] as number;
  });
  return all;
}

/** Entries a question's candidate softmax runs over (the training's candidate count). */
const CANDIDATE_CLASSES = DEFAULT_CANDIDATE_OPTIONS.candidates;

const scratch = { scores: new Float64Array(0), best: new Float64Array(0) };
