// The composition root's wiring: store chosen by configuration, real clock and ids, caches.
import { randomBytes } from 'node:crypto';
import { createStaff } from '../app/staff/accounts.js';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { createKeyedLock } from '../app/conversations/keyed-lock.js';
import { createKnowledgeCache } from '../app/shops/knowledge-cache.js';
import { importShop } from '../app/shops/import-shop.js';
import { publishShop } from '../app/shops/publish-shop.js';
import { compileRelease } from '../core/knowledge/release.js';
import { readBundleDir } from '../adapters/bundle/read-bundle-dir.js';
import { openStore, type OpenedStore, type StoreLocation } from '../adapters/store/kysely-store.js';
import { createIds, systemClock } from '../adapters/system/system-clock.js';
import { createMemoryRateLimiter } from '../adapters/limits/memory-rate-limiter.js';
import type { ServerDeps } from './server-deps.js';

/** Where the store lives for a configuration: PostgreSQL when a URL is given, else SQLite in dataDir. */
export function storeLocation(cfg: { databaseUrl: string | undefined; dataDir: string }): StoreLocation {
  if (cfg.databaseUrl) return { kind: 'postgres', url: cfg.databaseUrl };
  mkdirSync(cfg.dataDir, { recursive: true });
  return { kind: 'sqlite', file: join(cfg.dataDir, 'xiaoer.sqlite') };
}

/** Wires the application's ports over an open store (failed logins counted in this process's memory). */
export function wire(store: OpenedStore, maxMessageBytes: number, secret: (name: string) => string | undefined = () => undefined): ServerDeps {
  return { store, orders: store.orders, retail: store.retail, clock: systemClock, ids: createIds(), knowledge: createKnowledgeCache(store), maxMessageBytes, secret, lock: createKeyedLock(), limiter: createMemoryRateLimiter() };
}

/** Opens the configured store and wires everything. */
export async function openDeps(cfg: { databaseUrl: string | undefined; dataDir: string; maxMessageBytes: number; secret?: (name: string) => string | undefined }): Promise<ServerDeps> {
  return wire(await openStore(storeLocation(cfg)), cfg.maxMessageBytes, cfg.secret);
}

/** Imports and publishes a bundle folder unless that shop already has a published release. */
export async function ensureShopPublished(deps: ServerDeps, dir: string): Promise<{ shopId: string; releaseId: string; imported: boolean }> {
  const read = await readBundleDir(dir);
  if (!read.ok) throw new Error(`shop bundle ${dir} is invalid:\n${read.errors.join('\n')}`);
  const existing = await deps.store.getShop(read.bundle.shop.id);
  // The bundle compiles to the current release already: nothing to do. Otherwise (first run, or
  // the bundle changed since) import and publish it; running conversations keep their release.
  if (existing?.currentReleaseId === compileRelease(read.bundle).id) return { shopId: existing.id, releaseId: existing.currentReleaseId, imported: false };
  // Seed orders only once, so restarting does not undo what shoppers did to them.
  const firstCustomer = read.seed?.customers[0];
  const seeded = firstCustomer ? await deps.orders.getCustomer(read.bundle.shop.id, firstCustomer.id) : undefined;
  await importShop(deps, read.bundle, seeded ? undefined : read.seed);
  const published = await publishShop(deps, read.bundle.shop.id);
  return { shopId: published.shopId, releaseId: published.releaseId, imported: true };
}

/**
 * The demo shop's staff on first run: an admin and an agent in every agent group, with the given
 * password or a random one, returned so it can be shown once. Nothing when the shop has staff.
 */
export async function ensureDemoStaff(deps: ServerDeps, shopId: string, password: string | undefined): Promise<{ usernames: string[]; password: string; generated: boolean } | undefined> {
  if ((await deps.store.listStaff(shopId)).length > 0) return undefined;
  const shop = await deps.store.getShop(shopId);
  const groups = shop?.bundle.shop.handoff?.groups.map((g) => g.id) ?? [];
  const chosen = password ?? randomBytes(9).toString('base64url');
  await createStaff(deps, { shopId, username: 'admin', displayName: '店长', role: 'admin', groups, password: chosen });
  await createStaff(deps, { shopId, username: 'agent1', displayName: '客服小美', role: 'agent', groups, password: chosen });
  return { usernames: ['admin', 'agent1'], password: chosen, generated: password === undefined };
}
