// Test helper: the application wired over an in-memory SQLite store with the tiny shop published.
import { createKeyedLock } from '../app/conversations/keyed-lock.js';
import { commerceDrivers } from '../app/commerce/commerce-drivers.js';
import { createWorkerSandbox } from '../server/worker-sandbox.js';
import { createKnowledgeCache, inProcessKnowledgeBuilder, inProcessReleaseCompiler } from '../app/shops/knowledge-cache.js';
import { importShop } from '../app/shops/import-shop.js';
import { publishShop } from '../app/shops/publish-shop.js';
import { openStore, type OpenedStore } from '../adapters/store/kysely-store.js';
import { defaultSegmenter } from '../adapters/segmenter/jieba-segmenter.js';
import { createIds, systemClock } from '../adapters/system/system-clock.js';
import { createMemoryRateLimiter } from '../adapters/limits/memory-rate-limiter.js';
import type { ShopBundle } from '../core/catalog/types.js';
import { tinyBundle } from '../core/testing/fixtures.js';

/** Everything a use case needs, over `store` (SQLite in memory unless given). */
export async function appHarness(options: { store?: OpenedStore; bundle?: ShopBundle; maxMessageBytes?: number; secrets?: Record<string, string> } = {}) {
  const store = options.store ?? (await openStore({ kind: 'sqlite', file: ':memory:' }));
  const ids = createIds();
  const deps = {
    store,
    orders: store.orders,
    retail: store.retail,
    ledger: store.ledger,
    outcomes: store.outcomes,
    commerce: commerceDrivers({ orders: store.orders, retail: store.retail, ids }),
    clock: systemClock,
    ids,
    segmenter: defaultSegmenter,
    knowledge: createKnowledgeCache(store, inProcessKnowledgeBuilder(defaultSegmenter), { clock: systemClock }),
    compiler: inProcessReleaseCompiler(defaultSegmenter),
    maxMessageBytes: options.maxMessageBytes ?? 4096,
    secret: (name: string) => options.secrets?.[name],
    lock: createKeyedLock(),
    limiter: createMemoryRateLimiter(),
    // Workers start only when a test tries or tests a release; idle ones end by themselves.
    sandbox: createWorkerSandbox(),
  };
  const bundle = options.bundle ?? tinyBundle();
  await importShop(deps, bundle);
  const published = await publishShop(deps, bundle.shop.id);
  return { deps, store, shopId: bundle.shop.id, releaseId: published.releaseId };
}
