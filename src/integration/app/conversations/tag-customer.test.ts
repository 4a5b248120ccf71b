// Tags set by a turn, on the real use cases: kept per customer across conversations, per visitor
// conversation otherwise, each with its evidence, and announced in the turn's events.
import { describe, expect, it } from 'vitest';
import { appHarness } from '../../../testing/app-harness.js';
import { tinyBundle } from '../../../core/testing/fixtures.js';
import type { TagTaxonomy } from '../../../core/customer/tags.js';
import { handleInboundMessage } from '../../../app/conversations/handle-inbound-message.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';

const taxonomy: TagTaxonomy = {
  groups: [{ id: 'concern', label: { zh: '关注点' } }],
  tags: [
    { id: '敏感肌', group: 'concern' },
    { id: '关注价格', group: 'concern', expiresDays: 30 },
  ],
  rules: [
    { id: 'skin', tag: '敏感肌', when: { entity: 'skin_type', value: '敏感肌' }, confidence: 0.9 },
    { id: 'price', tag: '关注价格', when: { keywords: ['多少钱', '优惠'] }, confidence: 0.7 },
  ],
};

describe('tagging customers from their conversations', () => {
  it('keeps a signed-in customer\'s tags across conversations and a visitor\'s with the conversation', async () => {
    const h = await appHarness({ bundle: { ...tinyBundle(), tags: taxonomy } });
    const first = await startConversation(h.deps, { shopId: h.shopId, customerId: 'c1' });
    await handleInboundMessage(h.deps, { conversationId: first.id, text: '我是敏感肌 这个多少钱', clientMessageId: 'm1' });
    const second = await startConversation(h.deps, { shopId: h.shopId, customerId: 'c1' });
    await handleInboundMessage(h.deps, { conversationId: second.id, text: '你好', clientMessageId: 'm1' });
    const now = h.deps.clock.now();
    const held = await h.deps.store.customers.listTags(h.shopId, 'c1', now);
    expect(held.map((t) => [t.tag, t.rule, t.conversationId])).toEqual([
      ['关注价格', 'price', first.id],
      ['敏感肌', 'skin', first.id],
    ]);
    expect(held.find((t) => t.tag === '关注价格')?.expiresAt).not.toBeNull();
    const tagged = (await h.deps.store.outbox.list(first.id)).map((e) => e.event).filter((e) => e.type === 'customer.tagged');
    expect(tagged).toEqual([expect.objectContaining({ customerId: 'c1', customerKey: 'c1', tags: ['敏感肌', '关注价格'] })]);

    const visitor = await startConversation(h.deps, { shopId: h.shopId });
    await handleInboundMessage(h.deps, { conversationId: visitor.id, text: '有优惠吗', clientMessageId: 'm1' });
    expect((await h.deps.store.customers.listTags(h.shopId, `visitor:${visitor.id}`, now)).map((t) => t.tag)).toEqual(['关注价格']);
    expect(await h.deps.store.customers.listTags(h.shopId, 'c1', now)).toHaveLength(2);
  });
});
