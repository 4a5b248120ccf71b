// Multinomial logistic regression over sparse features, trained with deterministic SGD
// (seeded shuffle, fixed epochs): the same examples always give the same model. Used to rank
// FAQ entries (intents use the passive-aggressive model of intent-model.ts). Features are interned
// to integer ids and the weights live in one flat feature-major matrix, so a query costs one map
// look-up per feature and a run of multiply-adds.
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

/**
 * A feature's row in a model's weights (undefined: the model never saw it), and how many rows there
 * are. Training's is a Map; a model loaded from a release image looks rows up through the FAQ
 * model's feature ids (one array of rows, not a second map of every feature).
 */
export interface FeatureRows {
  get(feature: string): number | undefined;
  readonly size: number;
}

/** A trained model: one weight row per feature (row `featureIndex.get(f)` of `weights`), one column per class. */
export interface LinearModel {
  classes: readonly string[];
  featureIndex: FeatureRows;
  /** weights[id · classes.length + c]; Float32 when loaded from a release image (the values it stores, read as they are). */
  weights: Float64Array | Float32Array;
  bias: Float64Array;
}

/** Adds the logits of features `ids` with values `values` to `out` (which starts as the bias). */
function addLogits(weights: Float64Array | Float32Array, k: number, ids: ArrayLike<number>, values: ArrayLike<number>, n: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const base = (ids[i] as number) * k;
    const v = values[i] as number;
    for (let c = 0; c < k; c++) out[c] = (out[c] as number) + v * (weights[base + c] as number);
  }
}

/**
 * Labelled vectors as typed arrays: classes in order of first appearance, features numbered in
 * order of first appearance, each example as feature ids, values and its class.
 */
export function encodeExamples(examples: readonly { x: SparseVector; label: string }[]): {
  classes: string[];
  featureIndex: Map<string, number>;
  encoded: { ids: Int32Array; values: Float64Array; y: number }[];
} {
  const classes = [...new Set(examples.map((e) => e.label))];
  const index = new Map(classes.map((c, i) => [c, i]));
  const featureIndex = new Map<string, number>();
  const encoded = examples.map((e) => {
    const ids = new Int32Array(e.x.size);
    const values = new Float64Array(e.x.size);
    let i = 0;
    for (const [f, v] of e.x) {
      let id = featureIndex.get(f);
      if (id === undefined) {
        id = featureIndex.size;
        featureIndex.set(f, id);
      }
      ids[i] = id;
      values[i++] = v;
    }
    return { ids, values, y: index.get(e.label) ?? 0 };
  });
  return { classes, featureIndex, encoded };
}

/** Trains on labelled vectors. Classes are ordered by first appearance. */
export function trainLinearModel(examples: readonly { x: SparseVector; label: string }[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): LinearModel {
  const { classes, featureIndex, encoded } = encodeExamples(examples);
  const k = classes.length;
  const weights = new Float64Array(featureIndex.size * k);
  const bias = new Float64Array(k);
  const order = examples.map((_, i) => i);
  const random = mulberry32(options.seed);
  const p = new Float64Array(k);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    // Seeded: deterministic yet not in file order.
    shuffleInPlace(order, random);
    const lr = options.learningRate / (1 + epoch * 0.2);
    const decay = 1 - lr * options.l2;
    for (const i of order) {
      const ex = encoded[i];
      if (!ex) continue;
      p.set(bias);
      addLogits(weights, k, ex.ids, ex.values, ex.ids.length, p);
      softmaxInPlace(p);
      p[ex.y] = (p[ex.y] as number) - 1; // p now holds the gradient of the loss wrt the logits
      for (let c = 0; c < k; c++) bias[c] = (bias[c] as number) - lr * (p[c] as number) * 0.1;
      for (let j = 0; j < ex.ids.length; j++) {
        const base = (ex.ids[j] as number) * k;
        const v = ex.values[j] as number;
        for (let c = 0; c < k; c++) weights[base + c] = (weights[base + c] as number) * decay - lr * v * (p[c] as number);
      }
    }
  }
  return { classes, featureIndex, weights, bias };
}

// Scratch buffers for a query's known features (single-threaded JS: safe to reuse).
let scratchIds = new Int32Array(64);
let scratchValues = new Float64Array(64);

/** Probabilities of every class, in `model.classes` order. Unknown features are ignored. */
export function probabilities(model: LinearModel, x: SparseVector): Float64Array {
  if (scratchIds.length < x.size) {
    scratchIds = new Int32Array(x.size * 2);
    scratchValues = new Float64Array(x.size * 2);
  }
  let n = 0;
  for (const [f, v] of x) {
    const id = model.featureIndex.get(f);
    if (id === undefined) continue;
    scratchIds[n] = id;
    scratchValues[n++] = v;
  }
  const p = Float64Array.from(model.bias);
  addLogits(model.weights, model.classes.length, scratchIds, scratchValues, n, p);
  softmaxInPlace(p);
  return p;
}
