// PIPL: a customer's data exported whole, then erased (tags, conversation words, profile) with an
// event for the CDP sinks; other customers untouched.
import { describe, expect, it } from 'vitest';
import type { TagTaxonomy } from '../../../core/customer/tags.js';
import { appHarness } from '../../../testing/app-harness.js';
import { tinyBundle } from '../../../core/testing/fixtures.js';
import { handleInboundMessage } from '../../../app/conversations/handle-inbound-message.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';
import { eraseCustomerData, exportCustomerData } from '../../../app/customers/personal-data.js';
import { deliverCdpEvents } from '../../../app/cdp/deliver-events.js';

const taxonomy: TagTaxonomy = { groups: [{ id: 'concern', label: { zh: '关注点' } }], tags: [{ id: '敏感肌', group: 'concern' }], rules: [{ id: 'skin', tag: '敏感肌', when: { entity: 'skin_type', value: '敏感肌' }, confidence: 0.9 }] };

describe('personal data', () => {
  it('exports everything held about a customer, then erases it and announces the erasure', async () => {
    const h = await appHarness({ bundle: { ...tinyBundle(), tags: taxonomy } });
    await h.deps.orders.seed(h.shopId, [{ id: 'c1', shopId: h.shopId, name: '林晓雯', phone: '13800001001', segment: 'vip', tags: ['宝妈'] }], []);
    const mine = await startConversation(h.deps, { shopId: h.shopId, customerId: 'c1' });
    await handleInboundMessage(h.deps, { conversationId: mine.id, text: '我是敏感肌 电话13800001001', clientMessageId: 'm1' });
    const other = await startConversation(h.deps, { shopId: h.shopId, customerId: 'c2' });
    await handleInboundMessage(h.deps, { conversationId: other.id, text: '我也是敏感肌', clientMessageId: 'm1' });

    const data = await exportCustomerData(h.deps, h.shopId, 'c1');
    expect(data.profile).toMatchObject({ name: '林晓雯', phone: '13800001001' });
    expect(data.tags.map((t) => t.tag)).toEqual(['敏感肌']);
    expect(data.conversations.map((c) => c.id)).toEqual([mine.id]);
    expect(data.conversations[0]?.messages.map((m) => m.text)).toContain('我是敏感肌 电话13800001001');
    expect(data.conversations[0]?.events.map((e) => e.event.type)).toContain('customer.tagged');

    expect(await eraseCustomerData(h.deps, h.shopId, 'c1')).toEqual({ tags: 1, conversations: 1, profile: true });
    const after = await exportCustomerData(h.deps, h.shopId, 'c1');
    expect(after.tags).toEqual([]);
    expect(after.profile).toMatchObject({ name: '', phone: '', tags: [] });
    expect(after.conversations[0]?.messages.every((m) => m.text === '')).toBe(true);
    expect(JSON.stringify(after)).not.toContain('13800001001');
    expect((await h.deps.store.conversations.get(mine.id))?.state.memory).toBeUndefined();
    // The CDP sinks hear of it, so they can erase their copy.
    const sent: { type: string; event?: string; userId?: string }[] = [];
    const transport = { post: async (_url: string, body: string) => (sent.push(JSON.parse(body) as (typeof sent)[number]), { ok: true as const }) };
    await deliverCdpEvents({ store: h.deps.store, clock: h.deps.clock, transport }, [{ id: 'crm', url: 'http://127.0.0.1:9/hook', secret: 'test-secret-0123456789' }]);
    expect(sent.filter((m) => m.event === 'Customer Erased').map((m) => m.userId)).toEqual(['c1']);
    // The other customer is untouched.
    expect((await exportCustomerData(h.deps, h.shopId, 'c2')).conversations[0]?.messages.map((m) => m.text)).toContain('我也是敏感肌');
    expect((await h.deps.store.customers.listTags(h.shopId, 'c2', h.deps.clock.now())).map((t) => t.tag)).toEqual(['敏感肌']);
  });
});
