// Notices a shop's new current release (published or rolled back, by any node or the CLI) by
// looking at the shops every so often: the fallback of the Redis announcement, and the only way
// on a node without Redis.
import type { ServerDeps } from './server-deps.js';

/** Calls `onChange` for each shop whose current release differs from the last look; returns a stop function. */
export function watchReleases(deps: Pick<ServerDeps, 'store'>, everyMs: number, onChange: (shopId: string, releaseId: string) => void): () => void {
  const seen = new Map<string, string | null>();
  let first = true;
  let looking = false;
  const look = async () => {
    if (looking) return;
    looking = true;
    try {
      for (const s of await deps.store.shops.list()) {
        if (!first && s.currentReleaseId && seen.get(s.id) !== s.currentReleaseId) onChange(s.id, s.currentReleaseId);
        seen.set(s.id, s.currentReleaseId);
      }
      first = false;
    } catch {
      // the store is down: the next look tries again
    } finally {
      looking = false;
    }
  };
  void look();
  const timer = setInterval(() => void look(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
