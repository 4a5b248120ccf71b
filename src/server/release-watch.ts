// Notices a shop's new current release (published or rolled back, by any node or the CLI) by
// looking at the shops every so often: the fallback of the Redis announcement, and the only way
// on a node without Redis.
import type { ServerDeps } from './server-deps.js';
import { runEvery, type Periodic } from './periodic.js';

/** Calls `onChange` for each shop whose current release differs from the last look; `stop` ends the looking. */
export function watchReleases(deps: Pick<ServerDeps, 'store'>, everyMs: number, onChange: (shopId: string, releaseId: string) => void): Periodic {
  const seen = new Map<string, string | null>();
  let first = true;
  const look = async () => {
    for (const s of await deps.store.shops.list()) {
      if (!first && s.currentReleaseId && seen.get(s.id) !== s.currentReleaseId) onChange(s.id, s.currentReleaseId);
      seen.set(s.id, s.currentReleaseId);
    }
    first = false;
  };
  // The store being down only postpones the look to the next one.
  return runEvery(everyMs, look, () => {}, { immediately: true });
}
