// The LlmUsageMeter shared by every node: one Redis counter per shop and day, incremented with
// INCRBY and given a two-day expiry in the same transaction, so yesterday's count is still there
// around midnight and old days clean themselves up.
import type { Redis } from 'ioredis';
import type { LlmUsageMeter } from '../../app/ports.js';
import { checkTokens } from './memory-llm-usage.js';

const TWO_DAYS_S = 2 * 24 * 60 * 60;

/** A meter over a Redis connection; a shop's count for a day is the key `<prefix><shop>:<day>`. Rejects when Redis does. */
export function createRedisLlmUsage(redis: Redis, prefix = 'xiaoer:llm-usage:'): LlmUsageMeter {
  const key = (shopId: string, day: string) => `${prefix}${shopId}:${day}`;
  return {
    async add(shopId, day, tokens) {
      checkTokens(tokens);
      const k = key(shopId, day);
      const replies = await redis.multi().incrby(k, tokens).expire(k, TWO_DAYS_S).exec();
      const [err, total] = replies?.[0] ?? [new Error('Redis transaction aborted'), undefined];
      if (err) throw err;
      return Number(total);
    },
    async used(shopId, day) {
      return Number((await redis.get(key(shopId, day))) ?? 0);
    },
  };
}
