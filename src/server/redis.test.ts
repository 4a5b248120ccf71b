// The node's Redis link: release announcements reach the other nodes, and rate limits keep
// counting (per node) while Redis cannot be reached.
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../adapters/limits/memory-rate-limiter.js';
import { createRedisRateLimiter } from '../adapters/limits/redis-rate-limiter.js';
import { announceRelease, connectRedis, onReleaseAnnounced, resilientLimiter, type RedisLink } from './redis.js';

const redisUrl = process.env['REDIS_URL'] || undefined;
if (!redisUrl) console.warn('[xiaoer tests] REDIS_URL is not set: the Redis announcement test is SKIPPED.');
const quiet = { warn: () => {}, info: () => {} };
const links: RedisLink[] = [];
afterAll(async () => {
  for (const l of links) await l.close();
});

describe.skipIf(!redisUrl)('release announcements over Redis', () => {
  it('reaches every node subscribed under the same prefix, and no other', async () => {
    const prefix = `xiaoer-test-${randomBytes(4).toString('hex')}`;
    const [a, b, other] = [connectRedis(redisUrl ?? '', quiet, prefix), connectRedis(redisUrl ?? '', quiet, prefix), connectRedis(redisUrl ?? '', quiet, `${prefix}-other`)];
    links.push(a, b, other);
    const heard: string[] = [];
    await onReleaseAnnounced(b, (shopId, releaseId) => heard.push(`${shopId}@${releaseId}`));
    await onReleaseAnnounced(other, (shopId, releaseId) => heard.push(`other:${shopId}@${releaseId}`));
    expect(await announceRelease(a, 'demo-zh', 'rel_2')).toBe(true);
    await expect.poll(() => heard).toEqual(['demo-zh@rel_2']);
  });
});

describe('rate limits while Redis is down', () => {
  it('count in the node’s memory instead of refusing or failing', async () => {
    // A port nothing answers on: connections are refused at once.
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const link = connectRedis(`redis://127.0.0.1:${closed}`, quiet);
    links.push(link);
    const limiter = resilientLimiter(createRedisRateLimiter(link.command), createMemoryRateLimiter());
    expect(await limiter.take('k', 2, 60_000, 1_000)).toEqual({ allowed: true });
    expect(await limiter.take('k', 2, 60_000, 1_001)).toEqual({ allowed: true });
    expect((await limiter.take('k', 2, 60_000, 1_002)).allowed).toBe(false);
    expect(link.connected()).toBe(false);
  });
});
