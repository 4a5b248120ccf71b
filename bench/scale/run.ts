// Scale: `npm run bench:scale` writes the <!-- scale:start --> section of docs/benchmarks.md.
// Grows the demo shop to big shops (FAQ entries × N, 50,000 SKUs), then measures publishing
// (compiling the release), loading it, the RSS it adds, turns of `decide` on it, and the worst
// event-loop delay while publishing and loading (a 10 ms heartbeat runs meanwhile).
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { percentile, writeSection } from '../report.js';
import { bigShop } from './big-shop.js';
import { demoQuestions, timeTurns } from './turns.js';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import { defaultSegmenter } from '../../src/adapters/segmenter/jieba-segmenter.js';
import type { KnowledgeBase } from '../../src/core/knowledge/knowledge-base.js';
import { workerKnowledgeBuilder, workerReleaseCompiler } from '../../src/server/worker-knowledge-builder.js';
import { createKnowledgeCache } from '../../src/app/shops/knowledge-cache.js';
import { publishShop } from '../../src/app/shops/publish-shop.js';
import { importShop } from '../../src/app/shops/import-shop.js';
import { openStore } from '../../src/adapters/store/kysely-store.js';
import { systemClock } from '../../src/adapters/system/system-clock.js';
import type { ShopBundle } from '../../src/core/catalog/types.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const loadAtStart = loadavg()[0] ?? 0;
// BENCH_SCALE_FAQ= (empty) skips the big shops: only the demo shop and the many demo-size shops are measured.
const FAQ_SIZES = (process.env['BENCH_SCALE_FAQ'] ?? '2000,10000').split(',').filter((s) => s.trim() !== '').map(Number);
const SKUS = Number(process.env['BENCH_SCALE_SKUS'] ?? 50_000);
const TURNS = Number(process.env['BENCH_SCALE_TURNS'] ?? 2000);
const WRITE = process.env['BENCH_SCALE_WRITE'] !== '0';
const DEMO_SHOPS = Number(process.env['BENCH_SCALE_SHOPS'] ?? 100);

/** Runs `fn` while a 10 ms heartbeat ticks; returns its result, wall time and the worst loop delay. */
async function watched<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number; maxDelayMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  const beat = setInterval(() => {}, 10);
  h.enable();
  await new Promise((r) => setTimeout(r, 30));
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  await new Promise((r) => setTimeout(r, 30));
  h.disable();
  clearInterval(beat);
  return { value, ms, maxDelayMs: h.max / 1e6 };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const read = await readBundleDir(join(root, 'shops/demo-zh'));
if (!read.ok) throw new Error(read.errors.join('\n'));
const demo = read.bundle;
const questions = demoQuestions(root);

interface Row {
  faq: number;
  skus: number;
  phrasings: number;
  publishMs: number;
  publishDelayMs: number;
  imageMb: number;
  loadMs: number;
  loadDelayMs: number;
  rssMb: number;
  heapMb: number;
  p50: number;
  p99: number;
}

const dir = mkdtempSync(join(tmpdir(), 'xiaoer-scale-'));
const store = await openStore({ kind: 'sqlite', file: join(dir, 'scale.sqlite') });

async function measure(make: () => ShopBundle): Promise<Row & { image: Uint8Array; releaseId: string }> {
  // Imported first (stored, its objects let go): on the server an import and a publish are
  // different requests, and the publishing process holds only what publish reads back.
  const { shopId, counts } = await (async () => {
    const bundle = make();
    await importShop({ store, clock: systemClock, orders: store.orders, retail: store.retail }, bundle);
    const counts = {
      faq: bundle.faq.length,
      skus: bundle.products.reduce((n, p) => n + p.variants.length, 0),
      phrasings: bundle.faq.reduce((n, e) => n + 1 + e.similar.length, 0),
    };
    return { shopId: bundle.shop.id, counts };
  })();
  gc();
  // The server's path (publishShop): the stored bundle compiled and trained in a worker thread, stored with its image.
  const publish = await watched(() => publishShop({ store, clock: systemClock, compiler: workerReleaseCompiler() }, shopId));
  const release = { id: publish.value.releaseId };
  const image = (await store.releases.getImage(release.id)) ?? new Uint8Array(0);
  gc();
  const before = process.memoryUsage();
  // The server's path: a node's cache reads the stored image and loads it in steps on the loop.
  const cache = createKnowledgeCache(store, workerKnowledgeBuilder(), { clock: systemClock });
  const load = await watched((): Promise<KnowledgeBase> => cache.get(release.id));
  const kb = load.value;
  gc();
  const after = process.memoryUsage();
  const t = timeTurns(kb, questions, TURNS).map((x) => x.ms);
  t.sort((a, b) => a - b);
  const row = {
    ...counts,
    publishMs: publish.ms,
    publishDelayMs: publish.maxDelayMs,
    imageMb: image.byteLength / 2 ** 20,
    loadMs: load.ms,
    loadDelayMs: load.maxDelayMs,
    rssMb: (after.rss - before.rss) / 2 ** 20,
    heapMb: (after.heapUsed - before.heapUsed) / 2 ** 20,
    p50: percentile(t, 0.5),
    p99: percentile(t, 0.99),
  };
  console.log(row);
  return { ...row, image, releaseId: release.id };
}

const rows: Row[] = [];
const demoRow = await measure(() => demo);
rows.push(demoRow);

