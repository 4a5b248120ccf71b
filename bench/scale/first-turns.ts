// What a question's first turn costs more than its later ones, in the bench's order (200 warm-up
// turns, then the questions they left out): `tsx bench/scale/first-turns.ts <faq> <skus>`. With
// WARM_CODE=1 the code is first warmed on another copy of the shop (all questions, three rounds),
// so that only the shop's own tables built on first need count, not V8 compiling new code paths.
// Later turns are timed a full round of the questions apart (the tokeniser remembers its last cuts).
import { fileURLToPath } from 'node:url';
import { decide } from '../../src/core/conversation/decide.js';
import { initialState } from '../../src/core/conversation/state.js';
import type { KnowledgeBase } from '../../src/core/knowledge/knowledge-base.js';
import { demoQuestions } from './turns.js';
import { cachedBigShop } from './cached-shop.js';

const TODAY = { year: 2026, month: 11, day: 25, weekday: 3 };
const WARM_UP = 200;
const root = fileURLToPath(new URL('../..', import.meta.url));
const faq = Number(process.argv[2] ?? 10000);
const skus = Number(process.argv[3] ?? 50000);
const questions = demoQuestions(root);
const timed = (kb: KnowledgeBase, q: string) => {
  const s = performance.now();
  decide(initialState(), { text: q, today: TODAY }, kb);
  return performance.now() - s;
};
if (process.env['WARM_CODE'] === '1') {
  const other = await cachedBigShop(root, faq, skus);
  for (let r = 0; r < 3; r++) for (const q of questions) timed(other, q);
}
const kb = await cachedBigShop(root, faq, skus);
for (let i = 0; i < WARM_UP; i++) timed(kb, questions[i % questions.length] ?? '');
const seen = new Set(questions.slice(0, WARM_UP));
const rows = [...new Set(questions.slice(WARM_UP))].filter((q) => !seen.has(q)).map((q) => ({ q, first: timed(kb, q), later: Infinity }));
for (let r = 0; r < 3; r++) for (const row of rows) row.later = Math.min(row.later, timed(kb, row.q));
const extra = rows.map((r) => r.first - r.later);
console.log(`${rows.length} questions first seen after the warm-up${process.env['WARM_CODE'] === '1' ? ' (code warmed on another copy)' : ''}: ${extra.reduce((s, x) => s + x, 0).toFixed(0)} ms more than their fastest later turn in all, ${extra.filter((x) => x > 1).length} over 1 ms more, ${rows.filter((r) => r.first > 2).length} first turns over 2 ms`);
for (const r of rows.sort((a, b) => b.first - b.later - (a.first - a.later)).slice(0, 10)) console.log(`${r.first.toFixed(2).padStart(6)} ${r.later.toFixed(2).padStart(6)}  ${r.q}`);
