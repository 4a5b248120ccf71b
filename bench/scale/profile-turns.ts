// Profiles turns on a big shop: `tsx bench/scale/profile-turns.ts <faq> <skus>` trains it once
// (cached in the temp folder) and runs the bench's turns; add --cpu-prof through NODE_OPTIONS.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import { defaultSegmenter } from '../../src/adapters/segmenter/jieba-segmenter.js';
import { knowledgeBaseFromImage, releaseImage, runSteps } from '../../src/core/knowledge/knowledge-base.js';
import { compileRelease } from '../../src/core/knowledge/release.js';

import { percentile } from '../report.js';
import { bigShop } from './big-shop.js';
import { demoQuestions, timeTurns } from './turns.js';

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
const t = timeTurns(kb, demoQuestions(root), 2000);
const sorted = t.map((x) => x.ms).sort((a, b) => a - b);
console.log({ p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) });
console.log(t.sort((a, b) => b.ms - a.ms).slice(0, 15).map((x) => `${x.ms.toFixed(2)} ${x.q}`).join('\n'));
