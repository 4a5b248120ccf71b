// A/B of turn times: `decide` of the code in .ab-base/src (an older tree: `mkdir .ab-base && git archive <commit> src | tar -x -C .ab-base`)
// against this tree's, on the same cached big-shop image, in one process, question by question in
// turn (so both see the same machine load). `tsx bench/scale/ab-turns.ts <faq> <skus>`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from '../report.js';
import { demoQuestions } from './turns.js';
import { bigShopImage } from './cached-shop.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const faq = Number(process.argv[2] ?? 10000);
const skus = Number(process.argv[3] ?? 50000);
const { image, releaseId } = await bigShopImage(root, faq, skus);
const TODAY = { year: 2026, month: 11, day: 25, weekday: 3 };
const TURNS = 2000;
const WARM_UP = 316;

async function side(dir: string) {
  const kbMod = await import(join(dir, 'core/knowledge/knowledge-base.ts'));
  const seg = await import(join(dir, 'adapters/segmenter/jieba-segmenter.ts'));
  const dec = await import(join(dir, 'core/conversation/decide.ts'));
  const st = await import(join(dir, 'core/conversation/state.ts'));
  const kb = kbMod.runSteps(kbMod.knowledgeBaseFromImage(new Uint8Array(readFileSync(image)), releaseId, seg.defaultSegmenter));
  return (text: string) => dec.decide(st.initialState(), { text, today: TODAY }, kb);
}
const base = await side(join(root, '.ab-base/src'));
const head = await side(join(root, 'src'));
const questions = demoQuestions(root);
for (let i = 0; i < WARM_UP; i++) {
  base(questions[i % questions.length] ?? '');
  head(questions[i % questions.length] ?? '');
}
const tb: number[] = [];
const th: number[] = [];
for (let i = 0; i < TURNS; i++) {
  const q = questions[i % questions.length] ?? '';
  const [first, second, a, b] = i % 2 === 0 ? [base, head, tb, th] : [head, base, th, tb];
  let s = performance.now();
  first(q);
  a.push(performance.now() - s);
  s = performance.now();
  second(q);
  b.push(performance.now() - s);
}
const stat = (t: number[]) => {
  const s = [...t].sort((x, y) => x - y);
  return `p50 ${percentile(s, 0.5).toFixed(3)} ms, p90 ${percentile(s, 0.9).toFixed(3)}, p99 ${percentile(s, 0.99).toFixed(3)}, mean ${(t.reduce((x, y) => x + y, 0) / t.length).toFixed(3)}`;
};
console.log(`${faq} entries, ${TURNS} turns each, interleaved: base ${stat(tb)} | head ${stat(th)}`);
// Each question's fastest of 5 turns, base and head in turn: what a quiet machine would show.
const unique = [...new Set(questions)];
const mb: number[] = [];
const mh: number[] = [];
const slow: [number, number, string][] = [];
for (const q of unique) {
  let b = Infinity;
  let h = Infinity;
  for (let r = 0; r < 5; r++) {
    let s = performance.now();
    base(q);
    b = Math.min(b, performance.now() - s);
    s = performance.now();
    head(q);
    h = Math.min(h, performance.now() - s);
  }
  mb.push(b);
  mh.push(h);
  slow.push([h, b, q]);
}
console.log(`fastest of 5 per question (${unique.length}): base ${stat(mb)} | head ${stat(mh)}`);
console.log(slow.sort((x, y) => y[0] - x[0]).slice(0, 8).map(([h, b, q]) => `${h.toFixed(2)} (base ${b.toFixed(2)}) ${q}`).join('\n'));
