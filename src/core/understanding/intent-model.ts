// Intent classifier model: multiclass passive-aggressive (PA-II, Crammer–Singer margin) with
// averaged weights over idf-weighted sparse features, trained with a seeded shuffle so the same
// examples always give the same model. (Softmax SGD was measured too and lost 0.6 points on
// CLINC150 while training 1.6× slower: docs/benchmarks.md.) Features are interned to integer
// ids and weights live in one flat feature-major matrix inside a WebAssembly SIMD kernel
// (linear-kernel.ts), which does a classification's few thousand multiply-adds.
import type { FeatureBag } from './intent-features.js';
import { createLinearKernel, type LinearKernel } from './linear-kernel.js';
import { stringIds, type StringIds } from '../text/string-ids.js';
import { mulberry32, shuffleInPlace, softmaxInPlace } from './numeric.js';

export interface IntentTrainOptions {
  /** PA-II aggressiveness: larger fits the training set harder. */
  c: number;
  epochs: number;
  seed: number;
  /**
   * Hinge scores are margins around ±1; multiplied by this before the softmax they become
   * confidences whose out-of-scope threshold carries across shops (docs/benchmarks.md).
   */
  temperature: number;
}

export const DEFAULT_INTENT_TRAINING: IntentTrainOptions = { c: 1, epochs: 10, seed: 11, temperature: 8 };

export interface IntentModel {
  classes: readonly string[];
  /** Feature → its id (a Map when trained here; a compact table when loaded from a release image). */
  featureIndex: StringIds;
  /** The weights, weights[f · stride + c], and the scoring function. */
  kernel: LinearKernel;
  bias: Float32Array;
  /** Inverse document frequency per feature id: rare features say more than common ones. */
  idf: Float32Array;
  /** Scores are multiplied by this before the softmax, so confidences are calibrated. */
  temperature: number;
}

export interface RankedIntent {
  intent: string;
  confidence: number;
}

interface Encoded {
  ids: Int32Array;
  values: Float32Array;
  y: number;
}

/** Trains on featurised examples. Classes are ordered by first appearance. */
export function trainIntentModel(examples: readonly { bag: FeatureBag; intent: string }[], options: IntentTrainOptions = DEFAULT_INTENT_TRAINING): IntentModel {
  const classes: string[] = [];
  const classIndex = new Map<string, number>();
  const featureIndex = new Map<string, number>();
  const encoded: Encoded[] = [];
  for (const ex of examples) {
    let y = classIndex.get(ex.intent);
    if (y === undefined) {
      y = classes.length;
      classes.push(ex.intent);
      classIndex.set(ex.intent, y);
    }
    const ids = new Int32Array(ex.bag.keys.length);
    ex.bag.keys.forEach((key, i) => {
      let id = featureIndex.get(key);
      if (id === undefined) {
        id = featureIndex.size;
        featureIndex.set(key, id);
      }
      ids[i] = id;
    });
    encoded.push({ ids, values: Float32Array.from(ex.bag.values), y });
  }
  const df = new Float32Array(featureIndex.size);
  for (const ex of encoded) for (const id of ex.ids) df[id] = (df[id] as number) + 1;
  const idf = df.map((d) => Math.log((encoded.length + 1) / (d + 1)) + 1);
  for (const ex of encoded) reweight(ex.ids, ex.values, idf);
  const k = classes.length;
  const kernel = createLinearKernel(featureIndex.size, k);
  const bias = new Float32Array(k);
  trainHinge(encoded, mulberry32(options.seed), kernel, bias, k, options);
  return { classes, featureIndex, kernel, bias, idf, temperature: options.temperature };
}

/**
 * A trained model back from its stored parts (weights as `kernel.weights` held them, `features` in
 * id order), for releases whose classifier was trained at publish.
 */
export function intentModelFrom(parts: { classes: readonly string[]; features: readonly string[]; weights: Float32Array; bias: Float32Array; idf: Float32Array; temperature: number }): IntentModel {
  const kernel = createLinearKernel(parts.features.length, parts.classes.length);
  if (parts.weights.length !== kernel.weights.length) throw new Error(`intent weights: expected ${kernel.weights.length}, got ${parts.weights.length}`);
  kernel.weights.set(parts.weights);
  return { classes: parts.classes, featureIndex: stringIds(parts.features), kernel, bias: parts.bias, idf: parts.idf, temperature: parts.temperature };
}

/**
 * Multiclass PA-II: for each example, the best wrong class must trail the right one by a margin
 * of 1; a violation moves both rows just enough (bounded by C). Returns averaged weights, which
 * generalise much better than the last iterate.
 */
