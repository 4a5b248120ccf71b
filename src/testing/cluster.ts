// Test helper: two Xiaoer nodes in this process over one PostgreSQL schema and one Redis (a
// prefix of their own), wired as `openDeps` wires a node: advisory conversation locks, the Socket.IO
// Redis adapter, shared rate limits. Available when DATABASE_URL and REDIS_URL are both set.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { dropPostgresSchema, openStore } from '../adapters/store/kysely-store.js';
import type { ShopBundle } from '../core/catalog/types.js';
import { buildServer, type ServerOptions, type XiaoerServer } from '../server/build-server.js';
import type { ServerDeps } from '../server/server-deps.js';
import { openShared } from '../server/wire.js';
import { appHarness } from './app-harness.js';

const databaseUrl = process.env['DATABASE_URL'] || undefined;
const redisUrl = process.env['REDIS_URL'] || undefined;
let noticePrinted = false;

/** Whether the two-node suites can run here; prints why not, once. */
export function clusterAvailable(): boolean {
  if (databaseUrl && redisUrl) return true;
  if (!noticePrinted) {
    noticePrinted = true;
    console.warn(`[xiaoer tests] ${databaseUrl ? 'REDIS_URL' : 'DATABASE_URL'} is not set: the two-node (PostgreSQL + Redis) suites are SKIPPED.`);
  }
  return false;
}

/** A node of the cluster: its server and the URL it listens on. */
export interface ClusterNode {
  server: XiaoerServer;
  url: string;
  deps: ServerDeps;
}

/** Two listening nodes sharing a fresh schema and a Redis prefix; `close` ends both and drops the schema. */
export async function openCluster(options: { bundle?: ShopBundle; server?: Partial<ServerOptions> } = {}): Promise<{ nodes: [ClusterNode, ClusterNode]; close(): Promise<void> }> {
  if (!databaseUrl || !redisUrl) throw new Error('openCluster needs DATABASE_URL and REDIS_URL');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const prefix = `xiaoer-test-${randomBytes(4).toString('hex')}`;
  const quiet = { warn: () => {}, info: () => {} };
  const closers: (() => Promise<void>)[] = [];
  const node = async (): Promise<ClusterNode> => {
    const store = await openStore({ kind: 'postgres', url: databaseUrl, schema, poolSize: 4 });
    const { shared, close: closeShared } = await openShared({ databaseUrl, redisUrl, redisPrefix: prefix }, quiet);
    const redis = shared.redis;
    await new Promise<void>((resolve) => (!redis || redis.connected() ? resolve() : redis.command.once('ready', () => resolve())));
    // Each node imports and publishes the same bundle: the second finds the same release.
    const h = await appHarness({ store, ...(options.bundle ? { bundle: options.bundle } : {}) });
    const deps: ServerDeps = { ...h.deps, ...shared };
    const server = await buildServer(deps, { logLevel: 'silent', ...options.server });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(async () => {
      await server.app.close();
      await store.close();
      await closeShared();
    });
    return { server, deps, url: `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}` };
  };
  // One after the other: PostgreSQL schemas are migrated one at a time.
  const a = await node();
  const b = await node();
  return {
    nodes: [a, b],
    close: async () => {
      for (const c of closers) await c();
      await dropPostgresSchema(databaseUrl, schema);
    },
  };
}
