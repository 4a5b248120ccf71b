// The one delivery loop over the outbox's pending deliveries to a sink (a CDP sink, a channel):
// oldest first per key (a customer, a conversation), several keys at once but one key's in order,
// stopping a key at its first failure; a failure is retried with exponential back-off until the
// sink's retry window is over, then the delivery is dead (kept on the dead-letter list).
import { nextRetryDelayMs } from '../../core/cdp/segment.js';
import type { CdpDelivery, Clock, Store } from '../ports.js';

/** How one attempt went: delivered, failed (retried later), or never deliverable (dead at once). */
export type AttemptOutcome = { ok: true } | { ok: false; error: string; final?: boolean };

/** Deliveries tried per pass. */
const PENDING_BATCH = 500;
/** Keys delivered to at the same time; one key's deliveries always go one after another. */
const CONCURRENCY = 8;

/** Tries every due pending delivery of `sinkId` with `attempt`; returns how many succeeded and failed. */
export async function deliverPending(
  deps: { store: Store; clock: Clock },
  sinkId: string,
  retryForMs: number,
  attempt: (d: CdpDelivery) => Promise<AttemptOutcome>,
  totals: { delivered: number; failed: number } = { delivered: 0, failed: 0 },
  /** Asked before each group of keys: false ends the pass (this node no longer holds the job's lease). */
  mayGoOn: () => Promise<boolean> = async () => true,
): Promise<{ delivered: number; failed: number }> {
  const byKey = new Map<string, CdpDelivery[]>();
  for (const d of await deps.store.outbox.listPendingCdpDeliveries(sinkId, PENDING_BATCH, deps.clock.now())) byKey.set(d.customerKey, [...(byKey.get(d.customerKey) ?? []), d]);
  const queues = [...byKey.values()];
  // A throw is a failed attempt, not a failed pass: the keys after it still go.
  const safely = (d: CdpDelivery): Promise<AttemptOutcome> => attempt(d).catch((e: unknown) => ({ ok: false, error: `error: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300) }));
  for (let i = 0; i < queues.length; i += CONCURRENCY) {
    if (!(await mayGoOn())) break;
    await Promise.all(queues.slice(i, i + CONCURRENCY).map((q) => deliverInOrder(deps, sinkId, retryForMs, q, safely, totals)));
  }
  return totals;
}

/** A key's deliveries, oldest first, stopping at the first one not due or failing (order is kept). */
async function deliverInOrder(deps: { store: Store; clock: Clock }, sinkId: string, retryForMs: number, queue: CdpDelivery[], attempt: (d: CdpDelivery) => Promise<AttemptOutcome>, totals: { delivered: number; failed: number }): Promise<void> {
  for (const d of queue) {
    const now = deps.clock.now();
    if (d.nextAt > now) return;
    const r = await attempt(d);
    if (r.ok) {
      totals.delivered++;
      await deps.store.outbox.recordCdpAttempt(sinkId, d.eventId, now, { delivered: true });
      continue;
    }
    totals.failed++;
    const nowMs = Date.parse(now);
    const dead = r.final === true || nowMs - Date.parse(d.firstAttemptAt ?? now) >= retryForMs;
    await deps.store.outbox.recordCdpAttempt(sinkId, d.eventId, now, { delivered: false, error: r.error, nextAt: new Date(nowMs + nextRetryDelayMs(d.attempts + 1)).toISOString(), dead });
    if (!dead) return;
  }
}