// Many demo-size shops on one node: the demo image loaded DEMO_SHOPS times, each into its own
// knowledge base, all kept. Loaded releases share only the process-wide jieba dictionary (each has
// its own shop-word map, tables and models), so distinct shops of this size would weigh the same.
gc();
const manyBefore = process.memoryUsage();
const kept: KnowledgeBase[] = [];
const many = await watched(async () => {
  for (let i = 0; i < DEMO_SHOPS; i++) kept.push(await workerKnowledgeBuilder().load(demoRow.image, demoRow.releaseId));
});
gc();
const manyAfter = process.memoryUsage();
const perShopMb = (manyAfter.rss - manyBefore.rss) / 2 ** 20 / Math.max(1, DEMO_SHOPS);
const perShopHeapMb = (manyAfter.heapUsed - manyBefore.heapUsed) / 2 ** 20 / Math.max(1, DEMO_SHOPS);
console.log({ shops: kept.length, perShopMb, perShopHeapMb, loadEachMs: many.ms / Math.max(1, DEMO_SHOPS), worstDelayMs: many.maxDelayMs });
kept.length = 0;
gc();

for (const n of FAQ_SIZES) rows.push(await measure(() => bigShop(demo, n, SKUS)));
await store.close();
rmSync(dir, { recursive: true, force: true });

const s = (ms: number) => (ms / 1000).toFixed(2);
const big = rows[rows.length - 1] as Row;
const worstDelay = Math.max(...rows.flatMap((r) => [r.publishDelayMs, r.loadDelayMs]), many.maxDelayMs);
const met = (ok: boolean) => (ok ? 'met' : '**not met**');
const section = `<!-- scale:start (written by npm run bench:scale) -->
## Scale: big shops

Measured by \`npm run bench:scale\` (bench/scale/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}; load average ${loadAtStart.toFixed(1)} at the start (other work on the machine
makes the loop delays and RSS figures noisy: compare runs at a low load).
The big shops are the demo shop grown by bench/scale/big-shop.ts: FAQ entries copied with a product
or category word put into every phrasing and answer, products copied as new series up to ${SKUS.toLocaleString('en')} SKUs.
Publish is what the server does (\`publishShop\`, the shop imported before): assemble the draft's rows into the bundle's text, compile
the release and train it (FAQ model, intent classifier) in a worker thread into the release image, then
store release and image (SQLite in a file). Load is what a
node does: read the stored image and load it on the loop in steps (never training). RSS and heap are
what the loaded shop adds to the process; turns are \`decide\` on the demo's FAQ questions (${TURNS}
after a warm-up), in process. The loop delay is the worst of \`monitorEventLoopDelay\` (10 ms
resolution) while a 10 ms heartbeat runs.

| FAQ entries (phrasings) | SKUs | publish | worst loop delay | image | load | worst loop delay | RSS added | heap added | turn p50 | turn p99 |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${r.faq.toLocaleString('en')} (${r.phrasings.toLocaleString('en')}) | ${r.skus.toLocaleString('en')} | ${s(r.publishMs)} s | ${r.publishDelayMs.toFixed(0)} ms | ${r.imageMb.toFixed(1)} MB | ${s(r.loadMs)} s | ${r.loadDelayMs.toFixed(0)} ms | ${r.rssMb.toFixed(0)} MB | ${r.heapMb.toFixed(0)} MB | ${r.p50.toFixed(3)} ms | ${r.p99.toFixed(3)} ms |`).join('\n')}

${DEMO_SHOPS} demo-size shops on one node (the demo image loaded ${DEMO_SHOPS} times, each its own
knowledge base, all kept): ${perShopMb.toFixed(1)} MB RSS per shop (${perShopHeapMb.toFixed(1)} MB of it JavaScript heap), ${s(many.ms / Math.max(1, DEMO_SHOPS))} s per load, worst loop delay ${many.maxDelayMs.toFixed(0)} ms.

Against the aims (issue 19), for the ${big.faq.toLocaleString('en')}-entry shop:
- publish ≤ 60 s: ${met(big.publishMs <= 60_000)} (${s(big.publishMs)} s);
- load ≤ 3 s: ${met(big.loadMs <= 3000)} (${s(big.loadMs)} s);
- no event-loop delay over 100 ms while publishing or loading: ${met(worstDelay <= 100)} (worst ${worstDelay.toFixed(0)} ms);
- turn p99 ≤ 2 ms in process: ${met(big.p99 <= 2)} (${big.p99.toFixed(3)} ms);
- RSS ≤ 400 MB: ${big.rssMb < 0 ? `not measured (the reading was ${big.rssMb.toFixed(0)} MB: the collector freed more than the shop took; heap added ${big.heapMb.toFixed(0)} MB)` : `${met(big.rssMb <= 400)} (${big.rssMb.toFixed(0)} MB)`};
- ≤ 10 MB more per demo-size shop: ${met(perShopMb <= 10)} (${perShopMb.toFixed(1)} MB).

Reproduce: \`NODE_OPTIONS=--expose-gc npm run bench:scale\` (the RSS figures need the collector exposed;
\`BENCH_SCALE_FAQ=2000,10000\`, \`BENCH_SCALE_SKUS=50000\`, \`BENCH_SCALE_SHOPS=100\`, \`BENCH_SCALE_WRITE=0\` to only print).
<!-- scale:end -->`;
if (WRITE) {
  writeSection(join(root, 'docs/benchmarks.md'), 'scale', section);
  console.log('wrote the scale section of docs/benchmarks.md');
} else console.log(section);
