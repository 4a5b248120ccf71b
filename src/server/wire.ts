// The composition root's wiring: store chosen by configuration, real clock and ids, caches.
import { createHash, randomBytes } from 'node:crypto';
import { createStaff } from '../app/staff/accounts.js';
import { dirname, join } from 'node:path';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createKeyedLock } from '../app/conversations/keyed-lock.js';
import { commerceDrivers } from '../app/commerce/commerce-drivers.js';
import { createKnowledgeCache, type KnowledgeLog } from '../app/shops/knowledge-cache.js';
import { workerKnowledgeBuilder, workerReleaseCompiler } from './worker-knowledge-builder.js';
import { createWorkerSandbox } from './worker-sandbox.js';
import { importShop } from '../app/shops/import-shop.js';
import { publishShop } from '../app/shops/publish-shop.js';
import { readBundleDir } from '../adapters/bundle/read-bundle-dir.js';
import { openStore, type OpenedStore, type StoreLocation } from '../adapters/store/kysely-store.js';
import { isStoreUnavailable } from './http-errors.js';
import { defaultSegmenter } from '../adapters/segmenter/jieba-segmenter.js';
import { createIds, systemClock } from '../adapters/system/system-clock.js';
import { createMemoryRateLimiter } from '../adapters/limits/memory-rate-limiter.js';
import { createRedisRateLimiter } from '../adapters/limits/redis-rate-limiter.js';
import { createPostgresLock } from '../adapters/store/conversation-lock.js';
import { createMemoryLlmUsage } from '../adapters/limits/memory-llm-usage.js';
import { createRedisLlmUsage } from '../adapters/limits/redis-llm-usage.js';
import { openAiCompatible } from '../adapters/llm/openai-compatible.js';
import type { LlmDeps, NodeLlmSettings } from '../app/llm/ask-model.js';
import type { RateLimiter } from '../app/ports.js';
import { connectRedis, resilientLimiter, resilientUsage, type Log, type RedisLink } from './redis.js';
import type { ServerDeps } from './server-deps.js';

/** A problem of the environment that stops start-up, told in one line (no stack trace). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdirSync spins forever where mkdir answers
 * ENOENT under a folder that exists (a path under /proc), and start-up would hang instead of failing.
 */
function makeDirs(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw err;
    makeDirs(dirname(dir));
    mkdirSync(dir);
  }
}

/**
 * Where the store lives for a configuration: PostgreSQL when a URL is given, else SQLite in
 * dataDir, created if needed and checked by writing a file there (permission bits alone say
 * nothing when running as root; a read-only mount or a path through a file still fail).
 */
export function storeLocation(cfg: { databaseUrl: string | undefined; dataDir: string }): StoreLocation {
  if (cfg.databaseUrl) return { kind: 'postgres', url: cfg.databaseUrl };
  const probe = join(cfg.dataDir, `.write-test-${process.pid}`);
  try {
    makeDirs(cfg.dataDir);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new StartupError(`the data directory ${cfg.dataDir} cannot be created or written (${code}): set XIAOER_DATA_DIR to a writable folder, or DATABASE_URL`);
  }
  return { kind: 'sqlite', file: join(cfg.dataDir, 'xiaoer.sqlite') };
}

/** Release loading problems, as warning lines in the server's log format (pino's JSON). */
const knowledgeLog: KnowledgeLog = (event, fields) => {
  process.stderr.write(JSON.stringify({ level: 40, time: Date.now(), pid: process.pid, event, ...fields, msg: event }) + '\n');
};

/** Log lines before the HTTP server's logger exists, in its format (pino's JSON on stderr). */
export const bootLog: Log = {
  warn: (fields: object, msg: string) => process.stderr.write(JSON.stringify({ level: 40, time: Date.now(), pid: process.pid, ...fields, msg }) + '\n'),
  info: (fields: object, msg: string) => process.stderr.write(JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, ...fields, msg }) + '\n'),
};

/**
 * Wires the application's ports over an open store. The per-conversation lock and the rate limiter
 * are this process's own unless given (several nodes pass PostgreSQL's and Redis's).
 */
