// Outcome analytics against a data set whose figures were computed by hand from docs/analytics.md
// (outcomes.fixture.yaml, derivations in outcomes.fixture.notes.md), before the code was read.
// Conversations are written as the running system writes them; orders arrive through the real
// Shopify and order webhooks (signed, some replayed) and the CSV import (imported twice).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopOutcomeReport } from '../../app/analytics/outcome-report.js';
import { expireTranscripts } from '../../app/customers/expire-transcripts.js';
import { loadOutcomesFixture, readOutcomesFixture, type OutcomesFixture } from '../../testing/outcomes-fixture.js';
import { storesUnderTest } from '../../testing/store-locations.js';

for (const kind of storesUnderTest()) {
  describe(`outcome analytics on ${kind.name}: the hand-computed data set`, () => {
    let fixture: OutcomesFixture;
    let report: Record<string, unknown>;
    let loaded: Awaited<ReturnType<typeof loadOutcomesFixture>>;
    let cleanup: () => Promise<void> = async () => {};

    beforeAll(async () => {
      fixture = await readOutcomesFixture();
      const opened = await kind.open();
      cleanup = opened.cleanup;
      loaded = await loadOutcomesFixture(opened.store, fixture);
      const { range: _range, ...figures } = await shopOutcomeReport(loaded.deps, loaded.shopId, fixture.range.from, fixture.range.to);
      report = figures;
    }, 120_000);
    afterAll(() => cleanup());

    it('accepts every signed delivery, takes a replay as a duplicate, and a second CSV import changes nothing', () => {
      expect(loaded.deliveries.filter((d) => d.status !== 200)).toEqual([]);
      const replays = fixture.orders.filter((o) => o.replay && o.via !== 'csv').length;
      expect(replays).toBeGreaterThan(0);
      expect(loaded.deliveries.filter((d) => d.duplicate).length).toBeGreaterThanOrEqual(replays);
      expect(loaded.csv[0]?.errors).toEqual([]);
      expect(loaded.csv[0]?.applied).toBeGreaterThan(0);
      expect(loaded.csv[1]?.applied).toBe(0);
    });

    it('gives the same figures after transcript retention erased every word (the ledger keeps the facts, not the gaps)', async () => {
      const later = { now: () => new Date(Date.parse(fixture.now) + 400 * 86_400_000).toISOString() };
      const erased = await expireTranscripts({ ...loaded.deps, clock: later }, 1);
      expect(erased).toBe(fixture.conversations.length);
      const messages = await loaded.deps.store.messages.list(fixture.conversations[1]?.id ?? '', 100);
      expect(messages.every((m) => m.text === '' && m.trace === null)).toBe(true);
      const { range: _range, gaps, ...after } = await shopOutcomeReport(loaded.deps, loaded.shopId, fixture.range.from, fixture.range.to);
      const { gaps: before, ...figures } = report;
      expect(after).toEqual(figures);
      expect([gaps, (before as unknown[]).length > 0]).toEqual([[], true]);
    });

    for (const field of ['conversations', 'served_by', 'resolution', 'automation_rate', 'handoff_rate', 'handoff_reasons', 'first_response_ms', 'csat', 'inquiry_conversion', 'aov', 'revenue_attributed', 'repurchase_rate', 'flows', 'recommendations', 'gaps']) {
      it(`${field} is the hand-computed figure`, () => {
        expect(report[field]).toEqual(fixture.expected[field]);
      });
    }
  });
}
