// The in-process RateLimiter: a sliding window estimated from two fixed windows per key (the
// current one and the previous one, weighted by how much of it still overlaps), in a Map bounded
// to `maxKeys` that evicts the least recently used keys, never all of them at once.
import type { RateLimiter } from '../../app/ports.js';
import { windowDecision, windowStart, type WindowCounts as Window } from './sliding-window.js';

/** A limiter kept in this process's memory; `maxKeys` bounds its size (default 100,000). */
export function createMemoryRateLimiter(options: { maxKeys?: number } = {}): RateLimiter & { size(): number } {
  const maxKeys = options.maxKeys ?? 100_000;
  const windows = new Map<string, Window>();

  /** The key's window rolled forward to `nowMs`. */
  const current = (key: string, windowMs: number, nowMs: number): Window => {
    const start = windowStart(nowMs, windowMs);
    let w = windows.get(key);
    if (!w || w.windowMs !== windowMs) w = { start, windowMs, count: 0, previous: 0 };
    else if (w.start !== start) w = { start, windowMs, count: 0, previous: w.start === start - windowMs ? w.count : 0 };
    return w;
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
      const w = current(key, windowMs, nowMs);
      const d = windowDecision(w, limit, nowMs);
      store(key, d.allowed ? { ...w, count: w.count + 1 } : w);
      return d;
    },
    async peek(key, limit, windowMs, nowMs) {
      if (!windows.has(key)) return limit > 0 ? { allowed: true } : { allowed: false, retryAfterMs: windowMs };
      return windowDecision(current(key, windowMs, nowMs), limit, nowMs);
    },
    async clear(key) {
      windows.delete(key);
    },
    size: () => windows.size,
  };
}
