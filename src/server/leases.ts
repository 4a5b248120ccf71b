// Periodic jobs with several nodes: a job runs where its lease is held. A node takes a free or
// expired lease and renews it while it runs the job; one that dies loses it when it expires, and
// one that shuts down gives it up at once.
import type { ServerDeps } from './server-deps.js';

export interface Leases {
  /** Whether this node holds (took or renewed) the lease `name` for the next `ttlMs`. Renews at most every third of it. */
  hold(name: string, ttlMs: number): Promise<boolean>;
  /** Gives up every lease this node holds. */
  releaseAll(): Promise<void>;
}

export function createLeases(deps: Pick<ServerDeps, 'store' | 'clock'>, nodeId: string): Leases {
  /** Leases held, with when each was renewed and until when (ms). */
  const held = new Map<string, { renewedAt: number; until: number }>();
  return {
    async hold(name, ttlMs) {
      const nowMs = Date.parse(deps.clock.now());
      const h = held.get(name);
      if (h && nowMs < h.until && nowMs - h.renewedAt < ttlMs / 3) return true;
      const until = nowMs + ttlMs;
      const ok = await deps.store.nodes.takeLease(name, nodeId, new Date(nowMs).toISOString(), new Date(until).toISOString());
      if (ok) held.set(name, { renewedAt: nowMs, until });
      else held.delete(name);
      return ok;
    },
    async releaseAll() {
      for (const name of held.keys()) await deps.store.nodes.releaseLease(name, nodeId).catch(() => undefined);
      held.clear();
    },
  };
}
