// FAQ retrieval: one pass over the inverted index of phrasing vectors gives the TF-IDF cosine
// (words and character bigrams) with every phrasing; the best entries are then scored against
// their centroid and answer and blended with a softmax classifier. The blend is bounded 0..1 and
// doubles as the confidence that decides between an answer and the fallback.
import { dot, termFrequencies, tfidfVector } from './features.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { probabilities } from '../understanding/linear-classifier.js';

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
  const q = tfidfVector(termFrequencies(tokens), model.idf, model.weights.bigram);

  // Cosine with every phrasing at once: walk the postings of the query's features.
  const scores = new Float64Array(model.docEntry.length);
  const touched: number[] = [];
  for (const [f, wq] of q) {
    const list = model.postings.get(f);
    if (!list) continue;
    for (let i = 0; i < list.docs.length; i++) {
      const doc = list.docs[i] ?? 0;
      if (scores[doc] === 0) touched.push(doc);
      scores[doc] = (scores[doc] ?? 0) + wq * (list.weights[i] ?? 0);
    }
  }
  const bestPhrasing = new Map<string, number>();
  for (const doc of touched) {
    const faqId = model.docEntry[doc] ?? '';
    const score = scores[doc] ?? 0;
    if (score > (bestPhrasing.get(faqId) ?? 0)) bestPhrasing.set(faqId, score);
  }
  if (bestPhrasing.size === 0) return [];

  const { best: wBest, answer: wAnswer, classifier: wClassifier } = model.weights;
  const p = probabilities(model.classifier, q);
  const candidates = [...bestPhrasing.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, model.weights.candidates);
  const ranked: FaqMatch[] = candidates.map(([faqId, best]) => {
    const cosine = Math.min(1, wBest * best + (1 - wBest) * dot(q, model.centroids.get(faqId) ?? EMPTY) + wAnswer * dot(q, model.answers.get(faqId) ?? EMPTY));
    // Geometric blend: softmax probabilities always sum to 1, so without shared words (cosine 0)
    // the classifier alone must not make an unrelated question look answerable.
    const confidence = Math.pow(cosine, 1 - wClassifier) * Math.pow(p[model.classIndex.get(faqId) ?? -1] ?? 0, wClassifier);
    return { faqId, score: best, confidence };
  });
  return ranked.sort((x, y) => y.confidence - x.confidence || x.faqId.localeCompare(y.faqId)).slice(0, limit);
}

const EMPTY: ReadonlyMap<string, number> = new Map();
