// Delivered orders and their follow-up, on the real use cases over SQLite with a controllable clock.
import { describe, expect, it } from 'vitest';
import type { Order } from '../../../core/commerce/order.js';
import { appHarness } from '../../../testing/app-harness.js';
import { tinyBundle } from '../../../core/testing/fixtures.js';
import { GIFT_FLOW, testFlow } from '../../../testing/test-flows.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';
import { handleInboundMessage } from '../../../app/conversations/handle-inbound-message.js';
import { followUpDeliveredOrders, markOrderDelivered } from '../../../app/orders/order-delivered.js';

/** The shop's care flow on delivery; `first` are steps it takes before looking the order up. */
const careFlow = (first = '') =>
  testFlow(`
id: care
name: { zh: 签收关怀 }
triggers:
  - event: order_delivered
slots:
  order_id: { type: order_id }
steps:
${first}  - id: lookup
    call: { tool: lookup_order, args: { order_id: '{{slots.order_id}}' }, save_as: order }
  - id: check
    branch:
      - if: { var: results.order.found, equals: true }
        goto: greet
      - else: quiet
  - id: quiet
    end: true
  - id: greet
    end: delivered
templates:
  delivered: "{{customer.name}}，订单 {{results.order.order_id}}（{{results.order.items_text}}）{{results.order.status_text}}。"
`);
const CARE = careFlow();
// The same flow tagging the customer first.
const TAGGING_CARE = careFlow(`  - id: mark
    tag: [已签收客户]
`);

const order = (id: string, status: Order['status']): Order => ({
  id,
  shopId: 'tiny',
  customerId: 'c1',
  status,
  placedAt: '2026-11-20T02:00:00.000Z',
  updatedAt: '2026-11-21T02:00:00.000Z',
  items: [{ sku: 'TEE-WHT-M', productId: 'cotton-tee', name: '纯棉圆领短袖T恤', options: { size: 'M' }, qty: 1, priceMinor: 6900 }],
  totalMinor: 6900,
  address: { name: '王芳', phone: '13800001111', region: '浙江省杭州市', detail: '西湖区文三路1号' },
  ...(status === 'shipped' ? { shipment: { carrier: '中通', trackingNo: 'ZT1', events: [{ at: '2026-11-21T02:00:00.000Z', text: '已揽收' }] } } : {}),
});

async function setUp(sops = [CARE, GIFT_FLOW]) {
  let now = Date.parse('2026-11-25T02:00:00.000Z');
  const h = await appHarness({ bundle: { ...tinyBundle(), sops } });
  const deps = { ...h.deps, clock: { now: () => new Date(now).toISOString() } };
  await deps.orders.seed('tiny', [{ id: 'c1', shopId: 'tiny', name: '王芳', phone: '13800001111', segment: 'regular', tags: [] }], [order('111', 'shipped'), order('222', 'paid'), order('333', 'shipped')]);
  const c = await startConversation(deps, { shopId: 'tiny', customerId: 'c1' });
  return { deps, c, advance: (minutes: number) => (now += minutes * 60_000) };
}