function trainHinge(encoded: readonly Encoded[], random: () => number, kernel: LinearKernel, bias: Float32Array, k: number, options: IntentTrainOptions): void {
  const { weights, stride } = kernel;
  const order = encoded.map((_, i) => i);
  // Averaging trick: avg = w − u / t, with u accumulating t · Δ.
  const u = new Float32Array(weights.length);
  const ub = new Float32Array(k);
  const z = new Float64Array(k);
  let t = 1;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const n of order) {
      const ex = encoded[n] as Encoded;
      for (let c = 0; c < k; c++) z[c] = bias[c] as number;
      let sq = 1; // the bias input
      for (let i = 0; i < ex.ids.length; i++) {
        const base = (ex.ids[i] as number) * stride;
        const v = ex.values[i] as number;
        sq += v * v;
        for (let c = 0; c < k; c++) z[c] = (z[c] as number) + v * (weights[base + c] as number);
      }
      let rival = -1;
      let best = -Infinity;
      for (let c = 0; c < k; c++) {
        if (c !== ex.y && (z[c] as number) > best) {
          best = z[c] as number;
          rival = c;
        }
      }
      const loss = 1 - ((z[ex.y] as number) - best);
      if (rival >= 0 && loss > 0) {
        const tau = loss / (2 * sq + 1 / (2 * options.c));
        for (let i = 0; i < ex.ids.length; i++) {
          const base = (ex.ids[i] as number) * stride;
          const d = tau * (ex.values[i] as number);
          weights[base + ex.y] = (weights[base + ex.y] as number) + d;
          weights[base + rival] = (weights[base + rival] as number) - d;
          u[base + ex.y] = (u[base + ex.y] as number) + t * d;
          u[base + rival] = (u[base + rival] as number) - t * d;
        }
        bias[ex.y] = (bias[ex.y] as number) + tau;
        bias[rival] = (bias[rival] as number) - tau;
        ub[ex.y] = (ub[ex.y] as number) + t * tau;
        ub[rival] = (ub[rival] as number) - t * tau;
      }
      t++;
    }
  }
  for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) - (u[i] as number) / t;
  for (let c = 0; c < k; c++) bias[c] = (bias[c] as number) - (ub[c] as number) / t;
}

/** Multiplies values by their idf and L2-normalises them again, in place. */
function reweight(ids: Int32Array, values: Float32Array, idf: Float32Array): void {
  let norm2 = 0;
  for (let i = 0; i < ids.length; i++) {
    const v = (values[i] as number) * (idf[ids[i] as number] as number);
    values[i] = v;
    norm2 += v * v;
  }
  const scale = norm2 > 0 ? 1 / Math.sqrt(norm2) : 0;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * scale;
}

// Scratch buffers reused across calls: classification allocates almost nothing, which keeps
// garbage-collection pauses out of the latency tail. Single-threaded JS makes this safe.
let scratchIds = new Int32Array(256);
let scratchValues = new Float32Array(256);

/** Class probabilities, in `model.classes` order. Unknown features are ignored. */
export function intentProbabilities(model: IntentModel, bag: FeatureBag): Float64Array {
  const k = model.classes.length;
  if (scratchIds.length < bag.keys.length) {
    scratchIds = new Int32Array(bag.keys.length * 2);
    scratchValues = new Float32Array(bag.keys.length * 2);
  }
  let n = 0;
  let norm2 = 0;
  for (let i = 0; i < bag.keys.length; i++) {
    const id = model.featureIndex.get(bag.keys[i] as string);
    if (id === undefined) continue;
    const v = (bag.values[i] as number) * (model.idf[id] as number);
    scratchIds[n] = id;
    scratchValues[n] = v;
    norm2 += v * v;
    n++;
  }
  const scale = norm2 > 0 ? 1 / Math.sqrt(norm2) : 0;
  for (let i = 0; i < n; i++) scratchValues[i] = (scratchValues[i] as number) * scale;
  const scores = model.kernel.scores(scratchIds, scratchValues, n, model.bias);
  const z = new Float64Array(k);
  const temperature = model.temperature;
  for (let c = 0; c < k; c++) z[c] = (scores[c] as number) * temperature;
  softmaxInPlace(z);
  return z;
}

/** Whether (confidence, intent) ranks before `r`: higher confidence first, ties by intent name. */
function before(confidence: number, intent: string, r: RankedIntent): boolean {
  return confidence > r.confidence || (confidence === r.confidence && intent < r.intent);
}

/** The `n` most probable intents, best first. */
export function rankIntents(model: IntentModel, bag: FeatureBag, n = 3): RankedIntent[] {
  const p = intentProbabilities(model, bag);
  const ranked: RankedIntent[] = [];
  for (let c = 0; c < p.length; c++) {
    const confidence = p[c] as number;
    if (ranked.length < n || confidence > (ranked[ranked.length - 1] as RankedIntent).confidence) {
      // Insertion into the short list (a sort per candidate allocated most of a turn's intent work).
      const intent = model.classes[c] as string;
      let at = ranked.length;
      while (at > 0 && before(confidence, intent, ranked[at - 1] as RankedIntent)) at--;
      ranked.splice(at, 0, { intent, confidence });
      if (ranked.length > n) ranked.pop();
    }
  }
  return ranked;
}
