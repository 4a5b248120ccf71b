// Transcript retention (PIPL): conversations nobody has written in for the retention period lose
// their words — every message's text and trace, and what the conversation remembered — while the
// records, tags and events stay. Run periodically by the server when a period is configured.
import { foldBeforeErasing } from '../analytics/outcome-ledger.js';
import type { AppDeps } from '../deps.js';
import type { OutcomeSource } from '../ports.js';

/** Conversations looked at per run. */
const BATCH = 500;
/** Earlier than any conversation. */
const BEGINNING = '0000-01-01T00:00:00.000Z';

/** Erases the words of conversations idle for at least `days`; returns how many. */
export async function expireTranscripts(deps: Pick<AppDeps, 'store' | 'clock'> & { outcomes?: OutcomeSource }, days: number): Promise<number> {
  if (days <= 0) return 0;
  const now = deps.clock.now();
  const before = new Date(Date.parse(now) - days * 86_400_000).toISOString();
  // Erasing touches a conversation (updated now), so the next run does not pick it again.
  const expired = await deps.store.conversations.listIdle(BEGINNING, before, BATCH);
  // Their outcome facts go to the ledger first: the figures outlive the words.
  const ledger = await foldBeforeErasing(deps, expired.map((c) => c.id));
  for (const c of expired) await deps.store.conversations.eraseText(c.id, now);
  await ledger.keep(now);
  return expired.length;
}
