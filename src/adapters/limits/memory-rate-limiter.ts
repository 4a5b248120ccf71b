// The in-process RateLimiter: a sliding window estimated from two fixed windows per key (the
// current one and the previous one, weighted by how much of it still overlaps), in a Map bounded
// to `maxKeys` that evicts the least recently used keys, never all of them at once.
import type { RateDecision, RateLimiter } from '../../app/ports.js';

interface Window {
  /** Start of the current fixed window (ms), a multiple of windowMs. */
  start: number;
  windowMs: number;
  count: number;
  previous: number;
}

/** A limiter kept in this process's memory; `maxKeys` bounds its size (default 100,000). */
export function createMemoryRateLimiter(options: { maxKeys?: number } = {}): RateLimiter & { size(): number } {
  const maxKeys = options.maxKeys ?? 100_000;
  const windows = new Map<string, Window>();

  /** The key's window rolled forward to `nowMs`, and the estimated hits in the last windowMs. */
  const current = (key: string, windowMs: number, nowMs: number): { w: Window; used: number } => {
    const start = nowMs - (nowMs % windowMs);
    let w = windows.get(key);
    if (!w || w.windowMs !== windowMs) w = { start, windowMs, count: 0, previous: 0 };
    else if (w.start !== start) w = { start, windowMs, count: 0, previous: w.start === start - windowMs ? w.count : 0 };
    const overlap = 1 - (nowMs - start) / windowMs;
    return { w, used: w.count + w.previous * overlap };
  };
  const decision = (w: Window, used: number, limit: number, nowMs: number): RateDecision => {
    if (used + 1 <= limit) return { allowed: true };
    const end = w.start + w.windowMs;
    // When one more hit fits again: within this window as the previous one slides away, or, when
    // this window alone is full, part-way through the next one.
    const at = w.count + 1 > limit ? end + w.windowMs * (1 - (limit - 1) / w.count) : w.start + w.windowMs * (1 - (limit - 1 - w.count) / w.previous);
    return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(Math.min(at, end + w.windowMs) - nowMs)) };
  };
  const store = (key: string, w: Window) => {
    windows.delete(key); // re-inserted last: the Map's order is least recently used first
    windows.set(key, w);
    while (windows.size > maxKeys) {
      const oldest = windows.keys().next().value;
      if (oldest === undefined) break;
      windows.delete(oldest);
    }
  };

  return {
    async take(key, limit, windowMs, nowMs) {
      const { w, used } = current(key, windowMs, nowMs);
      const d = decision(w, used, limit, nowMs);
      store(key, d.allowed ? { ...w, count: w.count + 1 } : w);
      return d;
    },
    async peek(key, limit, windowMs, nowMs) {
      if (!windows.has(key)) return limit > 0 ? { allowed: true } : { allowed: false, retryAfterMs: windowMs };
      const { w, used } = current(key, windowMs, nowMs);
      return decision(w, used, limit, nowMs);
    },
    async clear(key) {
      windows.delete(key);
    },
    size: () => windows.size,
  };
}
