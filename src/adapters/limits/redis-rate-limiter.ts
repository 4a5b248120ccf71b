// The RateLimiter shared by every node: the same two-fixed-window estimate as the in-process one
// (sliding-window.ts), its counters in Redis. One script reads both windows and counts the hit
// when it fits, so two nodes never both take the last slot.
import type { Redis } from 'ioredis';
import type { RateLimiter } from '../../app/ports.js';
import { windowDecision, windowStart, type WindowCounts } from './sliding-window.js';

// KEYS[1]: the key's hash of window start → hits. ARGV: current start, previous start, limit,
// windowMs, nowMs, take (1|0). Returns {current count, previous count} as they were before this hit.
const SCRIPT = `
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local prev = tonumber(redis.call('HGET', KEYS[1], ARGV[2]) or '0')
local limit = tonumber(ARGV[3])
local win = tonumber(ARGV[4])
local now = tonumber(ARGV[5])
local used = cur + prev * (1 - (now - tonumber(ARGV[1])) / win)
if ARGV[6] == '1' and used + 1 <= limit then
  redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
  if redis.call('HLEN', KEYS[1]) > 2 then
    for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
      if f ~= ARGV[1] and f ~= ARGV[2] then redis.call('HDEL', KEYS[1], f) end
    end
  end
  redis.call('PEXPIRE', KEYS[1], win * 2)
end
return {cur, prev}
`;

/** A limiter over a Redis connection; a key's counts are the hash `<prefix><key>`. Rejects when Redis does. */
export function createRedisRateLimiter(redis: Redis, prefix = 'xiaoer:rl:'): RateLimiter {
  const run = async (key: string, limit: number, windowMs: number, nowMs: number, take: boolean) => {
    const start = windowStart(nowMs, windowMs);
    const [count, previous] = (await redis.eval(SCRIPT, 1, `${prefix}${key}`, start, start - windowMs, limit, windowMs, nowMs, take ? 1 : 0)) as [number, number];
    return windowDecision({ start, windowMs, count, previous } satisfies WindowCounts, limit, nowMs);
  };
  return {
    take: (key, limit, windowMs, nowMs) => run(key, limit, windowMs, nowMs, true),
    peek: (key, limit, windowMs, nowMs) => run(key, limit, windowMs, nowMs, false),
    async clear(key) {
      await redis.del(`${prefix}${key}`);
    },
  };
}
