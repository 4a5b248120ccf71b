// The multiply-adds of a linear classifier, in WebAssembly with 128-bit SIMD: four classes per
// instruction where JavaScript does one, 3.6× faster on CLINC150's 150 classes (docs/benchmarks.md).
// The weights live in the module's memory, so a model trains straight into it. The module is
// linear-kernel.wat compiled by wabt; linear-kernel.test.ts checks the bytes below match it.

const KERNEL_WASM =
  'AGFzbQEAAAABCgFgBn9/f39/fwADAgEABQMBAAEHFwIGbWVtb3J5AgAKYWNjdW11bGF0ZQAACowBAYkBAwJ/AXsDfyADQQJ0IQsgBSALaiEKAkADQCAGIAJPDQEgBCAAIAZBAnRqKAIAIAtsaiEHIAEgBkECdGoqAgD9EyEIIAUhCQJAA0AgCSAKTw0BIAkgCf0ABAAgCCAH/QAEAP3mAf3kAf0LBAAgCUEQaiEJIAdBEGohBwwACwsgBkEBaiEGDAALCws=';

/** Feature ids and values staged per call; longer inputs are scored in chunks of this many. */
const INPUT_CAPACITY = 4096;
const PAGE = 65536;

/**
 * The part of the WebAssembly JS API used here. The server's build has no DOM library, where
 * TypeScript declares the rest; Node has the API itself.
 */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined;

interface KernelExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  accumulate(ids: number, values: number, n: number, stride: number, weights: number, scores: number): void;
}

/** A feature-major weight matrix with its scoring function. */
export interface LinearKernel {
  /** Classes rounded up to a multiple of 4: the distance between two features' rows. */
  readonly stride: number;
  /** weights[f · stride + c]; the padding classes stay 0. Written by training. */
  readonly weights: Float32Array;
  /**
   * bias + Σ values[i] · row(ids[i]), one score per class. The result is a view into the
   * kernel's memory, valid until its next call.
   */
  scores(ids: Int32Array, values: Float32Array, n: number, bias: Float32Array): Float32Array;
}

/** Allocates a zeroed matrix of `features` rows for `classes` classes. */
export function createLinearKernel(features: number, classes: number): LinearKernel {
  compiled ??= new wasm.Module(Uint8Array.from(atob(KERNEL_WASM), (c) => c.charCodeAt(0)));
  const kernel = new wasm.Instance(compiled, {}).exports as KernelExports;
  const stride = Math.ceil(classes / 4) * 4;
  // Layout: scores (stride floats) | ids | values | weights, each 16-byte aligned.
  const scoresAt = 0;
  const idsAt = stride * 4;
  const valuesAt = idsAt + INPUT_CAPACITY * 4;
  const weightsAt = valuesAt + INPUT_CAPACITY * 4;
  const bytes = weightsAt + features * stride * 4;
  const memory = kernel.memory;
  const pages = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
  if (pages > 0) memory.grow(pages);
  const buffer = memory.buffer;
  const scores = new Float32Array(buffer, scoresAt, stride);
  const classScores = scores.subarray(0, classes);
  const stagedIds = new Int32Array(buffer, idsAt, INPUT_CAPACITY);
  const stagedValues = new Float32Array(buffer, valuesAt, INPUT_CAPACITY);
  return {
    stride,
    weights: new Float32Array(buffer, weightsAt, features * stride),
    scores(ids, values, n, bias) {
      scores.fill(0);
      scores.set(bias);
      for (let from = 0; from < n; from += INPUT_CAPACITY) {
        const count = Math.min(INPUT_CAPACITY, n - from);
        stagedIds.set(ids.subarray(from, from + count));
        stagedValues.set(values.subarray(from, from + count));
        kernel.accumulate(idsAt, valuesAt, count, stride, weightsAt, scoresAt);
      }
      return classScores;
    },
  };
}
