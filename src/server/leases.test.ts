// Periodic jobs on several nodes: one node holds a job's lease at a time, renews it while it runs,
// and another takes over once it lapses or is given up.
import { describe, expect, it } from 'vitest';
import { openStore } from '../adapters/store/kysely-store.js';
import { createLeases } from './leases.js';

describe('leases', () => {
  it('one holder at a time; taken over when it lapses or is released', async () => {
    const store = await openStore({ kind: 'sqlite', file: ':memory:' });
    let now = Date.parse('2026-12-07T10:00:00.000Z');
    const clock = { now: () => new Date(now).toISOString() };
    const [a, b] = [createLeases({ store, clock }, 'node-a'), createLeases({ store, clock }, 'node-b')];
    expect(await a.hold('sweeps', 9_000)).toBe(true);
    expect(await b.hold('sweeps', 9_000)).toBe(false);
    now += 4_000; // a renews (a third of the lease has passed)
    expect(await a.hold('sweeps', 9_000)).toBe(true);
    now += 8_000; // 12 s after the start: a's renewal runs to 13 s
    expect(await b.hold('sweeps', 9_000)).toBe(false);
    now += 2_000; // a stopped renewing (it died): b takes over
    expect(await b.hold('sweeps', 9_000)).toBe(true);
    expect(await a.hold('sweeps', 9_000)).toBe(false);
    await b.releaseAll(); // b shuts down: a may take it at once
    expect(await a.hold('sweeps', 9_000)).toBe(true);
    await store.close();
  });
});
