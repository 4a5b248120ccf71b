// A softmax classifier for many classes (a big shop's FAQ entries), trained in time linear in the
// number of examples. The full softmax of linear-classifier.ts costs features × classes per
// example and holds a dense features × classes matrix: quadratic in the shop's size (a 2,000-entry
// shop took ~9 minutes and 400 MB to train). Here each example is scored only against its own
// class's candidates (the class and its nearest classes by centroid), weights exist only for the
// (feature, class) pairs seen in training, and the number of epochs shrinks as examples grow so
// the passes over the data stay about what the demo shop's training costs.
import type { SparseVector } from '../knowledge/features.js';
import { mulberry32, shuffleInPlace } from './numeric.js';
import { encodeExamples, type FeatureRows } from './linear-classifier.js';

/** Training settings of the candidate classifier. */
export interface CandidateTrainOptions {
  /** Classes each example is scored against, its own included. */
  candidates: number;
  /** Example passes of the whole training (epochs = this / examples, within [minEpochs, maxEpochs]). */
  exampleSteps: number;
  minEpochs: number;
  maxEpochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_CANDIDATE_OPTIONS: CandidateTrainOptions = {
  candidates: 16,
  exampleSteps: 100_000,
  minEpochs: 2,
  maxEpochs: 60,
  learningRate: 5,
  l2: 1e-5,
  seed: 7,
};

/** A trained model: weights of (feature, class) pairs in an open-addressing table. */
export interface CandidateModel {
  classes: readonly string[];
  featureIndex: FeatureRows;
  /** Table slots: feature id + 1 (0 = empty) and class id of each pair; weight of each. */
  slotFeature: Int32Array;
  slotClass: Int32Array;
  weights: Float32Array;
  bias: Float64Array;
}

function hashOf(f: number, c: number, mask: number): number {
  // Mixed so the low bits (the slot) depend on every bit of both ids.
  let h = Math.imul(f, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h & mask;
}

/** The slot of pair (f, c), or -1 when the pair has no weight. */
function slotOf(m: Pick<CandidateModel, 'slotFeature' | 'slotClass'>, f: number, c: number): number {
  const mask = m.slotFeature.length - 1;
  for (let s = hashOf(f, c, mask); ; s = (s + 1) & mask) {
    const sf = m.slotFeature[s] as number;
    if (sf === 0) return -1;
    if (sf === f + 1 && m.slotClass[s] === c) return s;
  }
}

/** An empty model with room for `pairs` weights, filled by `setCandidateWeight` (a stored model read back). */
export function emptyCandidateModel(classes: readonly string[], featureIndex: FeatureRows, bias: Float64Array, pairs: number): CandidateModel {
  let size = 1;
  while (size < pairs * 2) size *= 2;
  return { classes, featureIndex, slotFeature: new Int32Array(size), slotClass: new Int32Array(size), weights: new Float32Array(size), bias };
}

/** Sets the weight of the pair (feature id `f`, class `c`), adding the pair if it is new. */
export function setCandidateWeight(m: CandidateModel, f: number, c: number, w: number): void {
  const mask = m.slotFeature.length - 1;
  let s = hashOf(f, c, mask);
  while (m.slotFeature[s] !== 0 && !(m.slotFeature[s] === f + 1 && m.slotClass[s] === c)) s = (s + 1) & mask;
  m.slotFeature[s] = f + 1;
  m.slotClass[s] = c;
  m.weights[s] = w;
}

/**
 * Trains on labelled vectors; `neighbours[c]` lists the classes example of class c compete with
 * (nearest first; c itself is added). Classes are ordered by first appearance.
 */
export function trainCandidateModel(
  examples: readonly { x: SparseVector; label: string }[],
  neighbours: (label: string) => readonly string[],
  options: CandidateTrainOptions = DEFAULT_CANDIDATE_OPTIONS,
): CandidateModel {
  const { classes, featureIndex, encoded } = encodeExamples(examples);
  const index = new Map(classes.map((c, i) => [c, i]));
  const pairs = encoded.reduce((n, e) => n + e.ids.length, 0);
  // Pairs (feature, class of an example having it): the weights a class can own.
  let size = 1;
  while (size < pairs * 2) size *= 2;
  const slotFeature = new Int32Array(size);
  const slotClass = new Int32Array(size);
  const mask = size - 1;
  for (const ex of encoded) {
    for (const f of ex.ids) {
      let s = hashOf(f, ex.y, mask);
      while (slotFeature[s] !== 0 && !(slotFeature[s] === f + 1 && slotClass[s] === ex.y)) s = (s + 1) & mask;
      slotFeature[s] = f + 1;
      slotClass[s] = ex.y;
    }
  }
  const model = { classes, featureIndex, slotFeature, slotClass, weights: new Float32Array(size), bias: new Float64Array(classes.length) };
  const competitors = classes.map((c, i) => Int32Array.from([i, ...neighbours(c).flatMap((n) => { const j = index.get(n); return j === undefined || j === i ? [] : [j]; }).slice(0, options.candidates - 1)]));
  const epochs = Math.max(options.minEpochs, Math.min(options.maxEpochs, Math.round(options.exampleSteps / Math.max(1, examples.length))));
  const order = examples.map((_, i) => i);
  const random = mulberry32(options.seed);
  const logits = new Float64Array(options.candidates);
  let slots = new Int32Array(64 * options.candidates);
  const { weights, bias } = model;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    const lr = options.learningRate / (1 + epoch * 0.2);
    const decay = 1 - lr * options.l2;
    for (const i of order) {
      const ex = encoded[i];
      if (!ex) continue;
      const cands = competitors[ex.y] as Int32Array;
      const n = ex.ids.length;
      const k = cands.length;
      if (slots.length < n * k) slots = new Int32Array(n * k * 2);
      // Forward over the candidates; remember each pair's slot for the update.
      let max = -Infinity;
      for (let a = 0; a < k; a++) {
        const c = cands[a] as number;
        let z = bias[c] as number;
        for (let j = 0; j < n; j++) {
          const s = slotOf(model, ex.ids[j] as number, c);
          slots[j * k + a] = s;
          if (s >= 0) z += (ex.values[j] as number) * (weights[s] as number);
        }
        logits[a] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let a = 0; a < k; a++) sum += logits[a] = Math.exp((logits[a] as number) - max);
      for (let a = 0; a < k; a++) {
        // Gradient of the loss wrt the logit; the example's own class is candidate 0.
        const g = (logits[a] as number) / sum - (a === 0 ? 1 : 0);
        const c = cands[a] as number;
        bias[c] = (bias[c] as number) - lr * g * 0.1;
        for (let j = 0; j < n; j++) {
          const s = slots[j * k + a] as number;
          if (s >= 0) weights[s] = (weights[s] as number) * decay - lr * (ex.values[j] as number) * g;
        }
      }
    }
  }
  return model;
}

/**
 * Probabilities of `candidates` (class positions) for `x`, normalised over the candidates only:
 * the classes a question could plausibly mean, as in training.
 */
export function candidateProbabilities(model: CandidateModel, x: SparseVector, candidates: readonly number[]): Float64Array {
  const ids: number[] = [];
  const values: number[] = [];
  for (const [f, v] of x) {
    const id = model.featureIndex.get(f);
    if (id === undefined) continue;
    ids.push(id);
    values.push(v);
  }
  const p = new Float64Array(candidates.length);
  let max = -Infinity;
  candidates.forEach((c, a) => {
    let z = model.bias[c] as number;
    for (let j = 0; j < ids.length; j++) {
      const s = slotOf(model, ids[j] as number, c);
      if (s >= 0) z += (values[j] as number) * (model.weights[s] as number);
    }
    p[a] = z;
    if (z > max) max = z;
  });
  let sum = 0;
  for (let a = 0; a < p.length; a++) sum += p[a] = Math.exp((p[a] as number) - max);
  for (let a = 0; a < p.length; a++) p[a] = (p[a] as number) / sum;
  return p;
}
