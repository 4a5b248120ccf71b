// Profiles turns on a big shop: `tsx bench/scale/profile-turns.ts <faq> <skus>` trains it once
// (cached in the temp folder) and runs the bench's turns; add --cpu-prof through NODE_OPTIONS.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import { defaultSegmenter } from '../../src/adapters/segmenter/jieba-segmenter.js';
import { decide } from '../../src/core/conversation/decide.js';
import { initialState } from '../../src/core/conversation/state.js';
import { knowledgeBaseFromImage, releaseImage, runSteps } from '../../src/core/knowledge/knowledge-base.js';
import { compileRelease } from '../../src/core/knowledge/release.js';

import { percentile } from '../report.js';
import { bigShop } from './big-shop.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const faq = Number(process.argv[2] ?? 10000);
const skus = Number(process.argv[3] ?? 50000);
const read = await readBundleDir(join(root, 'shops/demo-zh'));
if (!read.ok) throw new Error(read.errors.join('\n'));
const cache = join(tmpdir(), `xiaoer-profile-${faq}-${skus}.bin`);
if (!existsSync(cache)) {
  const release = compileRelease(bigShop(read.bundle, faq, skus), defaultSegmenter);
  writeFileSync(cache, releaseImage(release, defaultSegmenter));
  writeFileSync(cache + '.id', release.id);
}
const kb = runSteps(knowledgeBaseFromImage(new Uint8Array(readFileSync(cache)), readFileSync(cache + '.id', 'utf8'), defaultSegmenter));
const questions = readFileSync(join(root, 'shops/demo-zh/tests/faq.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { turns: { user: string }[] }).turns[0]?.user ?? '')
  .filter(Boolean);
const today = { year: 2026, month: 11, day: 25, weekday: 3 };
for (let i = 0; i < 200; i++) decide(initialState(), { text: questions[i % questions.length] ?? '', today }, kb);
const t: { ms: number; q: string }[] = [];
for (let i = 0; i < 2000; i++) {
  const q = questions[i % questions.length] ?? '';
  const s = performance.now();
  decide(initialState(), { text: q, today }, kb);
  t.push({ ms: performance.now() - s, q });
}
const sorted = t.map((x) => x.ms).sort((a, b) => a - b);
console.log({ p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) });
console.log(t.sort((a, b) => b.ms - a.ms).slice(0, 15).map((x) => `${x.ms.toFixed(2)} ${x.q}`).join('\n'));
