// Profiles turns on a big shop: `tsx bench/scale/profile-turns.ts <faq> <skus>` trains it once
// (cached in the temp folder) and runs the bench's turns; add --cpu-prof through NODE_OPTIONS.
import { fileURLToPath } from 'node:url';
import { percentile } from '../report.js';
import { demoQuestions, timeTurns } from './turns.js';
import { cachedBigShop } from './cached-shop.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const faq = Number(process.argv[2] ?? 10000);
const skus = Number(process.argv[3] ?? 50000);
const kb = await cachedBigShop(root, faq, skus);
const t = timeTurns(kb, demoQuestions(root), 2000);
const sorted = t.map((x) => x.ms).sort((a, b) => a - b);
console.log({ p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) });
console.log(t.sort((a, b) => b.ms - a.ms).slice(0, 15).map((x) => `${x.ms.toFixed(2)} ${x.q}`).join('\n'));
