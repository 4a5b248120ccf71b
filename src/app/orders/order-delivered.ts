// Delivered orders: an order is marked delivered (by an operator or the shop's order system), and
// its customer's latest conversation then gets the shop's order_delivered flow (care tips, a size
// check, a review request). The follow-up is raised by a sweep over recently delivered orders, so a
// crash between the two loses nothing, and each delivery is followed up once: the follow-up's
// messages answer the delivery (reply_to), and an order whose follow-up was settled is remembered.
import { ABANDONED_FLOW_MINUTES, decideEvent } from '../../core/conversation/flow-turn.js';
import { markDelivered, type Order } from '../../core/commerce/order.js';
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { MessageRecord } from '../ports.js';
import type { KeyedLock } from '../conversations/keyed-lock.js';
import { recordTurn, type TurnRun } from '../conversations/record-turn.js';
import { proactiveTurn } from '../conversations/proactive-turn.js';
import { turnContext } from '../conversations/turn-context.js';
import { commerceOf } from '../commerce/commerce-drivers.js';
import type { FollowUp } from '../conversations/follow-up-silence.js';

/** Deliveries older than this are not followed up any more (the shopper has moved on). */
const MAX_DELIVERY_AGE_MS = 24 * 3_600_000;
/** A customer whose last conversation is older than this is not written to out of the blue. */
const MAX_CONVERSATION_AGE_MS = 30 * 24 * 3_600_000;
/** Orders read per page, and deliveries followed up per run at most. */
const BATCH = 500;

const DELIVERED_TEXT: Record<string, string> = { 'zh-CN': '已签收', en: 'Delivered' };

/** Marks a shipped order delivered; an order already delivered is returned as it is. */
export async function markOrderDelivered(deps: Pick<AppDeps, 'orders' | 'store' | 'clock'>, shopId: string, orderId: string): Promise<Order> {
  const shop = await deps.store.shops.get(shopId);
  if (!shop) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `no shop ${shopId}`);
  const order = await deps.orders.getOrder(shopId, orderId);
  if (!order) throw new XiaoerError('XIAOER_ORDER_NOT_FOUND', `shop ${shopId} has no order ${orderId}`);
  if (order.status === 'delivered') return order;
  const r = markDelivered(order, deps.clock.now(), DELIVERED_TEXT[shop.language] ?? DELIVERED_TEXT['zh-CN'] ?? '');
  if (!r.ok) throw new XiaoerError('XIAOER_ORDER_NOT_SHIPPED', `order ${orderId} is ${order.status}: only a shipped order can be delivered`);
  if (!(await deps.orders.replaceOrder(order, r.order))) throw new XiaoerError('XIAOER_CONCURRENT_UPDATE', `order ${orderId} changed meanwhile; try again`);
  return r.order;
}

/** What became of one delivery's follow-up. */
type Outcome = { kind: 'sent'; replies: MessageRecord[] } | { kind: 'done'; why: string } | { kind: 'later' };

/**
 * Follows up every recently delivered order once; returns what was sent, by conversation. Pages
 * through the day's deliveries past those already followed up (a busy day has more than a page of
 * them), and follows up at most `batch` per run; the next run goes on where this one stopped.
 */
export async function followUpDeliveredOrders(deps: AppDeps & { lock: KeyedLock }, batch = BATCH): Promise<FollowUp[]> {
  if (!(batch >= 1)) throw new RangeError('batch must be at least 1'); // a page of 0 would never end
  const nowMs = Date.parse(deps.clock.now());
  const since = new Date(nowMs - MAX_DELIVERY_AGE_MS).toISOString();
  const sent: FollowUp[] = [];
  let tried = 0;
  let after: Order | undefined;
  for (;;) {
    const page = await deps.orders.listDeliveredSince(since, batch, after);
    for (const order of page) {
      const key = `order_delivered:${order.shopId}:${order.id}`;
      if (await deps.orders.recallWrite(key)) continue;
      if (tried++ >= batch) return sent;
      const outcome = await followUpOne(deps, order, nowMs);
      if (outcome.kind === 'later') continue; // the shopper is in a flow: try again on the next sweep
      if (outcome.kind === 'sent') sent.push({ shopId: order.shopId, conversationId: outcome.replies[0]?.conversationId ?? '', replies: outcome.replies });
      await deps.orders.rememberWrite(key, outcome.kind === 'sent' ? 'sent' : outcome.why, deps.clock.now());
    }
    if (page.length < batch) return sent;
    after = page[page.length - 1];
  }
}

async function followUpOne(deps: AppDeps & { lock: KeyedLock }, order: Order, nowMs: number): Promise<Outcome> {
  const latest = (await deps.store.conversations.listOfCustomer(order.shopId, order.customerId)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  if (!latest || nowMs - Date.parse(latest.updatedAt) > MAX_CONVERSATION_AGE_MS) return { kind: 'done', why: 'no_recent_conversation' };
  return recordTurn(deps, latest.id, async (conversation): Promise<TurnRun<Outcome>> => {
    if (!conversation) return { done: { kind: 'done', why: 'no_recent_conversation' } };
    const eventId = `${conversation.id}:order_delivered:${order.id}`;
    if ((await deps.store.messages.listReplies(eventId)).length > 0) return { done: { kind: 'done', why: 'sent' } };
    const idleMinutes = (nowMs - Date.parse(conversation.updatedAt)) / 60_000;
    if (conversation.state.handoff) return { done: { kind: 'done', why: 'handed_off' } };
    if (conversation.state.flow && idleMinutes < ABANDONED_FLOW_MINUTES) return { done: { kind: 'later' } };
    const kb = await deps.knowledge.get(conversation.releaseId);
    const ctx = await turnContext(deps, commerceOf(deps.commerce, kb.release.bundle.shop), conversation.shopId, conversation.customerId, conversation.state.authenticated);
    const first = decideEvent(conversation.state, 'order_delivered', { order_id: order.id }, idleMinutes, kb, ctx);
    if (!first) return { done: { kind: 'done', why: 'no_flow' } };
    const save = await proactiveTurn(deps, conversation, kb, first, ctx, { id: eventId, source: 'order_delivered', replyTo: eventId });
    return { save, result: { kind: 'sent', replies: save.messages } };
  });
}