export function wire(store: OpenedStore, maxMessageBytes: number, secret: (name: string) => string | undefined = () => undefined, shared: Partial<Pick<ServerDeps, 'lock' | 'limiter' | 'redis'>> = {}, llm?: NodeLlmSettings): ServerDeps {
  const ids = createIds();
  const limiter = shared.limiter ?? createMemoryRateLimiter();
  return {
    store,
    orders: store.orders,
    retail: store.retail,
    ledger: store.ledger,
    outcomes: store.outcomes,
    // The order systems shops may name, one driver each: a turn takes its shop's.
    commerce: commerceDrivers({ orders: store.orders, retail: store.retail, ids }),
    clock: systemClock,
    ids,
    segmenter: defaultSegmenter,
    knowledge: createKnowledgeCache(store, workerKnowledgeBuilder(), { clock: systemClock, log: knowledgeLog }),
    compiler: workerReleaseCompiler(),
    // Workers start on first use (the console's tries and publishes), and idle ones end by themselves.
    sandbox: createWorkerSandbox(),
    maxMessageBytes,
    secret,
    lock: shared.lock ?? createKeyedLock(),
    limiter,
    ...(shared.redis ? { redis: shared.redis } : {}),
    ...(llm ? { llm: wireLlm(llm, secret, limiter, shared.redis) } : {}),
  };
}

/**
 * The optional LLM's ports: the OpenAI-compatible client, token budgets counted in Redis when
 * nodes share one (in memory while it is down), the shops' request rates in the shared limiter.
 * Wired whenever the node is given settings, provider or not: a shop may name its own in shop.yaml.
 */
function wireLlm(node: NodeLlmSettings, secret: (name: string) => string | undefined, limiter: RateLimiter, redis: RedisLink | undefined): LlmDeps {
  const local = createMemoryLlmUsage();
  return {
    provider: openAiCompatible(),
    usage: redis ? resilientUsage(createRedisLlmUsage(redis.command, `${redis.prefix}:llm-usage:`), local) : local,
    limiter,
    node,
    secret,
    breakers: new Map(),
  };
}

/** What opening the node's dependencies needs from the configuration. */
export interface DepsConfig {
  databaseUrl: string | undefined;
  dataDir: string;
  maxMessageBytes: number;
  secret?: (name: string) => string | undefined;
  /** Several nodes: Redis for the Socket.IO adapter, shared rate limits and release changes. */
  redisUrl?: string | undefined;
  /** Prefix of Redis keys and channels (default xiaoer). */
  redisPrefix?: string;
  /** Turns in flight per node: the PostgreSQL lock pool is sized from it. */
  maxTurnsInFlight?: number;
  /** The node's LLM provider (XIAOER_LLM_*); absent: no model for any shop (tools and tests). */
  llm?: NodeLlmSettings;
}

/**
 * What nodes share, as configured: on PostgreSQL the conversations' advisory locks (turns of a
 * conversation serialised across nodes), with Redis the link and the rate limits counted in it
 * (in the node's memory while Redis is down). `close` ends the lock pool and Redis.
 */
export async function openShared(cfg: Pick<DepsConfig, 'databaseUrl' | 'redisUrl' | 'redisPrefix' | 'maxTurnsInFlight'>, log: Log, onConnectionError?: (err: Error) => void): Promise<{ shared: Partial<Pick<ServerDeps, 'lock' | 'limiter' | 'redis'>>; close(): Promise<void> }> {
  const lock = cfg.databaseUrl ? await createPostgresLock(cfg.databaseUrl, { size: (cfg.maxTurnsInFlight ?? 32) + 8, ...(onConnectionError ? { onError: onConnectionError } : {}) }) : undefined;
  const redis = cfg.redisUrl ? connectRedis(cfg.redisUrl, log, cfg.redisPrefix) : undefined;
  const limiter = redis ? resilientLimiter(createRedisRateLimiter(redis.command, `${redis.prefix}:rl:`), createMemoryRateLimiter()) : undefined;
  return {
    shared: { ...(lock ? { lock } : {}), ...(limiter ? { limiter } : {}), ...(redis ? { redis } : {}) },
    close: async () => {
      await lock?.close();
      await redis?.close();
    },
  };
}

