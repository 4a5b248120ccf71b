// The node's link to Redis (REDIS_URL), shared by the Socket.IO adapter, the rate limits and the
// release broadcast. Redis is a helper, never a dependency of serving: commands fail at once while
// it is down (no offline queue), callers fall back to this node's own state, and the clients
// reconnect by themselves. Each outage is logged once, as is each recovery.
import { Redis } from 'ioredis';
import type { LlmUsageMeter, RateDecision, RateLimiter } from '../app/ports.js';

/** Where a node's own warnings and notices go (the HTTP server's logger, or boot-time lines). */
export type Log = { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };

/** A command connection, a publisher and a subscriber (a subscribed connection can do nothing else). */
export interface RedisLink {
  command: Redis;
  pub: Redis;
  sub: Redis;
  /** Prefix of every key and channel (XIAOER_REDIS_PREFIX): deployments sharing one Redis keep apart. */
  prefix: string;
  /** Whether the command connection is up now. */
  connected(): boolean;
  close(): Promise<void>;
}

/** Connects to `url`; resolves at once (a Redis that is down at start is waited for in the background). */
export function connectRedis(url: string, log: Log, prefix = 'xiaoer', onChange: (up: boolean) => void = () => {}): RedisLink {
  const retryStrategy = (times: number) => Math.min(times * 200, 2_000);
  const failFast = { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy, connectTimeout: 2_000 };
  const command = new Redis(url, { ...failFast, connectionName: 'xiaoer-command' });
  const pub = new Redis(url, { ...failFast, connectionName: 'xiaoer-pub' });
  // The subscriber queues its SUBSCRIBE commands until it is connected, and subscribes again after a reconnect.
  const sub = new Redis(url, { retryStrategy, connectTimeout: 2_000, connectionName: 'xiaoer-sub', maxRetriesPerRequest: null });
  let up = false;
  let down = false;
  /** Closed on purpose (the node or the CLI ends): the connections going away is no outage. */
  let closing = false;
  command.on('ready', () => {
    up = true;
    down = false;
    onChange(true);
    log.info({ event: 'redis.up' }, 'Redis is reachable: live updates, rate limits and release changes are shared between nodes');
  });
  const lost = (err?: Error) => {
    up = false;
    if (down || closing) return;
    down = true;
    onChange(false);
    log.warn({ event: 'redis.down', err: err ? { message: err.message } : undefined }, 'Redis is unreachable: this node keeps serving on its own (no cross-node live updates, rate limits counted per node) and reconnects by itself');
  };
  command.on('error', lost);
  command.on('end', () => lost());
  command.on('close', () => lost());
  for (const c of [pub, sub]) c.on('error', () => {}); // reported once, by the command connection
  // The Socket.IO adapter publishes without waiting: a refused PUBLISH while Redis is down must not
  // surface as an unhandled rejection. Live updates to other nodes are lost meanwhile (degraded mode).
  const publish = pub.publish.bind(pub) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
  (pub as { publish: unknown }).publish = (channel: string | Buffer, message: string | Buffer) => publish(channel, message).catch(() => 0);
  return {
    command,
    pub,
    sub,
    prefix,
    connected: () => up,
    close: async () => {
      closing = true;
      for (const c of [command, pub, sub]) c.disconnect();
    },
  };
}

/** The channel publish and rollback announce a shop's new current release on: `{"shopId", "releaseId"}`. */
const releasesChannel = (link: RedisLink) => `${link.prefix}:releases`;

/**
 * Tells every node a shop's current release changed, so each loads it before its shoppers need it.
 * Best effort: a node that missed it (Redis down) notices on its next look at the shops.
 */
export async function announceRelease(link: RedisLink, shopId: string, releaseId: string): Promise<boolean> {
  if (link.pub.status !== 'ready') {
    // A fresh connection (the CLI's) is given a moment to come up.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      link.pub.once('ready', () => (clearTimeout(timer), resolve()));
    });
  }
  return (await link.pub.publish(releasesChannel(link), JSON.stringify({ shopId, releaseId }))) >= 0 && link.pub.status === 'ready';
}

/** Calls `onRelease` for every announcement; malformed ones are ignored. */
export async function onReleaseAnnounced(link: RedisLink, onRelease: (shopId: string, releaseId: string) => void): Promise<void> {
  link.sub.on('message', (channel: string, message: string) => {
    if (channel !== releasesChannel(link)) return;
    try {
      const m = JSON.parse(message) as unknown;
      if (m && typeof m === 'object' && 'shopId' in m && 'releaseId' in m && typeof m.shopId === 'string' && typeof m.releaseId === 'string') onRelease(m.shopId, m.releaseId);
    } catch {
      // not ours
    }
  });
  await link.sub.subscribe(releasesChannel(link));
}

/** A usage meter that counts in Redis and, while Redis is down, in this node's memory (budgets then hold per node). */
export function resilientUsage(shared: LlmUsageMeter, local: LlmUsageMeter): LlmUsageMeter {
  return {
    add: (shopId, day, tokens) => shared.add(shopId, day, tokens).catch(() => local.add(shopId, day, tokens)),
    used: (shopId, day) => shared.used(shopId, day).catch(() => local.used(shopId, day)),
  };
}

/**
 * Counts in Redis while it answers and in this node's memory while it does not: a login or a
 * shopper is never refused because Redis is down, only counted per node for that time.
 */
export function resilientLimiter(shared: RateLimiter, local: RateLimiter): RateLimiter {
  const either =
    <A extends unknown[]>(f: (l: RateLimiter) => (...a: A) => Promise<RateDecision>) =>
    (...a: A): Promise<RateDecision> =>
      f(shared)(...a).catch(() => f(local)(...a));
  return {
    take: either((l) => l.take.bind(l)),
    peek: either((l) => l.peek.bind(l)),
    clear: async (key) => {
      await Promise.all([shared.clear(key).catch(() => undefined), local.clear(key)]);
    },
  };
}
