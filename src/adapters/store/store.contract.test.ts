// The Store contract, one suite per repository: the same behaviour on every implementation (SQLite always, PostgreSQL
// when DATABASE_URL is set).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationRecord, MessageRecord, Store } from '../../app/ports.js';
import { compileRelease } from '../../core/knowledge/release.js';
import { intlSegmenter } from '../../core/understanding/segmenter.js';
import { AI_OWNED } from '../../core/conversation/ownership.js';
import { storesUnderTest } from '../../testing/store-locations.js';
import { tinyBundle } from '../../core/testing/fixtures.js';

const T0 = '2026-11-25T01:00:00.000Z';

function conversation(id: string, releaseId: string): ConversationRecord {
  return { id, shopId: 'tiny', customerId: null, releaseId, state: { consecutiveFallbacks: 0, turns: 0 }, version: 0, createdAt: T0, updatedAt: T0, ownership: AI_OWNED(T0), accessTokenHash: null, channel: 'web', channelUser: null };
}

function inbound(id: string, clientMessageId: string, createdAt = T0): MessageRecord {
  return { id, conversationId: 'c1', direction: 'in', text: '多久发货', clientMessageId, replyTo: null, trace: null, createdAt };
}

for (const kind of storesUnderTest()) {
  describe(`Store contract on ${kind.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const release = compileRelease(tinyBundle(), intlSegmenter);

    beforeEach(async () => {
      ({ store, cleanup } = await kind.open());
      await store.shops.put(tinyBundle(), T0);
      await store.releases.put(release, T0);
    });
    afterEach(async () => cleanup());

    describe('shops and releases', () => {
      it('round-trips a shop and updates it on re-import', async () => {
        const shop = await store.shops.get('tiny');
        expect(shop?.bundle.products.map((p) => p.id)).toEqual(['cotton-tee', 'baby-bodysuit']);
        expect(shop?.currentReleaseId).toBeNull();
        await store.shops.put(tinyBundle({ name: '新名字' }), '2026-11-25T02:00:00.000Z');
        expect((await store.shops.get('tiny'))?.name).toBe('新名字');
        expect(await store.shops.get('nope')).toBeUndefined();
      });

      it('stores a release once per content and lists releases oldest first', async () => {
        expect(await store.releases.put(release, T0)).toBe(false);
        const other = compileRelease(tinyBundle({ greeting: '你好呀' }), intlSegmenter);
        expect(await store.releases.put(other, '2026-11-25T03:00:00.000Z')).toBe(true);
        expect((await store.releases.list('tiny')).map((r) => r.id)).toEqual([release.id, other.id]);
        expect((await store.releases.get(other.id))?.bundle.shop.greeting).toBe('你好呀');
        await store.shops.setCurrentRelease('tiny', other.id);
        expect((await store.shops.get('tiny'))?.currentReleaseId).toBe(other.id);
      });

      it('stores a release image as given, replaces it, and has none for a release without', async () => {
        expect(await store.releases.getImage(release.id)).toBeUndefined();
        const image = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
        await store.releases.putImage(release.id, image, T0);
        expect(Buffer.from((await store.releases.getImage(release.id)) ?? [])).toEqual(Buffer.from(image));
        const newer = image.map((b) => 255 - b);
        await store.releases.putImage(release.id, newer, '2026-11-25T02:00:00.000Z');
        expect(Buffer.from((await store.releases.getImage(release.id)) ?? [])).toEqual(Buffer.from(newer));
      });
    });

    describe('conversations', () => {
      it("keeps a conversation's access token hash, and none for one inserted without", async () => {
        await store.conversations.insert({ ...conversation('c1', release.id), accessTokenHash: 'a'.repeat(64) });
        await store.conversations.insert(conversation('c2', release.id));
        expect((await store.conversations.get('c1'))?.accessTokenHash).toBe('a'.repeat(64));
        expect((await store.conversations.get('c2'))?.accessTokenHash).toBeNull();
      });

      it("keeps a conversation's channel (web unless given) and finds a channel user's newest conversation", async () => {
        const { channel: _c, channelUser: _u, ...web } = conversation('c0', release.id);
        await store.conversations.insert(web);
        expect(await store.conversations.get('c0')).toMatchObject({ channel: 'web', channelUser: null });
        await store.conversations.insert({ ...conversation('c1', release.id), channel: 'wecom', channelUser: 'wmU1' });
        await store.conversations.insert({ ...conversation('c2', release.id), channel: 'wecom', channelUser: 'wmU1', createdAt: '2026-11-25T02:00:00.000Z' });
        await store.conversations.insert({ ...conversation('c3', release.id), channel: 'wecom', channelUser: 'wmU2' });
        expect(await store.conversations.get('c1')).toMatchObject({ channel: 'wecom', channelUser: 'wmU1' });
        expect((await store.conversations.findByChannelUser('tiny', 'wecom', 'wmU1'))?.id).toBe('c2');
        expect((await store.conversations.findByChannelUser('tiny', 'wecom', 'wmU2'))?.id).toBe('c3');
        expect(await store.conversations.findByChannelUser('tiny', 'wecom', 'nobody')).toBeUndefined();
        expect(await store.conversations.findByChannelUser('other', 'wecom', 'wmU1')).toBeUndefined();
        expect(await store.conversations.findByChannelUser('tiny', 'web', 'wmU1')).toBeUndefined();
      });

      it('keeps one cursor per shop and channel, replaced by the newest', async () => {
        expect(await store.channelCursors.get('tiny', 'wecom')).toBeUndefined();
        await store.channelCursors.put('tiny', 'wecom', 'c1', T0);
        await store.channelCursors.put('other', 'wecom', 'x9', T0);
        await store.transaction((tx) => tx.channelCursors.put('tiny', 'wecom', 'c7', '2026-11-25T02:00:00.000Z'));
        expect(await store.channelCursors.get('tiny', 'wecom')).toBe('c7');
        expect(await store.channelCursors.get('other', 'wecom')).toBe('x9');
        expect(await store.channelCursors.get('tiny', 'web')).toBeUndefined();
      });

      it('refuses a state save with a stale version', async () => {
        await store.conversations.insert(conversation('c1', release.id));
        expect(await store.conversations.saveState('c1', { consecutiveFallbacks: 1, turns: 1 }, 0, T0)).toBe(true);
        expect(await store.conversations.saveState('c1', { consecutiveFallbacks: 9, turns: 9 }, 0, T0)).toBe(false);
        const c = await store.conversations.get('c1');
        expect(c?.version).toBe(1);
        expect(c?.state).toEqual({ consecutiveFallbacks: 1, turns: 1 });
      });

      it('keeps who owns a conversation and lists the queue by priority, then longest wait', async () => {
        for (const id of ['a', 'b', 'c', 'd']) await store.conversations.insert(conversation(id, release.id));
        expect((await store.conversations.get('a'))?.ownership).toEqual(AI_OWNED(T0));
        const queued = (since: string, priority: number) => ({ owner: 'queued' as const, agentId: null, group: 'pre-sale', reason: 'customer_request', priority, since });
        await store.conversations.setOwnership('a', queued('2026-11-25T02:00:00.000Z', 0));
        await store.conversations.setOwnership('b', queued('2026-11-25T01:30:00.000Z', 0));
        await store.conversations.setOwnership('c', queued('2026-11-25T02:30:00.000Z', 2));
        await store.conversations.setOwnership('d', { owner: 'agent', agentId: 'ag1', group: 'pre-sale', reason: 'angry', priority: 1, since: T0 });
        expect((await store.conversations.listByOwner('tiny', 'queued')).map((c) => c.id)).toEqual(['c', 'b', 'a']);
        expect((await store.conversations.listByOwner('tiny', 'agent', 'ag1')).map((c) => [c.id, c.ownership.reason])).toEqual([['d', 'angry']]);
        expect(await store.conversations.listByOwner('tiny', 'agent', 'ag2')).toEqual([]);
        expect(await store.conversations.listByOwner('other', 'queued')).toEqual([]);
      });

      it('lists the conversations last updated in a window, oldest first', async () => {
        for (const id of ['a', 'b', 'c']) await store.conversations.insert(conversation(id, release.id));
        await store.conversations.saveState('a', { consecutiveFallbacks: 0, turns: 1 }, 0, '2026-11-25T01:00:00.000Z');
        await store.conversations.saveState('b', { consecutiveFallbacks: 0, turns: 1 }, 0, '2026-11-25T00:30:00.000Z');
        await store.conversations.saveState('c', { consecutiveFallbacks: 0, turns: 1 }, 0, '2026-11-25T03:00:00.000Z');
        const idle = await store.conversations.listIdle('2026-11-25T00:00:00.000Z', '2026-11-25T02:00:00.000Z', 10);
        expect(idle.map((c) => [c.id, c.updatedAt, c.version])).toEqual([
          ['b', '2026-11-25T00:30:00.000Z', 1],
          ['a', '2026-11-25T01:00:00.000Z', 1],
        ]);
        expect((await store.conversations.listIdle('2026-11-25T00:00:00.000Z', '2026-11-25T02:00:00.000Z', 1)).map((c) => c.id)).toEqual(['b']);
        // Pages go on after a given conversation, by update time and then id.
        await store.conversations.insert(conversation('a2', release.id));
        await store.conversations.saveState('a2', { consecutiveFallbacks: 0, turns: 1 }, 0, '2026-11-25T01:00:00.000Z');
        const after = (c: { updatedAt: string; id: string }) => store.conversations.listIdle('2026-11-25T00:00:00.000Z', '2026-11-25T02:00:00.000Z', 10, c);
        expect((await after({ updatedAt: '2026-11-25T00:30:00.000Z', id: 'b' })).map((c) => c.id)).toEqual(['a', 'a2']);
        expect((await after({ updatedAt: '2026-11-25T01:00:00.000Z', id: 'a' })).map((c) => c.id)).toEqual(['a2']);
        expect(await after({ updatedAt: '2026-11-25T01:00:00.000Z', id: 'a2' })).toEqual([]);
      });
    });

    describe('messages', () => {
      it('inserts an inbound message once per client message id', async () => {
        await store.conversations.insert(conversation('c1', release.id));
        expect(await store.messages.insertInbound(inbound('m1', 'k1'))).toBe(true);
        expect(await store.messages.insertInbound(inbound('m2', 'k1'))).toBe(false);
        expect((await store.messages.findInbound('c1', 'k1'))?.id).toBe('m1');
        expect(await store.messages.findInbound('c1', 'other')).toBeUndefined();
      });

      it('lists replies and the newest messages in order', async () => {
        await store.conversations.insert(conversation('c1', release.id));
        await store.messages.insertInbound(inbound('m1', 'k1', '2026-11-25T01:00:01.000Z'));
        const reply = (id: string, at: string): MessageRecord => ({
          id,
          conversationId: 'c1',
          direction: 'out',
          text: '48小时内发货',
          clientMessageId: null,
          replyTo: 'm1',
          trace: { releaseId: release.id, source: 'faq', faqId: 'shipping-time', confidence: 0.9 },
          createdAt: at,
        });
        await store.messages.insert([reply('m2', '2026-11-25T01:00:02.000Z'), reply('m3', '2026-11-25T01:00:03.000Z')]);
        expect((await store.messages.listReplies('m1')).map((m) => [m.id, m.trace?.faqId])).toEqual([
          ['m2', 'shipping-time'],
          ['m3', 'shipping-time'],
        ]);
        expect((await store.messages.list('c1', 2)).map((m) => m.id)).toEqual(['m2', 'm3']);
        expect((await store.messages.list('c1', 10)).map((m) => m.direction)).toEqual(['in', 'out', 'out']);
      });

      it('lists inbound messages no reply answers in AI-owned conversations, oldest first, within the window', async () => {
        const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();
        await store.conversations.insert(conversation('c1', release.id));
        await store.conversations.insert({ ...conversation('c2', release.id), ownership: { ...AI_OWNED(T0), owner: 'agent', agentId: 'stf1' } });
        await store.messages.insertInbound(inbound('m1', 'k1', at(1)));
        await store.messages.insert([{ ...inbound('r1', 'x', at(2)), direction: 'out', clientMessageId: null, replyTo: 'm1' }]);
        await store.messages.insertInbound(inbound('m2', 'k2', at(3)));
        await store.messages.insertInbound(inbound('m3', 'k3', at(4)));
        await store.messages.insertInbound({ ...inbound('m4', 'k4', at(3)), conversationId: 'c2' });
        expect((await store.messages.listUnansweredInbound(at(0), at(10), 10)).map((m) => m.id)).toEqual(['m2', 'm3']);
        expect((await store.messages.listUnansweredInbound(at(0), at(4), 10)).map((m) => m.id)).toEqual(['m2']);
        expect((await store.messages.listUnansweredInbound(at(0), at(10), 1)).map((m) => m.id)).toEqual(['m2']);
      });
    });

    describe('outbox', () => {
      it('appends events to the outbox in order', async () => {
        await store.outbox.append([
          { id: 'e1', shopId: 'tiny', conversationId: 'c1', createdAt: T0, event: { type: 'message.received', conversationId: 'c1', messageId: 'm1' } },
          { id: 'e2', shopId: 'tiny', conversationId: 'c1', createdAt: T0, event: { type: 'reply.sent', conversationId: 'c1', messageId: 'm2', replyTo: 'm1', source: 'faq' } },
        ]);
        expect((await store.outbox.list('c1')).map((e) => e.event.type)).toEqual(['message.received', 'reply.sent']);
      });
    });

    describe('customers', () => {
      it('keeps one record per customer and tag, the newest evidence winning, and leaves out expired tags', async () => {
        const tag = (t: string, rule: string, setAt: string, expiresAt: string | null) => ({ shopId: 's1', customerKey: 'c1', tag: t, group: 'concern', confidence: 0.9, rule, conversationId: 'cv1', messageId: `m-${rule}`, setAt, expiresAt });
        await store.transaction(async (tx) => {
          await tx.customers.upsertTags([tag('敏感肌', 'skin', '2026-11-25T01:00:00.000Z', null), tag('关注价格', 'price', '2026-11-25T01:00:00.000Z', '2026-11-26T01:00:00.000Z')]);
        });
        await store.customers.upsertTags([tag('敏感肌', 'sop:sales/tag_sensitive', '2026-11-25T02:00:00.000Z', null)]);
        const now = await store.customers.listTags('s1', 'c1', '2026-11-25T03:00:00.000Z');
        expect(now.map((t) => [t.tag, t.rule, t.setAt])).toEqual([
          ['关注价格', 'price', '2026-11-25T01:00:00.000Z'],
          ['敏感肌', 'sop:sales/tag_sensitive', '2026-11-25T02:00:00.000Z'],
        ]);
        expect((await store.customers.listTags('s1', 'c1', '2026-11-27T00:00:00.000Z')).map((t) => t.tag)).toEqual(['敏感肌']);
        expect(await store.customers.listTags('s1', 'other', '2026-11-25T03:00:00.000Z')).toEqual([]);
      });

      it('moves a visitor\'s tags to a customer, identifies and lists conversations, and erases their words', async () => {
        const tag = (key: string, t: string, setAt: string) => ({ shopId: 's1', customerKey: key, tag: t, group: 'g', confidence: 1, rule: 'r', conversationId: 'cv', messageId: 'm', setAt, expiresAt: null });
        await store.customers.upsertTags([tag('visitor:v1', 'a', '2026-11-25T02:00:00.000Z'), tag('visitor:v1', 'b', '2026-11-25T01:00:00.000Z'), tag('c9', 'b', '2026-11-25T03:00:00.000Z')]);
        expect(await store.customers.moveTags('s1', 'visitor:v1', 'c9')).toBe(2);
        expect((await store.customers.listTags('s1', 'c9', T0)).map((t) => [t.tag, t.setAt])).toEqual([
          ['a', '2026-11-25T02:00:00.000Z'],
          ['b', '2026-11-25T03:00:00.000Z'],
        ]);
        expect(await store.customers.listTags('s1', 'visitor:v1', T0)).toEqual([]);
        expect(await store.customers.deleteTags('s1', 'c9')).toBe(2);

        await store.conversations.insert(conversation('c1', release.id));
        await store.conversations.setCustomer('c1', 'c9', T0);
        expect((await store.conversations.listOfCustomer('tiny', 'c9')).map((c) => c.id)).toEqual(['c1']);
        expect(await store.conversations.listOfCustomer('s1', 'c9')).toEqual([]);
        await store.conversations.saveState('c1', { consecutiveFallbacks: 0, turns: 2, memory: { phone: '13800001001' } }, 0, T0);
        await store.messages.insert([{ id: 'm1', conversationId: 'c1', direction: 'out', text: '您的电话 13800001001', clientMessageId: null, replyTo: null, trace: { releaseId: release.id, source: 'faq' }, createdAt: T0 }]);
        await store.conversations.eraseText('c1', T0);
        expect((await store.messages.list('c1', 10)).map((m) => [m.text, m.trace])).toEqual([['', null]]);
        expect((await store.conversations.get('c1'))?.state).toEqual({ turns: 2, consecutiveFallbacks: 0 });
      });

      it('keeps the newest value of each preference with its provenance, and moves and deletes them', async () => {
        const pref = (key: string, name: string, value: string, setAt: string) => ({ shopId: 's1', customerKey: key, name, value, confidence: 0.9, source: 'message' as const, conversationId: 'cv', messageId: `m-${value}`, setAt });
        await store.customers.upsertPreferences([pref('c9', 'size', 'M', '2026-11-25T02:00:00.000Z'), pref('c9', 'skin_type', '敏感肌', '2026-11-25T02:00:00.000Z')]);
        await store.customers.upsertPreferences([pref('c9', 'size', 'L', '2026-11-25T03:00:00.000Z')]);
        // An older record (a merge of older evidence) changes nothing.
        await store.customers.upsertPreferences([pref('c9', 'size', 'S', '2026-11-25T01:00:00.000Z')]);
        expect((await store.customers.listPreferences('s1', 'c9')).map((p) => [p.name, p.value, p.messageId])).toEqual([
          ['size', 'L', 'm-L'],
          ['skin_type', '敏感肌', 'm-敏感肌'],
        ]);
        await store.customers.upsertPreferences([pref('visitor:v1', 'size', 'XL', '2026-11-25T04:00:00.000Z'), pref('visitor:v1', 'skin_type', '油皮', '2026-11-25T00:00:00.000Z')]);
        expect(await store.customers.movePreferences('s1', 'visitor:v1', 'c9')).toBe(2);
        expect((await store.customers.listPreferences('s1', 'c9')).map((p) => [p.name, p.value])).toEqual([
          ['size', 'XL'],
          ['skin_type', '敏感肌'],
        ]);
        expect(await store.customers.listPreferences('s1', 'visitor:v1')).toEqual([]);
        expect(await store.customers.deletePreferences('s1', 'c9')).toBe(2);
        expect(await store.customers.listPreferences('s1', 'c9')).toEqual([]);
      });
    });

    describe('staff', () => {
      it('deletes the sessions past their expiry and keeps the others', async () => {
        await store.staff.insertSession('h-old', 'stf1', T0, '2026-11-25T02:00:00.000Z');
        await store.staff.insertSession('h-edge', 'stf1', T0, '2026-11-25T03:00:00.000Z');
        await store.staff.insertSession('h-new', 'stf2', T0, '2026-11-25T04:00:00.000Z');
        expect(await store.staff.deleteExpiredSessions('2026-11-25T03:00:00.000Z')).toBe(2);
        expect(await store.staff.getSession('h-new', '2026-11-25T03:00:00.000Z')).toBe('stf2');
        // Gone, not merely unreadable: a later clock does not bring them back, and a second purge finds nothing.
        expect(await store.staff.getSession('h-old', T0)).toBeUndefined();
        expect(await store.staff.getSession('h-edge', T0)).toBeUndefined();
        expect(await store.staff.deleteExpiredSessions('2026-11-25T03:00:00.000Z')).toBe(0);
      });
    });

    describe('nodes', () => {
      it('records a heartbeat per node, again and again (the readiness write probe)', async () => {
        await store.nodes.recordHeartbeat('node-a', T0);
        await store.nodes.recordHeartbeat('node-a', '2026-11-25T01:00:05.000Z');
        await store.nodes.recordHeartbeat('node-b', T0);
        await store.transaction((tx) => tx.nodes.recordHeartbeat('node-b', '2026-11-25T01:00:09.000Z'));
      });

      it('gives a lease to one holder at a time until it expires, renews it for its holder, and frees it on release', async () => {
        const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();
        expect(await store.nodes.takeLease('sweeps', 'node-a', at(0), at(10))).toBe(true);
        expect(await store.nodes.takeLease('sweeps', 'node-b', at(5), at(15))).toBe(false);
        expect(await store.nodes.takeLease('cdp', 'node-b', at(5), at(15))).toBe(true); // another lease is another job
        expect(await store.nodes.takeLease('sweeps', 'node-a', at(6), at(16))).toBe(true); // renewed
        expect(await store.nodes.takeLease('sweeps', 'node-b', at(12), at(22))).toBe(false); // not expired: renewed to 16
        expect(await store.nodes.takeLease('sweeps', 'node-b', at(16), at(26))).toBe(true); // expired: taken over
        expect(await store.nodes.takeLease('sweeps', 'node-a', at(17), at(27))).toBe(false);
        await store.nodes.releaseLease('sweeps', 'node-a'); // not the holder: nothing changes
        expect(await store.nodes.takeLease('sweeps', 'node-a', at(18), at(28))).toBe(false);
        await store.nodes.releaseLease('sweeps', 'node-b');
        expect(await store.nodes.takeLease('sweeps', 'node-a', at(18), at(28))).toBe(true);
      });

      it('refuses a heartbeat once closed', async () => {
        await store.close();
        await expect(store.nodes.recordHeartbeat('node-a', T0)).rejects.toThrow();
      });
    });

    describe('unit of work', () => {
      it('rolls back everything in a failed transaction', async () => {
        await expect(
          store.transaction(async (tx) => {
            await tx.conversations.insert(conversation('c2', release.id));
            await tx.outbox.append([{ id: 'e1', shopId: 'tiny', conversationId: 'c2', createdAt: T0, event: { type: 'message.received', conversationId: 'c2', messageId: 'x' } }]);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await store.conversations.get('c2')).toBeUndefined();
        expect(await store.outbox.list('c2')).toEqual([]);
      });

      it('keeps concurrent transactions independent: one failing loses only its own writes', async () => {
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            store.transaction(async (tx) => {
              await tx.conversations.insert(conversation(`k${i}`, release.id));
              if (i === 7) throw new Error('unit 7 fails');
              await tx.outbox.append([{ id: `ev${i}`, shopId: 'tiny', conversationId: `k${i}`, createdAt: T0, event: { type: 'message.received', conversationId: `k${i}`, messageId: 'm' } }]);
              return i;
            }),
          ),
        );
        expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
        expect(results[7]).toMatchObject({ status: 'rejected', reason: new Error('unit 7 fails') });
        expect(results[19]).toEqual({ status: 'fulfilled', value: 19 });
        expect(await store.conversations.get('k7')).toBeUndefined();
        expect(await store.outbox.list('k7')).toEqual([]);
        for (const i of [0, 6, 8, 19]) expect((await store.outbox.list(`k${i}`)).map((e) => e.id)).toEqual([`ev${i}`]);
      });
    });
  });

  // Opened on its own, not beside the store above: PostgreSQL schemas are migrated one at a time.
  describe(`Store contract on ${kind.name}: large bodies, in parts of 4 KB`, () => {
    const release = compileRelease(tinyBundle(), intlSegmenter);
    let parted: Store;
    let closeParted: () => Promise<void>;
    beforeEach(async () => {
      ({ store: parted, cleanup: closeParted } = await kind.open({ partBytes: 4096 }));
    });
    afterEach(async () => closeParted());

    /** The tiny bundle grown past several parts, with text that is not ASCII. */
    const big = (greeting: string) => {
      const b = tinyBundle({ greeting });
      return { ...b, faq: Array.from({ length: 60 }, (_, i) => ({ ...b.faq[0]!, id: `q${i}`, question: `第${i}个问题：多久发货？`, answer: `${greeting}，四十八小时内发货😀 ${i}` })) };
    };

    it('stores a bundle, a release and an image bigger than a part, and reads them back whole', async () => {
      const bundle = big('你好');
      await parted.shops.put(bundle, T0);
      const first = await parted.shops.get('tiny');
      expect(first?.bundle).toEqual(bundle);
      // Read again, it is the bundle parsed the first time (kept by its parts' key), not parsed anew.
      expect((await parted.shops.get('tiny'))?.bundle).toBe(first?.bundle);
      const r = compileRelease(bundle, intlSegmenter);
      expect(await parted.releases.put(r, T0)).toBe(true);
      expect(await parted.releases.put(r, T0)).toBe(false);
      expect(await parted.releases.get(r.id)).toEqual(r);
      const image = Uint8Array.from({ length: 30_000 }, (_, i) => (i * 7) % 251);
      await parted.releases.putImage(r.id, image, T0);
      expect(Buffer.from((await parted.releases.getImage(r.id)) ?? [])).toEqual(Buffer.from(image));
      // Re-imported and re-imaged: the new values replace the old ones whole.
      const again = big('您好');
      await parted.shops.put(again, T0);
      // Read twice at once (the bundle is parsed in steps): one parse, the same bundle for both.
      const [one, two] = await Promise.all([parted.shops.get('tiny'), parted.shops.get('tiny')]);
      expect(one?.bundle).toEqual(again);
      expect(two?.bundle).toBe(one?.bundle);
      const smaller = image.subarray(0, 9000).map((b) => 255 - b);
      await parted.releases.putImage(r.id, smaller, T0);
      expect(Buffer.from((await parted.releases.getImage(r.id)) ?? [])).toEqual(Buffer.from(smaller));
      // A value that fits in one part stays inline.
      await parted.shops.put(tinyBundle(), T0);
      expect((await parted.shops.get('tiny'))?.bundle).toEqual(tinyBundle());
    });

    it("gives a bundle's stored JSON text as it is, and stores a release given as JSON text as putRelease would", async () => {
      const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
      // In parts, and inline (one part).
      for (const bundle of [big('你好'), tinyBundle()]) {
        await parted.shops.put(bundle, T0);
        expect(text(await parted.shops.getBundleJson('tiny'))).toBe(JSON.stringify(bundle));
        const r = compileRelease(bundle, intlSegmenter);
        const json = new TextEncoder().encode(JSON.stringify(r));
        expect(await parted.releases.putJson(r, json, T0)).toBe(true);
        expect(await parted.releases.putJson(r, json, T0)).toBe(false);
        expect(await parted.releases.put(r, T0)).toBe(false);
        expect(await parted.releases.get(r.id)).toEqual(r);
        expect((await parted.releases.list('tiny')).map((h) => h.id)).toContain(r.id);
      }
      expect(await parted.shops.getBundleJson('nope')).toBeUndefined();
    });

    it('never serves part of an image: a reader during replacements gets one whole image', async () => {
      await parted.shops.put(tinyBundle(), T0);
      await parted.releases.put(release, T0);
      const images = [0, 1, 2, 3].map((k) => Uint8Array.from({ length: 20_000 + k * 3000 }, (_, i) => (i + k * 50) % 256));
      await parted.releases.putImage(release.id, images[0]!, T0);
      const known = new Set(images.map((im) => Buffer.from(im).toString('hex')));
      let writing = true;
      const seen = new Set<string>();
      const reader = (async () => {
        while (writing) {
          const got = await parted.releases.getImage(release.id);
          seen.add(Buffer.from(got ?? []).toString('hex'));
        }
      })();
      for (const image of [...images.slice(1), images[0]!, images[2]!]) await parted.releases.putImage(release.id, image, T0);
      writing = false;
      await reader;
      expect([...seen].every((hex) => known.has(hex))).toBe(true);
      expect(seen.size).toBeGreaterThan(0);
    });
  });
}

describe('SQLite file store', () => {
  it('reads committed data through its read connection and survives reopening', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openStore } = await import('./kysely-store.js');
    const file = join(await mkdtemp(join(tmpdir(), 'xiaoer-store-')), 'x.sqlite');
    const store = await openStore({ kind: 'sqlite', file });
    const release = compileRelease(tinyBundle(), intlSegmenter);
    await store.transaction(async (tx) => {
      await tx.shops.put(tinyBundle(), T0);
      await tx.releases.put(release, T0);
      await tx.conversations.insert(conversation('c1', release.id));
    });
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.transaction((tx) => tx.messages.insertInbound(inbound(`m${i}`, `k${i}`)))));
    expect(await store.messages.list('c1', 100)).toHaveLength(30);
    await store.close();
    const reopened = await openStore({ kind: 'sqlite', file });
    expect((await reopened.conversations.get('c1'))?.releaseId).toBe(release.id);
    expect(await reopened.messages.list('c1', 100)).toHaveLength(30);
    await reopened.close();
  });
});
