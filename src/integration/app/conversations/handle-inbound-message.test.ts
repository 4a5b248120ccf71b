import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appHarness } from '../../../testing/app-harness.js';
import { tinyBundle } from '../../../core/testing/fixtures.js';
import { XiaoerError } from '../../../app/errors.js';
import { importShop } from '../../../app/shops/import-shop.js';
import { publishShop } from '../../../app/shops/publish-shop.js';
import { handleInboundMessage } from '../../../app/conversations/handle-inbound-message.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';

let h: Awaited<ReturnType<typeof appHarness>>;
beforeEach(async () => {
  h = await appHarness();
});
afterEach(async () => h.store.close());

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof XiaoerError ? e.code : String(e);
  }
}

describe('handleInboundMessage', () => {
  it('stores the message, the reply with its trace, and the events', async () => {
    const c = await startConversation(h.deps, { shopId: h.shopId });
    const r = await handleInboundMessage(h.deps, { conversationId: c.id, text: '几天能发出', clientMessageId: 'k1' });
    expect(r.duplicate).toBe(false);
    expect(r.replies[0]).toMatchObject({ text: '付款后48小时内发货。', replyTo: r.message.id, trace: { source: 'faq', faqId: 'shipping-time', releaseId: h.releaseId } });
    const transcript = await h.store.messages.list(c.id, 10);
    expect(transcript.map((m) => m.direction)).toEqual(['out', 'in', 'out']);
    const events = (await h.store.outbox.list(c.id)).map((e) => e.event.type);
    expect(events).toEqual(['conversation.started', 'message.received', 'reply.sent']);
  });

  it('returns the first result for a resent client message id, without a second reply', async () => {
    const c = await startConversation(h.deps, { shopId: h.shopId });
    const first = await handleInboundMessage(h.deps, { conversationId: c.id, text: '能开票吗', clientMessageId: 'k1' });
    const again = await handleInboundMessage(h.deps, { conversationId: c.id, text: '能开票吗', clientMessageId: 'k1' });
    expect(again.duplicate).toBe(true);
    expect(again.replies.map((m) => m.id)).toEqual(first.replies.map((m) => m.id));
    expect(await h.store.messages.list(c.id, 10)).toHaveLength(3);
  });

  it('handles concurrent resends of one message once', async () => {
    const c = await startConversation(h.deps, { shopId: h.shopId });
    const results = await Promise.all([1, 2, 3].map(() => handleInboundMessage(h.deps, { conversationId: c.id, text: '能退货吗', clientMessageId: 'same' })));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await h.store.messages.list(c.id, 10)).toHaveLength(3);
  });

  it('refuses a client message id reused for a different text', async () => {
    const c = await startConversation(h.deps, { shopId: h.shopId });
    await handleInboundMessage(h.deps, { conversationId: c.id, text: '能开票吗', clientMessageId: 'k1' });
    expect(await codeOf(handleInboundMessage(h.deps, { conversationId: c.id, text: '多久发货', clientMessageId: 'k1' }))).toBe('XIAOER_CLIENT_MESSAGE_ID_REUSED');
  });

  it('answers a message that was saved before a crash when it is resent', async () => {
    const c = await startConversation(h.deps, { shopId: h.shopId });
    // The earlier attempt stored the message and stopped before replying.
    await h.store.messages.insertInbound({ id: 'msg_saved', conversationId: c.id, direction: 'in', text: '能开票吗', clientMessageId: 'k9', replyTo: null, trace: null, createdAt: new Date().toISOString() });
    const r = await handleInboundMessage(h.deps, { conversationId: c.id, text: '能开票吗', clientMessageId: 'k9' });
    expect(r.message.id).toBe('msg_saved');
    expect(r.replies[0]?.trace?.faqId).toBe('invoice');
  });

  it('rejects empty and oversized text and unknown conversations with codes', async () => {
    const c = await startConversation(h.deps, { shopId: h.shopId });
    expect(await codeOf(handleInboundMessage(h.deps, { conversationId: c.id, text: ' \n\t ', clientMessageId: 'k' }))).toBe('XIAOER_EMPTY_MESSAGE');
    expect(await codeOf(handleInboundMessage(h.deps, { conversationId: c.id, text: '好'.repeat(1366), clientMessageId: 'k' }))).toBe('XIAOER_MESSAGE_TOO_LARGE');
    expect(await codeOf(handleInboundMessage(h.deps, { conversationId: 'cnv_nope', text: 'hi', clientMessageId: 'k' }))).toBe('XIAOER_CONVERSATION_NOT_FOUND');
    expect(await h.store.messages.list(c.id, 10)).toHaveLength(1);
  });

  it('keeps a conversation on the release it started with after a new publish', async () => {
    const c = await startConversation(h.deps, { shopId: h.shopId });
    await importShop(h.deps, tinyBundle({ fallback: '新版兜底话术' }));
    const next = await publishShop(h.deps, h.shopId);
    expect(next.releaseId).not.toBe(h.releaseId);
    const old = await handleInboundMessage(h.deps, { conversationId: c.id, text: '今天股市怎么样', clientMessageId: 'k1' });
    expect(old.replies[0]?.trace?.releaseId).toBe(h.releaseId);
    // The fallback's first line is the release's own text (suggested questions may follow).
    expect(old.replies[0]?.text.split('\n')[0]).toBe(tinyBundle().shop.fallback);
    const fresh = await startConversation(h.deps, { shopId: h.shopId });
    const r = await handleInboundMessage(h.deps, { conversationId: fresh.id, text: '今天股市怎么样', clientMessageId: 'k1' });
    expect(r.replies[0]?.text.split('\n')[0]).toBe('新版兜底话术');
  });
});

describe('startConversation', () => {
  it('refuses unknown shops, unpublished shops and unknown page products', async () => {
    expect(await codeOf(startConversation(h.deps, { shopId: 'nope' }))).toBe('XIAOER_SHOP_NOT_FOUND');
    await importShop(h.deps, { ...tinyBundle(), shop: { ...tinyBundle().shop, id: 'draft' } });
    expect(await codeOf(startConversation(h.deps, { shopId: 'draft' }))).toBe('XIAOER_SHOP_NOT_PUBLISHED');
    expect(await codeOf(startConversation(h.deps, { shopId: h.shopId, pageProductId: 'ghost' }))).toBe('XIAOER_PRODUCT_NOT_FOUND');
  });

  it('publishing unchanged data keeps the same release', async () => {
    const again = await publishShop(h.deps, h.shopId);
    expect(again).toEqual({ shopId: h.shopId, releaseId: h.releaseId, created: false });
  });
});
