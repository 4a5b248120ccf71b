import { describe, expect, it } from 'vitest';
import { tinyBundle } from '../testing/fixtures.js';
import type { MessageRecord } from '../conversation/records.js';
import { numberedOptions, outboundMessage, plainText, productCard } from './outbound.js';

const products = tinyBundle().products;
const byId = (id: string) => products.find((p) => p.id === id);
const reply = (over: Partial<MessageRecord> = {}): MessageRecord => ({ id: 'msg_1', conversationId: 'cnv_1', direction: 'out', text: '这款¥69', clientMessageId: null, replyTo: 'msg_0', trace: { releaseId: 'r1', source: 'product', productId: 'cotton-tee' }, createdAt: '2026-12-08T00:00:00.000Z', ...over });

describe('channel-neutral outbound messages', () => {
  it('reads two to six numbered options, and none from a lone number', () => {
    expect(numberedOptions('请选择：\n1. 尺码\n2、面料\n3）颜色')).toEqual(['尺码', '面料', '颜色']);
    expect(numberedOptions('1. 只有一个')).toEqual([]);
    expect(numberedOptions('付款后48小时内发货。')).toEqual([]);
  });

  it('makes a card from the catalog: price range and stock over the variants, the link from the shop’s template', () => {
    expect(productCard(byId('cotton-tee')!, 'https://s.example.com/item/{product}?from=xiaoer')).toEqual({ id: 'cotton-tee', name: '纯棉圆领短袖T恤', price: '¥69–79', stock: 17, inStock: true, url: 'https://s.example.com/item/cotton-tee?from=xiaoer' });
    expect(productCard(byId('baby-bodysuit')!, undefined)).toEqual({ id: 'baby-bodysuit', name: '婴儿纱布连体衣', price: '¥89', stock: 33, inStock: true });
    const soldOut = { ...byId('baby-bodysuit')!, id: 'a b', variants: byId('baby-bodysuit')!.variants.map((v) => ({ ...v, stock: 0 })) };
    expect(productCard(soldOut, 'https://s.example.com/p/%7Bproduct%7D')).toMatchObject({ stock: 0, inStock: false, url: 'https://s.example.com/p/a%20b' });
  });

  it('takes cards only from a reply’s trace, never from its words, and tells agents and handoffs apart', () => {
    expect(outboundMessage(reply(), byId, undefined).products.map((c) => c.id)).toEqual(['cotton-tee']);
    // A FAQ answer that names a product in its text carries no card.
    expect(outboundMessage(reply({ text: '纯棉圆领短袖T恤很好', trace: { releaseId: 'r1', source: 'faq', faqId: 'x' } }), byId, undefined).products).toEqual([]);
    expect(outboundMessage(reply({ trace: { releaseId: 'r1', source: 'product', productId: 'gone' } }), byId, undefined).products).toEqual([]);
    expect(outboundMessage(reply({ trace: { releaseId: 'r1', source: 'agent', agentId: 's1' } }), byId, undefined).kind).toBe('agent');
    expect(outboundMessage(reply({ trace: { releaseId: 'r1', source: 'handoff', rule: 'customer_request' } }), byId, undefined).kind).toBe('handoff_notice');
  });

  it('writes cards under the text for text-only channels, in the shop’s language', () => {
    const m = outboundMessage(reply(), byId, 'https://s.example.com/item/{product}');
    expect(plainText(m, 'zh-CN')).toBe('这款¥69\n\n相关商品：\n纯棉圆领短袖T恤｜¥69–79｜库存17件\nhttps://s.example.com/item/cotton-tee');
    expect(plainText(m, 'en')).toBe('这款¥69\n\nProducts:\n纯棉圆领短袖T恤 · ¥69–79 · 17 in stock\nhttps://s.example.com/item/cotton-tee');
    expect(plainText(outboundMessage(reply({ trace: null }), byId, undefined), 'zh-CN')).toBe('这款¥69');
  });
});
