import { describe, expect, it } from 'vitest';
import { createLinearKernel } from './linear-kernel.js';
import { mulberry32 } from './numeric.js';

/** What the kernel must compute, in plain JavaScript (float64 sums). */
function reference(weights: Float32Array, stride: number, classes: number, ids: Int32Array, values: Float32Array, n: number, bias: Float32Array): number[] {
  const z = Array.from(bias);
  for (let i = 0; i < n; i++) for (let c = 0; c < classes; c++) z[c] = (z[c] as number) + (values[i] as number) * (weights[(ids[i] as number) * stride + c] as number);
  return z;
}

describe('linear kernel (WebAssembly SIMD)', () => {
  it('scores like the plain sum, for class counts that are not a multiple of 4 and inputs longer than one chunk', () => {
    const random = mulberry32(5);
    for (const [features, classes, n] of [
      [50, 7, 12],
      [300, 150, 90],
      [40, 3, 9000], // repeated features across several staged chunks
      [10, 1, 0],
    ] as const) {
      const k = createLinearKernel(features, classes);
      expect(k.stride % 4).toBe(0);
      expect(k.stride).toBeGreaterThanOrEqual(classes);
      for (let f = 0; f < features; f++) for (let c = 0; c < classes; c++) k.weights[f * k.stride + c] = random() * 2 - 1;
      const ids = Int32Array.from({ length: n }, () => Math.floor(random() * features));
      const values = Float32Array.from({ length: n }, () => random());
      const bias = Float32Array.from({ length: classes }, () => random() - 0.5);
      const want = reference(k.weights, k.stride, classes, ids, values, n, bias);
      const got = k.scores(ids, values, n, bias);
      expect(got.length).toBe(classes);
      got.forEach((z, c) => expect(z).toBeCloseTo(want[c] as number, n > 1000 ? 1 : 4));
      // A second call starts again from the bias.
      expect(Array.from(k.scores(ids, values, 0, bias))).toEqual(Array.from(bias));
    }
  });

  it('gives every model its own memory', () => {
    const a = createLinearKernel(2, 4);
    const b = createLinearKernel(2, 4);
    a.weights.fill(1);
    b.weights.fill(-1);
    const ids = Int32Array.of(0, 1);
    const values = Float32Array.of(1, 1);
    expect(Array.from(a.scores(ids, values, 2, new Float32Array(4)))).toEqual([2, 2, 2, 2]);
    expect(Array.from(b.scores(ids, values, 2, new Float32Array(4)))).toEqual([-2, -2, -2, -2]);
  });
});
