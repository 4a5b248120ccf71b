import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailKey, isPaid, mergeOrder, netMinor, phoneKey, type OrderFact, type OrderUpdate } from './order-facts.js';

const NOW = '2026-12-10T00:00:00.000Z';
const t = (d: number) => new Date(Date.UTC(2026, 11, 1) + d * 3_600_000).toISOString();

/** Applies updates in order, as deliveries arriving one by one. */
const replay = (updates: OrderUpdate[]): OrderFact | undefined => updates.reduce<OrderFact | undefined>((o, u) => mergeOrder('s', 'webhook', o, u, null, NOW), undefined);

describe('order facts', () => {
  it('ends with the same order whatever order the deliveries arrive in, and however often', () => {
    const update = fc.record(
      {
        id: fc.constant('o1'),
        totalMinor: fc.constant(19900),
        placedAt: fc.integer({ min: 0, max: 3 }).map(t),
        paidAt: fc.integer({ min: 4, max: 8 }).map(t),
        cancelledAt: fc.integer({ min: 9, max: 12 }).map(t),
        refunds: fc.array(fc.record({ id: fc.constantFrom('r1', 'r2', 'r3'), amountMinor: fc.constant(500), at: fc.constant(t(20)) }), { maxLength: 2 }),
      },
      { requiredKeys: ['id'] },
    );
    fc.assert(
      fc.property(fc.array(update, { minLength: 1, maxLength: 6 }), fc.integer(), (updates, seed) => {
        const shuffled = [...updates, ...updates.slice(0, 2)].sort((a, b) => ((JSON.stringify(a).length * 31 + seed) % 7) - ((JSON.stringify(b).length * 31 + seed) % 7));
        const a = replay(updates);
        const b = replay(shuffled);
        // The refunds' amounts are all the same per id here, so the union is order-free too.
        expect({ ...b, refunds: b?.refunds.map((r) => r.id) }).toEqual({ ...a, refunds: a?.refunds.map((r) => r.id) });
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the earliest paid time, the customer once matched, and a refund once', () => {
    const o = replay([
      { id: 'o1', totalMinor: 10000, placedAt: t(0), paidAt: t(3), refunds: [{ id: 'r1', amountMinor: 3000, at: t(9) }] },
      { id: 'o1', paidAt: t(2), refunds: [{ id: 'r1', amountMinor: 3000, at: t(9) }] },
    ]);
    expect([o?.paidAt, o?.refunds.length, o && netMinor(o), o && isPaid(o)]).toEqual([t(2), 1, 7000, true]);
    const matched = mergeOrder('s', 'shopify', undefined, { id: 'o2', totalMinor: 1 }, 'c1', NOW);
    expect(mergeOrder('s', 'shopify', matched, { id: 'o2', paidAt: t(1) }, null, NOW).customerId).toBe('c1');
  });

  it('makes a placeholder for a refund that comes before its order, filled in by the order', () => {
    const early = mergeOrder('s', 'shopify', undefined, { id: 'o3', refunds: [{ id: 'r', amountMinor: 500, at: t(5) }] }, null, NOW);
    expect([early.totalMinor, early.placedAt, isPaid(early)]).toEqual([0, t(5), false]);
    const full = mergeOrder('s', 'shopify', early, { id: 'o3', totalMinor: 2000, placedAt: t(1), paidAt: t(2) }, null, NOW);
    expect([full.totalMinor, full.placedAt, netMinor(full), isPaid(full)]).toEqual([2000, t(1), 1500, true]);
  });

  it('counts a cancelled order as not paid, and never a negative net', () => {
    const o = replay([{ id: 'o4', totalMinor: 100, paidAt: t(1), cancelledAt: t(2), refunds: [{ id: 'r', amountMinor: 500, at: t(3) }] }]);
    expect([o && isPaid(o), o && netMinor(o)]).toEqual([false, 0]);
  });

  it('compares phones without punctuation or China’s +86, and e-mails without case', () => {
    expect(['+86 138-0000-0001', '13800000001', '008613800000001'].map(phoneKey)).toEqual(['13800000001', '13800000001', '008613800000001']);
    expect([phoneKey(''), phoneKey('12'), emailKey(' Mei@Example.COM '), emailKey('nope')]).toEqual([null, null, 'mei@example.com', null]);
  });
});
