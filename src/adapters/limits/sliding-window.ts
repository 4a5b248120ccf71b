// The sliding-window estimate both limiters share: hits of the current fixed window plus the
// previous window's, weighted by how much of it still overlaps the last `windowMs`.
import type { RateDecision } from '../../app/ports.js';

/** A key's two fixed windows at some moment. */
export interface WindowCounts {
  /** Start of the current fixed window (ms), a multiple of windowMs. */
  start: number;
  windowMs: number;
  /** Hits in the current window and in the one before it. */
  count: number;
  previous: number;
}

/** The start of the fixed window holding `nowMs`. */
export const windowStart = (nowMs: number, windowMs: number): number => nowMs - (nowMs % windowMs);

/** The estimated hits in the last windowMs at `nowMs`. */
export function usedAt(w: WindowCounts, nowMs: number): number {
  const overlap = 1 - (nowMs - w.start) / w.windowMs;
  return w.count + w.previous * overlap;
}

/** Whether one more hit fits under `limit`; when not, in how long it will. */
export function windowDecision(w: WindowCounts, limit: number, nowMs: number): RateDecision {
  if (usedAt(w, nowMs) + 1 <= limit) return { allowed: true };
  if (limit <= 0) return { allowed: false, retryAfterMs: w.windowMs };
  const end = w.start + w.windowMs;
  // When one more hit fits again: within this window as the previous one slides away, or, when
  // this window alone is full, part-way through the next one.
  const at = w.count + 1 > limit ? end + w.windowMs * (1 - (limit - 1) / w.count) : w.start + w.windowMs * (1 - (limit - 1 - w.count) / w.previous);
  return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(Math.min(at, end + w.windowMs) - nowMs)) };
}
