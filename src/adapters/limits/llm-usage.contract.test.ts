// One contract for every LlmUsageMeter: the in-process one, and the Redis one when REDIS_URL is set
// (each run under its own key prefix, deleted afterwards).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { LlmUsageMeter } from '../../app/ports.js';
import { createMemoryLlmUsage } from './memory-llm-usage.js';
import { createRedisLlmUsage } from './redis-llm-usage.js';

const redisUrl = process.env['REDIS_URL'] || undefined;
if (!redisUrl) console.warn('[xiaoer tests] REDIS_URL is not set: the Redis LLM usage meter suite is SKIPPED.');
const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;
const prefix = `xiaoer-test:${randomBytes(4).toString('hex')}:`;
afterAll(async () => {
  if (!redis) return;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const meters: [string, () => LlmUsageMeter][] = [['in-process', () => createMemoryLlmUsage()]];
let n = 0;
if (redis) meters.push(['redis', () => createRedisLlmUsage(redis, `${prefix}${n++}:`)]);

describe.each(meters)('%s LLM usage meter', (_name, make) => {
  it('adds up a shop’s tokens for a day and returns the new total', async () => {
    const m = make();
    expect(await m.used('shop-a', '2026-12-07')).toBe(0);
    expect(await m.add('shop-a', '2026-12-07', 120)).toBe(120);
    expect(await m.add('shop-a', '2026-12-07', 30)).toBe(150);
    expect(await m.add('shop-a', '2026-12-07', 0)).toBe(150);
    expect(await m.used('shop-a', '2026-12-07')).toBe(150);
  });

  it('counts shops and days apart', async () => {
    const m = make();
    await m.add('shop-a', '2026-12-07', 10);
    await m.add('shop-b', '2026-12-07', 20);
    await m.add('shop-a', '2026-12-08', 30);
    expect(await m.used('shop-a', '2026-12-07')).toBe(10);
    expect(await m.used('shop-b', '2026-12-07')).toBe(20);
    expect(await m.used('shop-a', '2026-12-08')).toBe(30);
    expect(await m.used('shop-b', '2026-12-08')).toBe(0);
  });

  it('loses no tokens to concurrent adds', async () => {
    const m = make();
    await Promise.all(Array.from({ length: 50 }, () => m.add('shop-c', '2026-12-07', 7)));
    expect(await m.used('shop-c', '2026-12-07')).toBe(350);
  });

  it('refuses negative or fractional counts', async () => {
    const m = make();
    await expect(m.add('shop-d', '2026-12-07', -1)).rejects.toThrow(RangeError);
    await expect(m.add('shop-d', '2026-12-07', 1.5)).rejects.toThrow(RangeError);
    await expect(m.add('shop-d', '2026-12-07', Number.NaN)).rejects.toThrow(RangeError);
    expect(await m.used('shop-d', '2026-12-07')).toBe(0);
  });
});

describe.runIf(redis)('Redis LLM usage meter', () => {
  it('stores xiaoer:llm-usage:<shop>:<day>-style keys that expire in about two days', async () => {
    const m = createRedisLlmUsage(redis!, `${prefix}ttl:`);
    await m.add('shop-e', '2026-12-07', 5);
    const ttl = await redis!.ttl(`${prefix}ttl:shop-e:2026-12-07`);
    expect(ttl).toBeGreaterThan(2 * 86_400 - 60);
    expect(ttl).toBeLessThanOrEqual(2 * 86_400);
  });
});

describe('in-process LLM usage meter', () => {
  it('forgets days older than the three most recent it has seen', async () => {
    const m = createMemoryLlmUsage();
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) await m.add('s', day, 1);
    await m.add('s', '2026-12-04', 1);
    expect(await m.used('s', '2026-12-01')).toBe(0);
    expect(await m.used('s', '2026-12-02')).toBe(1);
    expect(await m.used('s', '2026-12-04')).toBe(1);
  });
});
