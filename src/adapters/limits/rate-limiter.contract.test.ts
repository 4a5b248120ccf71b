// One contract for every RateLimiter: the in-process one, and the Redis one when REDIS_URL is set
// (each run under its own key prefix, deleted afterwards).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../app/ports.js';
import { createMemoryRateLimiter } from './memory-rate-limiter.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';

const MIN = 60_000;
const redisUrl = process.env['REDIS_URL'] || undefined;
if (!redisUrl) console.warn('[xiaoer tests] REDIS_URL is not set: the Redis rate limiter suite is SKIPPED.');
const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;
const prefix = `xiaoer-test:${randomBytes(4).toString('hex')}:`;
afterAll(async () => {
  if (!redis) return;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const limiters: [string, () => RateLimiter][] = [['in-process', () => createMemoryRateLimiter()]];
let n = 0;
if (redis) limiters.push(['redis', () => createRedisRateLimiter(redis, `${prefix}${n++}:`)]);

describe.each(limiters)('%s rate limiter', (_name, make) => {
  it('allows `limit` hits in a window, then refuses with a Retry-After that lets the next one through', async () => {
    const l = make();
    const t0 = 10 * MIN; // the start of a fixed window
    for (let i = 0; i < 3; i++) expect(await l.take('a', 3, MIN, t0 + i)).toEqual({ allowed: true });
    const refused = await l.take('a', 3, MIN, t0 + 10);
    expect(refused.allowed).toBe(false);
    const wait = refused.allowed ? 0 : refused.retryAfterMs;
    expect(wait).toBeGreaterThan(MIN - 10);
    expect(wait).toBeLessThanOrEqual(2 * MIN);
    expect((await l.take('a', 3, MIN, t0 + 10 + wait - 1000)).allowed).toBe(false);
    expect((await l.take('a', 3, MIN, t0 + 10 + wait)).allowed).toBe(true);
    // Other keys are counted apart.
    expect((await l.take('b', 3, MIN, t0 + 10)).allowed).toBe(true);
  });

  it('slides: hits of the previous window still count in proportion to their overlap', async () => {
    const l = make();
    const t0 = 10 * MIN;
    for (let i = 0; i < 10; i++) await l.take('k', 10, MIN, t0 + MIN - 100);
    // A quarter into the next window three quarters of the earlier ten still count: 7.5, so two more fit.
    const quarter = t0 + MIN + MIN / 4;
    expect((await l.take('k', 10, MIN, quarter)).allowed).toBe(true);
    expect((await l.take('k', 10, MIN, quarter)).allowed).toBe(true);
    expect((await l.take('k', 10, MIN, quarter)).allowed).toBe(false);
  });

  it('peeks without counting and clears a key', async () => {
    const l = make();
    for (let i = 0; i < 2; i++) await l.take('x', 2, MIN, 0);
    expect((await l.peek('x', 2, MIN, 1)).allowed).toBe(false);
    expect((await l.peek('x', 3, MIN, 1)).allowed).toBe(true);
    await l.clear('x');
    expect((await l.peek('x', 2, MIN, 1)).allowed).toBe(true);
  });

  it('lets nothing through with a limit of 0', async () => {
    const l = make();
    expect(await l.peek('z', 0, MIN, 5)).toEqual({ allowed: false, retryAfterMs: MIN });
    expect((await l.take('z', 0, MIN, 5)).allowed).toBe(false);
  });
});

describe('in-process rate limiter', () => {
  it('stays bounded by evicting the least recently used keys, never all of them', async () => {
    const l = createMemoryRateLimiter({ maxKeys: 100 });
    for (let i = 0; i < 100; i++) await l.take(`k${i}`, 1, MIN, 0);
    await l.take('k0', 1, MIN, 1); // touched: now the most recently used
    await l.take('new', 1, MIN, 2);
    expect(l.size()).toBe(100);
    expect((await l.peek('k0', 1, MIN, 3)).allowed).toBe(false); // still remembered
    expect((await l.peek('k1', 1, MIN, 3)).allowed).toBe(true); // the oldest, evicted
    expect((await l.peek('k99', 1, MIN, 3)).allowed).toBe(false);
  });
});
