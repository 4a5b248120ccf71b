// Which slow turns a collector pause hit: `tsx bench/scale/gc-turns.ts <faq> <skus>` runs the
// bench's turns on the cached big shop (200 warm-up turns, then 2000 timed ones under a `gc`
// performance observer) and reports p50/p99, the pauses and how many timed turns overlapped one.
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { decide } from '../../src/core/conversation/decide.js';
import { initialState } from '../../src/core/conversation/state.js';
import { percentile } from '../report.js';
import { demoQuestions } from './turns.js';
import { cachedBigShop } from './cached-shop.js';

const TODAY = { year: 2026, month: 11, day: 25, weekday: 3 };
const root = fileURLToPath(new URL('../..', import.meta.url));
const faq = Number(process.argv[2] ?? 10000);
const skus = Number(process.argv[3] ?? 50000);
const kb = await cachedBigShop(root, faq, skus);
const questions = demoQuestions(root);
const ask = (i: number) => questions[i % questions.length] ?? '';
for (let i = 0; i < 200; i++) decide(initialState(), { text: ask(i), today: TODAY }, kb);

// Node 20's kinds (perf_hooks.constants): 1 scavenge, 2 minor mark-compact, 4 major mark-compact, 8 incremental, 16 weak callbacks.
const KINDS: Record<number, string> = { 1: 'scavenge', 2: 'minor-mc', 4: 'major-mc', 8: 'incremental', 16: 'weak' };
const gcs: { start: number; end: number; kind: number }[] = [];
const obs = new PerformanceObserver((l) => {
  for (const e of l.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration, kind: (e as unknown as { detail?: { kind: number } }).detail?.kind ?? 0 });
});
obs.observe({ entryTypes: ['gc'] });
const turns: { start: number; end: number }[] = [];
for (let i = 0; i < 2000; i++) {
  const start = performance.now();
  decide(initialState(), { text: ask(i), today: TODAY }, kb);
  turns.push({ start, end: performance.now() });
}
await new Promise((r) => setTimeout(r, 50));
obs.disconnect();
const ms = turns.map((t) => t.end - t.start).sort((a, b) => a - b);
const hit = turns.filter((t) => gcs.some((g) => g.start < t.end && g.end > t.start));
const hitMs = hit.map((t) => t.end - t.start).sort((a, b) => a - b);
console.log({ p50: percentile(ms, 0.5), p99: percentile(ms, 0.99), pauses: gcs.length, turnsHit: hit.length, hitP50: hitMs.length ? percentile(hitMs, 0.5) : 0 });
console.log('pauses (kind:ms):', gcs.map((g) => `${KINDS[g.kind] ?? g.kind}:${(g.end - g.start).toFixed(2)}`).join(' '));
