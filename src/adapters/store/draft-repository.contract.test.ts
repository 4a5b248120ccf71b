// The draft, audit and release-item repositories on every store (SQLite always, PostgreSQL when
// DATABASE_URL is set): versions guard writes, a refused write changes nothing, search treats its
// text literally, the draft assembles to the bundle's own JSON, and a disabled account loses its sessions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../app/ports.js';
import { bundleWrites, faqWrite } from '../../app/console/draft-items.js';
import { tinyBundle } from '../../core/testing/fixtures.js';
import { storesUnderTest } from '../../testing/store-locations.js';

const T0 = '2026-12-07T01:00:00.000Z';
const T1 = '2026-12-07T02:00:00.000Z';

for (const kind of storesUnderTest()) {
  describe(`Draft and audit repositories on ${kind.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await kind.open());
      await store.drafts.replace('tiny', bundleWrites(tinyBundle(), { shopYaml: 'id: tiny\n', tests: [{ file: 'a.jsonl', text: '{}' }] }), T0, null);
    });
    afterEach(async () => cleanup());

    it("assembles the bundle's own JSON from the rows, without seed or tests", async () => {
      expect(new TextDecoder().decode(await store.drafts.bundleJson('tiny'))).toBe(JSON.stringify(tinyBundle()));
      expect((await store.drafts.bodies('tiny', 'test')).map((b) => b.id)).toEqual(['a.jsonl']);
      expect((await store.drafts.hashes('tiny')).some((h) => h.kind === 'test')).toBe(false);
    });

    it('writes a new entry last, bumps versions, and refuses a stale or a duplicate create', async () => {
      const entry = { id: 'gift', question: '有礼盒吗', similar: [], answer: '有。', tags: ['服务'] };
      const [created] = await store.drafts.put('tiny', [{ item: faqWrite(entry), expected: 0 }], T1, 'boss');
      expect(created).toMatchObject({ ok: true, item: { version: 1, updatedBy: 'boss' } });
      const again = await store.drafts.put('tiny', [{ item: faqWrite(entry), expected: 0 }], T1, 'boss2');
      expect(again[0]).toMatchObject({ ok: false, current: { version: 1, updatedBy: 'boss' } });
      const [changed] = await store.drafts.put('tiny', [{ item: faqWrite({ ...entry, answer: '有，免费。' }), expected: 1 }], T1, 'boss2');
      expect(changed).toMatchObject({ ok: true, item: { version: 2 } });
      const page = await store.drafts.list('tiny', 'faq', { offset: 0, limit: 10 });
      expect(page.items.map((i) => i.id)).toEqual(['shipping-time', 'return-policy', 'invoice', 'gift']);
      expect(await store.drafts.tags('tiny', 'faq')).toEqual(['发票', '服务', '物流', '退换'].sort());
    });

    it('writes all items or none', async () => {
      const shipping = await store.drafts.get('tiny', 'faq', 'shipping-time');
      const r = await store.drafts.put(
        'tiny',
        [
          { item: faqWrite({ id: 'new-one', question: '新问题', similar: [], answer: '新答案', tags: [] }) },
          { item: faqWrite({ id: 'shipping-time', question: 'x', similar: [], answer: 'y', tags: [] }), expected: (shipping?.version ?? 0) + 5 },
        ],
        T1,
        'boss',
      );
      expect(r.map((x) => x.ok)).toEqual([false, false]);
      expect(await store.drafts.get('tiny', 'faq', 'new-one')).toBeUndefined();
      expect((await store.drafts.get('tiny', 'faq', 'shipping-time'))?.version).toBe(shipping?.version);
    });

    it('searches the text literally (a % or _ is not a wildcard) and filters by a whole tag', async () => {
      await store.drafts.put('tiny', [{ item: faqWrite({ id: 'pct', question: '满100%返现吗', similar: [], answer: '不返', tags: ['物流费'] }) }], T1, null);
      expect((await store.drafts.list('tiny', 'faq', { q: '100%', offset: 0, limit: 10 })).items.map((i) => i.id)).toEqual(['pct']);
      expect((await store.drafts.list('tiny', 'faq', { q: '%', offset: 0, limit: 10 })).total).toBe(1);
      expect((await store.drafts.list('tiny', 'faq', { q: 'SHIPPING', offset: 0, limit: 10 })).items.map((i) => i.id)).toEqual(['shipping-time']);
      expect((await store.drafts.list('tiny', 'faq', { tag: '物流', offset: 0, limit: 10 })).items.map((i) => i.id)).toEqual(['shipping-time']);
    });

    it('deletes only at the expected version, and keeps versions moving across a re-import', async () => {
      const invoice = await store.drafts.get('tiny', 'faq', 'invoice');
      expect((await store.drafts.delete('tiny', 'faq', 'invoice', (invoice?.version ?? 0) + 1)).ok).toBe(false);
      expect((await store.drafts.delete('tiny', 'faq', 'invoice', invoice?.version)).ok).toBe(true);
      expect((await store.drafts.delete('tiny', 'faq', 'invoice', undefined)).ok).toBe(false);
      const bundle = tinyBundle();
      bundle.faq = bundle.faq.map((e) => (e.id === 'return-policy' ? { ...e, answer: '支持7天无理由退货（不含定制）。' } : e));
      const before = await store.drafts.get('tiny', 'faq', 'return-policy');
      const shippingBefore = await store.drafts.get('tiny', 'faq', 'shipping-time');
      await store.drafts.replace('tiny', bundleWrites(bundle, {}), T1, null);
      expect((await store.drafts.get('tiny', 'faq', 'return-policy'))?.version).toBe((before?.version ?? 0) + 1);
      expect((await store.drafts.get('tiny', 'faq', 'shipping-time'))?.version).toBe(shippingBefore?.version);
    });

    it('keeps release item hashes, the audit log newest first, and ends a disabled account’s sessions', async () => {
      expect(await store.releases.itemHashes('rel-0000000000000000')).toBeUndefined();
      await store.releases.putItemHashes('rel-0000000000000000', await store.drafts.hashes('tiny'));
      expect((await store.releases.itemHashes('rel-0000000000000000'))?.length).toBe((await store.drafts.hashes('tiny')).length);
      for (const action of ['faq.put', 'publish', 'faq.delete']) await store.audit.append({ shopId: 'tiny', at: T1, staff: 'boss', action, target: 'x', summary: '' });
      await store.audit.append({ shopId: 'other', at: T1, staff: 'x', action: 'publish', target: 'y', summary: '' });
      const log = await store.audit.list('tiny', 0, 2);
      expect([log.total, log.entries.map((e) => e.action)]).toEqual([3, ['faq.delete', 'publish']]);
      expect((await store.audit.list('tiny', 0, 10, 'publish')).entries.map((e) => e.target)).toEqual(['x']);
      await store.shops.put(tinyBundle(), T0);
      await store.staff.insert({ id: 's1', shopId: 'tiny', username: 'mei', displayName: '小美', role: 'agent', groups: [], passwordHash: 'x', createdAt: T0, capacity: null, disabled: false });
      await store.staff.insertSession('h1', 's1', T0, '2099-01-01T00:00:00.000Z');
      expect(await store.staff.update('s1', { disabled: true, groups: ['pre-sale'] })).toBe(true);
      expect(await store.staff.deleteSessionsOf('s1')).toBe(1);
      expect(await store.staff.get('s1')).toMatchObject({ disabled: true, groups: ['pre-sale'] });
      expect(await store.staff.update('nobody', { disabled: true })).toBe(false);
    });
  });
}
