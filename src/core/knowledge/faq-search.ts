// FAQ retrieval in two stages: MiniSearch (BM25+) over every phrasing finds candidates, then a
// TF-IDF cosine over words and character bigrams ranks them. The cosine is bounded 0..1, so it
// doubles as the confidence that decides between an answer and the fallback.
import type { FaqEntry } from '../catalog/types.js';
import { centroid, dot, termFrequencies, tfidfVector, type SparseVector } from './features.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { classify, trainLinearModel, type LinearModel } from '../understanding/linear-classifier.js';

/** One ranked FAQ candidate. */
export interface FaqMatch {
  faqId: string;
  /** BM25+ score of the entry's best phrasing in the first stage. */
  score: number;
  /** 0..1: similarity of the question to the entry (best phrasing blended with all phrasings). */
  confidence: number;
}

/** How the similarity is blended; chosen by measurement on the demo shop's cases (docs/benchmarks.md). */
export interface FaqWeights {
  /** Weight of character-bigram features relative to words. */
  bigram: number;
  /** Share of the best single phrasing's cosine; the rest goes to the entry's centroid. */
  best: number;
  /** Extra weight of the answer text's cosine (facts the question names, e.g. 中通, 湖州). */
  answer: number;
  /** Candidates taken from the first stage. */
  candidates: number;
  /** Exponent share of the classifier's probability in the final score (the rest is the cosine's). */
  classifier: number;
}

export const DEFAULT_FAQ_WEIGHTS: FaqWeights = { bigram: 0.5, best: 0.6, answer: 0.15, candidates: 30, classifier: 0.5 };

/** Vectors of every phrasing, centroid and answer, built once per release. */
export interface FaqModel {
  features: (text: string) => string[];
  idf: (feature: string) => number;
  weights: FaqWeights;
  phrasings: ReadonlyMap<string, readonly SparseVector[]>;
  centroids: ReadonlyMap<string, SparseVector>;
  answers: ReadonlyMap<string, SparseVector>;
  /** Softmax classifier over entries, trained on the phrasings. */
  classifier: LinearModel;
}

/** Builds the model; idf comes from the phrasings (answers are too long and alike to weigh words). */
export function buildFaqModel(faq: readonly FaqEntry[], features: (text: string) => string[], weights: FaqWeights = DEFAULT_FAQ_WEIGHTS): FaqModel {
  const docs: { faqId: string; tf: Map<string, number> }[] = [];
  for (const e of faq) for (const text of [e.question, ...e.similar]) docs.push({ faqId: e.id, tf: termFrequencies(features(text)) });
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const unseen = Math.log((n + 1) / 0.5);
  const idf = (t: string) => {
    const d = df.get(t);
    return d === undefined ? unseen : Math.log((n + 1) / (d + 0.5));
  };
  const phrasings = new Map<string, SparseVector[]>();
  for (const d of docs) phrasings.set(d.faqId, [...(phrasings.get(d.faqId) ?? []), tfidfVector(d.tf, idf, weights.bigram)]);
  const centroids = new Map([...phrasings.entries()].map(([id, vs]) => [id, centroid(vs)]));
  // Answer words unseen among the phrasings would get the "unseen" idf and swamp the vector;
  // only features the phrasings know are kept.
  const answers = new Map(
    faq.map((e) => {
      const tf = new Map([...termFrequencies(features(e.answer))].filter(([t]) => df.has(t)));
      return [e.id, tfidfVector(tf, idf, weights.bigram)];
    }),
  );
  const examples = [...phrasings.entries()].flatMap(([faqId, vs]) => vs.map((x) => ({ x, label: faqId })));
  const classifier = trainLinearModel(examples);
  return { features, idf, weights, phrasings, centroids, answers, classifier };
}

/** Ranks FAQ entries for a question, best first; empty when nothing shares a feature. */
export function searchFaq(kb: KnowledgeBase, text: string, limit = 3): FaqMatch[] {
  const model = kb.faqModel;
  const tokens = model.features(text);
  if (tokens.length === 0) return [];
  const q = tfidfVector(termFrequencies(tokens), model.idf, model.weights.bigram);
  const bm25 = new Map<string, number>();
  for (const r of kb.faqIndex.search(text, { combineWith: 'OR' })) {
    const faqId = String(r['faqId']);
    if (!bm25.has(faqId)) bm25.set(faqId, r.score);
    if (bm25.size >= model.weights.candidates) break;
  }
  const { best: wBest, answer: wAnswer, classifier: wClassifier } = model.weights;
  const probabilities = new Map(classify(model.classifier, q, model.weights.candidates).map((c) => [c.label, c.probability]));
  for (const id of probabilities.keys()) if (!bm25.has(id)) bm25.set(id, 0);
  const ranked: FaqMatch[] = [];
  for (const [faqId, score] of bm25) {
    let bestPhrasing = 0;
    for (const v of model.phrasings.get(faqId) ?? []) bestPhrasing = Math.max(bestPhrasing, dot(q, v));
    const c = dot(q, model.centroids.get(faqId) ?? new Map());
    const a = dot(q, model.answers.get(faqId) ?? new Map());
    const cosine = Math.min(1, wBest * bestPhrasing + (1 - wBest) * c + wAnswer * a);
    // Geometric blend: softmax probabilities always sum to 1, so without shared words (cosine 0)
    // the classifier alone must not make an unrelated question look answerable.
    const confidence = Math.pow(cosine, 1 - wClassifier) * Math.pow(probabilities.get(faqId) ?? 0, wClassifier);
    ranked.push({ faqId, score, confidence });
  }
  return ranked.sort((x, y) => y.confidence - x.confidence || x.faqId.localeCompare(y.faqId)).slice(0, limit);
}
