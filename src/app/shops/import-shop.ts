// Stores a validated bundle as the shop's imported data (made visible whole), and loads its seed
// data (demo customers and orders) into the order backend.
import type { ShopBundle } from '../../core/catalog/types.js';
import type { RetailDb } from '../../core/retail/types.js';
import type { AppDeps } from '../deps.js';
import type { ShopSeed } from './seed-schema.js';
import { bundleWritesInSteps, type DraftSources } from '../console/draft-items.js';

/** What an import stored. */
export interface ImportResult {
  shopId: string;
  products: number;
  faq: number;
  flows: number;
  /** Orders seeded, when the bundle has a seed.yaml or a retail database. */
  orders?: number;
}

/**
 * Imports (or re-imports) a shop's bundle, replacing its draft; conversations keep running on the
 * published release.
 * Seed data replaces the shop's customers and orders; a retail database replaces its retail records.
 */
export async function importShop(deps: Pick<AppDeps, 'store' | 'clock' | 'orders' | 'retail'>, bundle: ShopBundle, seed?: ShopSeed, retail?: RetailDb, sources: DraftSources = {}): Promise<ImportResult> {
  // Outside a transaction: a big bundle is written in parts (the store yields to the loop between them).
  await deps.store.shops.put(bundle, deps.clock.now());
  const shopId = bundle.shop.id;
  // The files replace the draft (what the console edits and publishing compiles).
  await deps.store.drafts.replace(shopId, await bundleWritesInSteps(bundle, { ...sources, ...(seed ? { seed } : {}) }), deps.clock.now(), null);
  if (seed) await seedOrders(deps, shopId, seed);
  if (retail) await deps.retail.load(shopId, retail);
  const orders = (seed?.orders.length ?? 0) + (retail ? Object.keys(retail.orders).length : 0);
  return { shopId, products: bundle.products.length, faq: bundle.faq.length, flows: bundle.sops?.length ?? 0, ...(seed || retail ? { orders } : {}) };
}

/** Replaces the shop's customers, orders and coupons with the seed data. */
export async function seedOrders(deps: Pick<AppDeps, 'orders'>, shopId: string, seed: ShopSeed): Promise<void> {
  await deps.orders.seed(
    shopId,
    seed.customers.map((c) => ({ ...c, shopId })),
    seed.orders.map((o) => ({ ...o, shopId })),
  );
}