/** Opens the configured store and what nodes share, and wires everything; `close` ends them all. */
export async function openDeps(cfg: DepsConfig, log: Log = bootLog): Promise<ServerDeps & { close(): Promise<void> }> {
  const connectionError = (err: Error) => log.warn({ event: 'store.connection_broken', err: { message: err.message } }, 'a PostgreSQL connection broke; the pool connects anew');
  let store: OpenedStore;
  try {
    store = await openStore(storeLocation(cfg), { onConnectionError: connectionError });
  } catch (err) {
    // The database is down or unreachable at start: one line saying so, not a stack trace.
    if (!isStoreUnavailable(err)) throw err;
    const code = (err as { code?: unknown; cause?: { code?: unknown } }).code ?? (err as { cause?: { code?: unknown } }).cause?.code ?? 'unreachable';
    throw new StartupError(`the database cannot be reached (${String(code)}): start it, or check DATABASE_URL`);
  }
  const shared = await openShared(cfg, log, connectionError);
  const deps = wire(store, cfg.maxMessageBytes, cfg.secret, shared.shared, cfg.llm);
  return {
    ...deps,
    close: async () => {
      await deps.sandbox.close();
      await store.close();
      await shared.close();
    },
  };
}

/** Imports and publishes a bundle folder unless that shop already has a published release. */
export async function ensureShopPublished(deps: ServerDeps, dir: string): Promise<{ shopId: string; releaseId: string; imported: boolean }> {
  const read = await readBundleDir(dir);
  if (!read.ok) throw new Error(`shop bundle ${dir} is invalid:\n${read.errors.join('\n')}`);
  const existing = await deps.store.shops.get(read.bundle.shop.id);
  // The files are the ones imported last time: nothing to do, and what was published from the
  // console since stays. Otherwise (first run, or the files changed) import and publish them;
  // running conversations keep their release.
  const hash = createHash('sha256').update(JSON.stringify([read.bundle, read.seed ?? null, read.sources])).digest('hex');
  if (existing?.currentReleaseId && existing.sourceHash === hash) return { shopId: existing.id, releaseId: existing.currentReleaseId, imported: false };
  // Seed orders only once, so restarting does not undo what shoppers did to them.
  const firstCustomer = read.seed?.customers[0];
  const seeded = firstCustomer ? await deps.orders.getCustomer(read.bundle.shop.id, firstCustomer.id) : undefined;
  await importShop(deps, read.bundle, seeded ? undefined : read.seed, undefined, { ...read.sources, ...(read.seed ? { seed: read.seed } : {}) });
  const published = await publishShop(deps, read.bundle.shop.id);
  await deps.store.shops.setSourceHash(read.bundle.shop.id, hash);
  return { shopId: published.shopId, releaseId: published.releaseId, imported: true };
}

/** A demo account created on first run, with the password to show once when it was generated. */
export interface DemoAccount {
  username: string;
  role: 'admin' | 'agent';
  password: string;
  generated: boolean;
}

/**
 * The demo shop's staff on first run: an admin and an agent in every agent group, each with its
 * own password (given, or random), returned so they can be shown once. Nothing when the shop has staff.
 */
export async function ensureDemoStaff(deps: ServerDeps, shopId: string, passwords: { admin: string | undefined; agent: string | undefined }): Promise<DemoAccount[] | undefined> {
  if ((await deps.store.staff.list(shopId)).length > 0) return undefined;
  const shop = await deps.store.shops.get(shopId);
  const groups = shop?.bundle.shop.handoff?.groups.map((g) => g.id) ?? [];
  const accounts: (DemoAccount & { displayName: string })[] = [
    { username: 'admin', displayName: '店长', role: 'admin', password: passwords.admin ?? randomBytes(12).toString('base64url'), generated: passwords.admin === undefined },
    { username: 'agent1', displayName: '客服小美', role: 'agent', password: passwords.agent ?? randomBytes(12).toString('base64url'), generated: passwords.agent === undefined },
  ];
  for (const a of accounts) await createStaff(deps, { shopId, username: a.username, displayName: a.displayName, role: a.role, groups, password: a.password });
  return accounts.map(({ username, role, password, generated }) => ({ username, role, password, generated }));
}
