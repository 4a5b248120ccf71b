// First turns, A/B: the questions the bench's 200 warm-up turns leave out (116 of 316), each asked
// for the first time of the code in .ab-base/src (an older tree, as for ab-turns.ts) and of this
// tree's, question by question in turn in one process, then three more times each (their fastest
// is the later cost). Each tree's code is first warmed on another copy of the shop (all questions,
// three rounds), so what differs is the shop's own tables built on first need.
// `tsx bench/scale/ab-first-turns.ts <faq> <skus>`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoQuestions } from './turns.js';
import { bigShopImage } from './cached-shop.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const faq = Number(process.argv[2] ?? 10000);
const skus = Number(process.argv[3] ?? 50000);
const { image, releaseId } = await bigShopImage(root, faq, skus);
const bytes = new Uint8Array(readFileSync(image));
const TODAY = { year: 2026, month: 11, day: 25, weekday: 3 };
async function side(dir: string) {
  const kbMod = await import(join(dir, 'core/knowledge/knowledge-base.ts'));
  const seg = await import(join(dir, 'adapters/segmenter/jieba-segmenter.ts'));
  const dec = await import(join(dir, 'core/conversation/decide.ts'));
  const st = await import(join(dir, 'core/conversation/state.ts'));
  const load = () => kbMod.runSteps(kbMod.knowledgeBaseFromImage(bytes, releaseId, seg.defaultSegmenter));
  const turn = (kb: unknown, text: string) => { const s = performance.now(); dec.decide(st.initialState(), { text, today: TODAY }, kb); return performance.now() - s; };
  return { load, turn };
}
const qs = demoQuestions(root);
const sides = { base: await side(join(root, '.ab-base/src')), head: await side(join(root, 'src')) };
const kbs: Record<string, unknown> = {};
for (const s of Object.values(sides)) {
  const warm = s.load();
  for (let r = 0; r < 3; r++) for (const q of qs) s.turn(warm, q);
}
for (const [name, s] of Object.entries(sides)) { kbs[name] = s.load(); for (let i = 0; i < 200; i++) s.turn(kbs[name], qs[i % qs.length]!); }
const seen = new Set(qs.slice(0, 200));
const fresh = [...new Set(qs.slice(200))].filter((q) => !seen.has(q));
const first: Record<string, number[]> = { base: [], head: [] };
fresh.forEach((q, i) => { for (const name of i % 2 ? ['head', 'base'] : ['base', 'head']) first[name]!.push(sides[name as 'base'].turn(kbs[name], q)); });
const later: Record<string, number[]> = { base: fresh.map(() => Infinity), head: fresh.map(() => Infinity) };
for (let r = 0; r < 3; r++) fresh.forEach((q, i) => { for (const name of i % 2 ? ['head', 'base'] : ['base', 'head']) later[name]![i] = Math.min(later[name]![i]!, sides[name as 'base'].turn(kbs[name], q)); });
for (const name of ['base', 'head']) {
  const extra = first[name]!.map((f, i) => f - later[name]![i]!);
  console.log(`${name}: first turns ${first[name]!.reduce((s, x) => s + x, 0).toFixed(0)} ms, ${extra.reduce((s, x) => s + x, 0).toFixed(0)} ms more than later, ${extra.filter((x) => x > 1).length} over 1 ms more, ${first[name]!.filter((x) => x > 2).length} over 2 ms`);
}
