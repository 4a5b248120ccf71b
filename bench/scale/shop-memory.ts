// Where a loaded demo-size shop's memory goes: the demo image loaded N times the way run.ts and a
// node do (workerKnowledgeBuilder().load, each its own knowledge base, all kept), RSS and heap per
// shop, then each part of the knowledge bases let go in turn (in every kept shop) and what that
// frees, per shop. A part freed later than another it shares data with gets the shared part.
// Run: NODE_OPTIONS=--expose-gc npx tsx bench/scale/shop-memory.ts [N=40] [--copy]
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import type { KnowledgeBase } from '../../src/core/knowledge/knowledge-base.js';
import { workerKnowledgeBuilder, workerReleaseCompiler } from '../../src/server/worker-knowledge-builder.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 40);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with NODE_OPTIONS=--expose-gc');

function collect(): NodeJS.MemoryUsage {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage();
}
const mb = (bytes: number) => (bytes / 2 ** 20 / N).toFixed(2);

const read = await readBundleDir(join(root, 'shops/demo-zh'));
if (!read.ok) throw new Error(read.errors.join('\n'));
const { release, image } = await workerReleaseCompiler().compile(read.bundle);
// One load first, so the process-wide parts (jieba's dictionary, the wasm module) are not counted.
await workerKnowledgeBuilder().load(image, release.id);

const before = collect();
const kept: KnowledgeBase[] = [];
// With --copy each load gets its own copy of the image, as each read from the store does: a part of
// the image a knowledge base kept by mistake shows then (and the RSS the freed copies leave behind);
// without, one image is loaded N times, as run.ts does.
const copy = process.argv.includes('--copy');
for (let i = 0; i < N; i++) kept.push(await workerKnowledgeBuilder().load(copy ? image.slice() : image, release.id));
const after = collect();
console.log(`${N} demo shops${copy ? ' (an image copy each)' : ''}, per shop: RSS ${mb(after.rss - before.rss)} MB, heap ${mb(after.heapUsed - before.heapUsed)} MB, external ${mb(after.external - before.external)} MB (array buffers ${mb(after.arrayBuffers - before.arrayBuffers)} MB)`);

type Loose = Record<string, unknown>;
/** Parts let go in this order: `a.b` deletes field b of field a. */
const parts = [
  'faqModel.classifier',
  'faqModel.postings',
  'faqModel.entryPostings',
  'faqModel',
  'understander',
  'productIndex',
  'productNameTerms',
  'productPhrases',
  'productNameWeights',
  'productIdf',
  'factWords',
  'attributes',
  'sops',
  'synonyms',
  'tokenizer',
  'faqById',
  'productsById',
  'productIdsByKey',
  'release.bundle',
  'release',
];
let last = after;
const rows: string[] = [];
for (const part of parts) {
  const path = part.split('.');
  for (const kb of kept) {
    let at = kb as unknown as Loose;
    for (const key of path.slice(0, -1)) at = (at[key] ?? {}) as Loose;
    delete at[path[path.length - 1] as string];
  }
  const now = collect();
  rows.push(`${part.padEnd(24)} heap ${mb(last.heapUsed - now.heapUsed).padStart(6)}  external ${mb(last.external - now.external).padStart(6)}  rss ${mb(last.rss - now.rss).padStart(6)}`);
  last = now;
}
kept.length = 0;
const end = collect();
rows.push(`${'(the rest)'.padEnd(24)} heap ${mb(last.heapUsed - end.heapUsed).padStart(6)}  external ${mb(last.external - end.external).padStart(6)}  rss ${mb(last.rss - end.rss).padStart(6)}`);
console.log('freed per shop (MB), part by part:\n' + rows.join('\n'));