describe('a delivered order', () => {
  it('is marked delivered only when shipped, with a clear code otherwise', async () => {
    const { deps } = await setUp();
    const o = await markOrderDelivered(deps, 'tiny', '111');
    expect(o.status).toBe('delivered');
    expect(o.shipment?.events.at(-1)).toEqual({ at: '2026-11-25T02:00:00.000Z', text: '已签收' });
    expect((await deps.orders.getOrder('tiny', '111'))?.status).toBe('delivered');
    // Again: nothing changes.
    expect((await markOrderDelivered(deps, 'tiny', '111')).updatedAt).toBe(o.updatedAt);
    await expect(markOrderDelivered(deps, 'tiny', '222')).rejects.toMatchObject({ code: 'XIAOER_ORDER_NOT_SHIPPED' });
    await expect(markOrderDelivered(deps, 'tiny', '999')).rejects.toMatchObject({ code: 'XIAOER_ORDER_NOT_FOUND' });
    await expect(markOrderDelivered(deps, 'nope', '111')).rejects.toMatchObject({ code: 'XIAOER_SHOP_NOT_FOUND' });
  });

  it("starts the shop's order_delivered flow in the customer's latest conversation, once, and the conversation remembers the order", async () => {
    const { deps, c, advance } = await setUp();
    await handleInboundMessage(deps, { conversationId: c.id, text: '你好', clientMessageId: 'm1' });
    expect(await followUpDeliveredOrders(deps)).toEqual([]);
    advance(60);
    await markOrderDelivered(deps, 'tiny', '111');
    const sent = await followUpDeliveredOrders(deps);
    expect(sent.map((s) => [s.conversationId, s.replies.map((r) => r.text)])).toEqual([[c.id, ['王芳，订单 111（纯棉圆领短袖T恤（M） ×1）已签收。']]]);
    expect(sent[0]?.replies[0]?.trace?.flow).toMatchObject({ id: 'care', step: 'greet' });
    expect(await followUpDeliveredOrders(deps)).toEqual([]);
    const saved = await deps.store.conversations.get(c.id);
    expect(saved?.state.memory?.['order_id']).toBe('111');
    expect(saved?.state.flow).toBeUndefined();
    const events = await deps.store.outbox.list(c.id);
    expect(events.filter((e) => e.event.type === 'reply.sent' && e.event.source === 'order_delivered')).toHaveLength(1);
  });

  it('waits while the shopper is in the middle of a flow, and never writes after a handoff', async () => {
    const { deps, c, advance } = await setUp();
    await handleInboundMessage(deps, { conversationId: c.id, text: '想买个送礼的', clientMessageId: 'm1' });
    await markOrderDelivered(deps, 'tiny', '111');
    expect(await followUpDeliveredOrders(deps)).toEqual([]);
    advance(1);
    await handleInboundMessage(deps, { conversationId: c.id, text: '给妈妈', clientMessageId: 'm2' });
    expect((await followUpDeliveredOrders(deps)).flatMap((s) => s.replies.map((r) => r.text))).toEqual(['王芳，订单 111（纯棉圆领短袖T恤（M） ×1）已签收。']);

    const handedOff = await deps.store.conversations.get(c.id);
    if (!handedOff) throw new Error('conversation missing');
    await deps.store.conversations.saveState(c.id, { ...handedOff.state, handoff: { reason: 'explicit_request' } }, handedOff.version, deps.clock.now());
    await markOrderDelivered(deps, 'tiny', '333');
    expect(await followUpDeliveredOrders(deps)).toEqual([]);
    expect((await deps.store.messages.list(c.id, 100)).filter((m) => m.text.includes('333'))).toEqual([]);
  });

  it('drops a flow the shopper left unanswered for half an hour', async () => {
    const { deps, c, advance } = await setUp();
    await handleInboundMessage(deps, { conversationId: c.id, text: '想买个送礼的', clientMessageId: 'm1' });
    await markOrderDelivered(deps, 'tiny', '111');
    advance(29);
    expect(await followUpDeliveredOrders(deps)).toEqual([]);
    advance(2);
    expect((await followUpDeliveredOrders(deps)).flatMap((s) => s.replies.map((r) => r.trace?.flow?.id))).toEqual(['care']);
    expect((await deps.store.conversations.get(c.id))?.state.flow).toBeUndefined();
  });

  it('gets through a day with more deliveries than a page, a page of follow-ups per run', async () => {
    const { deps, c } = await setUp();
    await handleInboundMessage(deps, { conversationId: c.id, text: '你好', clientMessageId: 'm1' });
    const ids = ['401', '402', '403', '404', '405'];
    await deps.orders.seed('tiny', [{ id: 'c1', shopId: 'tiny', name: '王芳', phone: '13800001111', segment: 'regular', tags: [] }], ids.map((id) => order(id, 'shipped')));
    // Delivered in the same instant: the pages go on by shop and id.
    for (const id of ids) await markOrderDelivered(deps, 'tiny', id);
    const run = async () => (await followUpDeliveredOrders(deps, 2)).flatMap((s) => s.replies.map((r) => /订单 (\d+)/.exec(r.text)?.[1]));
    expect(await run()).toEqual(['401', '402']);
    expect(await run()).toEqual(['403', '404']);
    expect(await run()).toEqual(['405']);
    expect(await run()).toEqual([]);
  });

  it('is not followed up a day after delivery, or when the customer has no recent conversation', async () => {
    const { deps, c, advance } = await setUp();
    await handleInboundMessage(deps, { conversationId: c.id, text: '你好', clientMessageId: 'm1' });
    await markOrderDelivered(deps, 'tiny', '111');
    advance(25 * 60);
    expect(await followUpDeliveredOrders(deps)).toEqual([]);
    advance(31 * 24 * 60);
    await markOrderDelivered(deps, 'tiny', '333');
    expect(await followUpDeliveredOrders(deps)).toEqual([]);
  });

  it("stores the tags of the flow's tag step and announces them, as a shopper's turn would", async () => {
    const { deps, c, advance } = await setUp([TAGGING_CARE, GIFT_FLOW]);
    await handleInboundMessage(deps, { conversationId: c.id, text: '你好', clientMessageId: 'm1' });
    advance(60);
    await markOrderDelivered(deps, 'tiny', '111');
    expect((await followUpDeliveredOrders(deps)).flatMap((s) => s.replies.map((r) => r.text))).toEqual(['王芳，订单 111（纯棉圆领短袖T恤（M） ×1）已签收。']);
    const eventId = `${c.id}:order_delivered:111`;
    const held = await deps.store.customers.listTags('tiny', 'c1', deps.clock.now());
    expect(held.map((t) => [t.tag, t.rule, t.conversationId, t.messageId])).toEqual([['已签收客户', 'sop:care/mark', c.id, eventId]]);
    const tagged = (await deps.store.outbox.list(c.id)).map((e) => e.event).filter((e) => e.type === 'customer.tagged');
    expect(tagged).toEqual([{ type: 'customer.tagged', conversationId: c.id, customerId: 'c1', customerKey: 'c1', tags: ['已签收客户'], evidence: [{ tag: '已签收客户', rule: 'sop:care/mark', confidence: 1, messageId: eventId }] }]);
  });
});
