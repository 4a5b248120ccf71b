// The in-process LlmUsageMeter: a shop's tokens per day in a Map. Like the Redis meter's two-day
// expiry, it forgets old days: only the three most recent days it has seen are kept (three, not
// two, so shops whose local day differs by one from another's still keep yesterday).
import type { LlmUsageMeter } from '../../app/ports.js';

const DAYS_KEPT = 3;

/** A meter kept in this process's memory, for a single node or tests. */
export function createMemoryLlmUsage(): LlmUsageMeter {
  const days = new Map<string, Map<string, number>>(); // day → shop → tokens

  return {
    async add(shopId, day, tokens) {
      checkTokens(tokens);
      let shops = days.get(day);
      if (!shops) {
        days.set(day, (shops = new Map()));
        // Days are YYYY-MM-DD, so they sort as strings; drop the oldest beyond DAYS_KEPT.
        const oldest = [...days.keys()].sort().slice(0, -DAYS_KEPT);
        for (const d of oldest) days.delete(d);
      }
      const total = (shops.get(shopId) ?? 0) + tokens;
      shops.set(shopId, total);
      return total;
    },
    async used(shopId, day) {
      return days.get(day)?.get(shopId) ?? 0;
    },
  };
}

/** Why a count is refused: tokens are whole and never negative (Redis's INCRBY takes integers only). */
export function checkTokens(tokens: number): void {
  if (!Number.isSafeInteger(tokens) || tokens < 0) throw new RangeError(`tokens must be a non-negative integer, got ${tokens}`);
}
