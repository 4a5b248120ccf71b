// Multinomial logistic regression over sparse features, trained with deterministic SGD
// (seeded shuffle, fixed epochs): the same examples always give the same model. Used to rank
// FAQ entries (intents use the passive-aggressive model of intent-model.ts).
import type { SparseVector } from '../knowledge/features.js';
import { mulberry32, shuffleInPlace, softmaxInPlace } from './numeric.js';

/** Training settings; the defaults were chosen on the demo shop's cases. */
export interface TrainOptions {
  epochs: number;
  learningRate: number;
  /** L2 weight decay per update of a touched row. */
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 60, learningRate: 5, l2: 1e-5, seed: 7 };

/** A trained model: one weight row per feature, one column per class. */
export interface LinearModel {
  classes: readonly string[];
  weights: ReadonlyMap<string, Float64Array>;
  bias: Float64Array;
}

function logitsOf(model: LinearModel, x: SparseVector): Float64Array {
  const out = Float64Array.from(model.bias);
  for (const [f, v] of x) {
    const row = model.weights.get(f);
    if (!row) continue;
    for (let c = 0; c < out.length; c++) out[c] = (out[c] ?? 0) + v * (row[c] ?? 0);
  }
  return out;
}

/** Trains on labelled vectors. Classes are ordered by first appearance. */
export function trainLinearModel(examples: readonly { x: SparseVector; label: string }[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): LinearModel {
  const classes = [...new Set(examples.map((e) => e.label))];
  const index = new Map(classes.map((c, i) => [c, i]));
  const k = classes.length;
  const weights = new Map<string, Float64Array>();
  const bias = new Float64Array(k);
  const model: LinearModel = { classes, weights, bias };
  const order = examples.map((_, i) => i);
  const random = mulberry32(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    // Seeded: deterministic yet not in file order.
    shuffleInPlace(order, random);
    const lr = options.learningRate / (1 + epoch * 0.2);
    for (const i of order) {
      const ex = examples[i];
      if (!ex) continue;
      const p = logitsOf(model, ex.x);
      softmaxInPlace(p);
      const y = index.get(ex.label) ?? 0;
      p[y] = (p[y] ?? 0) - 1; // p now holds the gradient of the loss wrt the logits
      for (let c = 0; c < k; c++) bias[c] = (bias[c] ?? 0) - lr * (p[c] ?? 0) * 0.1;
      for (const [f, v] of ex.x) {
        let row = weights.get(f);
        if (!row) {
          row = new Float64Array(k);
          weights.set(f, row);
        }
        for (let c = 0; c < k; c++) row[c] = (row[c] ?? 0) * (1 - lr * options.l2) - lr * v * (p[c] ?? 0);
      }
    }
  }
  return model;
}

/** Probabilities of every class, in `model.classes` order. */
export function probabilities(model: LinearModel, x: SparseVector): Float64Array {
  const p = logitsOf(model, x);
  softmaxInPlace(p);
  return p;
}
