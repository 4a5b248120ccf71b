// The cost of each of the bench's questions on a big shop, robust to a busy machine: each question's
// fastest of several runs, for the whole turn and for its FAQ search and product look-up alone.
// `tsx bench/scale/question-costs.ts <faq> <skus> [rows]` (the shop cached as profile-turns.ts does).
import { fileURLToPath } from 'node:url';
import { decide } from '../../src/core/conversation/decide.js';
import { initialState } from '../../src/core/conversation/state.js';
import { searchFaq } from '../../src/core/knowledge/faq-search.js';
import { findProductMentions } from '../../src/core/knowledge/product-resolver.js';
import { normalizeText } from '../../src/core/understanding/normalize.js';
import { percentile } from '../report.js';
import { demoQuestions } from './turns.js';
import { cachedBigShop } from './cached-shop.js';

const TODAY = { year: 2026, month: 11, day: 25, weekday: 3 };
const RUNS = 7;
const root = fileURLToPath(new URL('../..', import.meta.url));
const faq = Number(process.argv[2] ?? 10000);
const skus = Number(process.argv[3] ?? 50000);
const rows = Number(process.argv[4] ?? 25);
const kb = await cachedBigShop(root, faq, skus);
const questions = [...new Set(demoQuestions(root))];
// QUESTION=… runs that one question many times (to profile it with --cpu-prof) and stops.
const only = process.env['QUESTION'];
if (only) {
  for (let i = 0; i < 300; i++) decide(initialState(), { text: only, today: TODAY }, kb);
  process.exit(0);
}

/** The fastest of RUNS runs of `fn`, in ms. */
function fastest(fn: () => unknown): number {
  let min = Infinity;
  for (let r = 0; r < RUNS; r++) {
    const s = performance.now();
    fn();
    min = Math.min(min, performance.now() - s);
  }
  return min;
}
for (const q of questions) decide(initialState(), { text: q, today: TODAY }, kb);
const costs = questions.map((q) => ({
  q,
  turn: fastest(() => decide(initialState(), { text: q, today: TODAY }, kb)),
  faq: fastest(() => searchFaq(kb, q)),
  products: fastest(() => findProductMentions(kb, normalizeText(q))),
}));
const sorted = costs.map((c) => c.turn).sort((a, b) => a - b);
const sum = (k: 'turn' | 'faq' | 'products') => costs.reduce((s, c) => s + c[k], 0);
console.log(`${questions.length} questions, fastest of ${RUNS}: turn p50 ${percentile(sorted, 0.5).toFixed(3)} ms, p90 ${percentile(sorted, 0.9).toFixed(3)}, p99 ${percentile(sorted, 0.99).toFixed(3)}, mean ${(sum('turn') / costs.length).toFixed(3)}; over 2 ms: ${costs.filter((c) => c.turn > 2).length}`);
console.log(`mean searchFaq ${(sum('faq') / costs.length).toFixed(3)} ms, findProductMentions ${(sum('products') / costs.length).toFixed(3)} ms`);
console.log('turn   faq    products  question');
for (const c of costs.sort((a, b) => b.turn - a.turn).slice(0, rows)) console.log(`${c.turn.toFixed(2).padStart(6)} ${c.faq.toFixed(2).padStart(6)} ${c.products.toFixed(2).padStart(6)}  ${c.q}`);
