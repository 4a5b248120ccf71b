// The shop console at a flagship's size: `tsx bench/scale/console.ts [faq] [skus]` (default 10,000
// FAQ entries, 50,000 SKUs) imports the grown demo shop (its draft rows written), then times what an
// admin's requests do on the serving thread — a page of entries, a search, saving an entry, the
// draft's changes, a page of products, a SKU's price — and the publish of the edited draft (checked,
// compiled and trained in a worker), each with the worst event-loop delay meanwhile (10 ms heartbeat).
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import { openStore } from '../../src/adapters/store/kysely-store.js';
import { systemClock, createIds } from '../../src/adapters/system/system-clock.js';
import { importShop } from '../../src/app/shops/import-shop.js';
import { publishShop } from '../../src/app/shops/publish-shop.js';
import { listFaq, putFaq } from '../../src/app/console/edit-faq.js';
import { listProducts, patchVariant } from '../../src/app/console/edit-catalog.js';
import { diffHashes, draftHashes, releaseHashes } from '../../src/app/console/release-items.js';
import { workerReleaseCompiler } from '../../src/server/worker-knowledge-builder.js';
import { bigShop } from './big-shop.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FAQ = Number(process.argv[2] ?? 10_000);
const SKUS = Number(process.argv[3] ?? 50_000);

async function watched<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  const beat = setInterval(() => {}, 10);
  h.enable();
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  h.disable();
  clearInterval(beat);
  console.log(`| ${label} | ${ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`} | ${(h.max / 1e6).toFixed(0)} ms |`);
  return value;
}

const read = await readBundleDir(join(root, 'shops/demo-zh'));
if (!read.ok) throw new Error(read.errors.join('\n'));
const bundle = bigShop(read.bundle, FAQ, SKUS);
const dir = mkdtempSync(join(tmpdir(), 'xiaoer-console-'));
const store = await openStore({ kind: 'sqlite', file: join(dir, 'console.sqlite') });
const deps = { store, clock: systemClock, ids: createIds(), orders: store.orders, retail: store.retail, compiler: workerReleaseCompiler() };
const shopId = bundle.shop.id;
const actor = { username: 'bench' };
console.log(`${bundle.faq.length} FAQ entries, ${bundle.products.reduce((n, p) => n + p.variants.length, 0)} SKUs; Node ${process.version}\n`);
console.log('| request | time | worst loop delay |\n|---|---|---|');
await watched('import (bundle and draft rows stored)', () => importShop(deps, bundle));
await watched('first publish', () => publishShop(deps, shopId));
await watched('GET /faq (first page of 50)', () => listFaq(deps, shopId, { offset: 0, limit: 50 }));
await watched('GET /faq?q=发货 (search)', () => listFaq(deps, shopId, { q: '发货', offset: 0, limit: 50 }));
await watched('GET /faq (page 150)', () => listFaq(deps, shopId, { offset: 7_450, limit: 50 }));
const first = bundle.faq[0];
if (!first) throw new Error('no FAQ entry');
await watched('PUT /faq/:id', () => putFaq(deps, shopId, actor, { ...first, answer: `${first.answer}（已更新）` }, undefined));
await watched('GET /products (first page)', () => listProducts(deps, shopId, { offset: 0, limit: 50 }));
const product = bundle.products[0];
const sku = product?.variants[0]?.sku;
if (!product || !sku) throw new Error('no product');
await watched('PATCH /products/:id/variants/:sku', () => patchVariant(deps, shopId, actor, product.id, sku, { stock: 7 }, undefined));
await watched('GET /draft (changes)', async () => {
  const live = (await store.shops.get(shopId))?.currentReleaseId;
  return diffHashes(live ? await releaseHashes(deps, live) : new Map(), await draftHashes(deps, shopId));
});
await watched('publish of the edited draft', () => publishShop(deps, shopId));
await store.close();
rmSync(dir, { recursive: true, force: true });
