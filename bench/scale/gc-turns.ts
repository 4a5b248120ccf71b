// Which slow turns coincide with a collector pause: `tsx bench/scale/gc-turns.ts <faq> <skus>`
// times the bench's 2000 turns on the cached big shop and marks each turn a GC entry overlapped.
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { percentile } from '../report.js';
import { demoQuestions, timeTurns } from './turns.js';
import { cachedBigShop } from './cached-shop.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const faq = Number(process.argv[2] ?? 10000);
const skus = Number(process.argv[3] ?? 50000);
const kb = await cachedBigShop(root, faq, skus);
const gcs: { start: number; ms: number; kind: number }[] = [];
const obs = new PerformanceObserver((l) => {
  for (const e of l.getEntries()) gcs.push({ start: e.startTime, ms: e.duration, kind: (e as unknown as { detail?: { kind: number } }).detail?.kind ?? 0 });
});
obs.observe({ entryTypes: ['gc'] });
const before = process.memoryUsage().heapUsed;
const t0 = performance.now();
const t = timeTurns(kb, demoQuestions(root), 2000);
const wall = performance.now() - t0;
await new Promise((r) => setTimeout(r, 50));
obs.disconnect();
const sorted = t.map((x) => x.ms).sort((a, b) => a - b);
console.log({ p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), wallMs: wall, gcs: gcs.length, gcMs: gcs.reduce((s, g) => s + g.ms, 0), heapDeltaMb: (process.memoryUsage().heapUsed - before) / 1e6 });
console.log('gc durations (kind 1=scavenge, 2=mark-compact, 4=incremental, 8=weak):', gcs.map((g) => `${g.kind}:${g.ms.toFixed(2)}`).join(' '));
