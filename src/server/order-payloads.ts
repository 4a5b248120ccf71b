// Order webhook payloads (validated by src/contracts/order-webhooks.ts) as order ledger updates.
import type { OrderUpdate } from '../core/analytics/order-facts.js';
import type { OrderWebhookBody, ShopifyOrder, ShopifyRefund } from '../contracts/order-webhooks.js';

/** Statuses of a Shopify order that say it was paid (also when refunded since). */
const PAID = new Set(['paid', 'partially_refunded', 'refunded']);

type Lines = (lines: { sku?: string | null; productId?: string | null }[]) => string[];

/** A Shopify orders/* delivery. orders/paid carries no payment time: the order's updated_at is when it changed to paid. */
export function shopifyOrderUpdate(topic: string, o: ShopifyOrder, products: Lines): OrderUpdate {
  const paidAt = topic === 'orders/paid' ? (o.updated_at ?? o.processed_at ?? o.created_at) : PAID.has(o.financial_status ?? '') ? (o.processed_at ?? o.created_at) : undefined;
  const buyer = { id: o.customer?.id ?? undefined, phone: o.customer?.phone ?? o.phone, email: o.customer?.email ?? o.email };
  return {
    id: o.id,
    buyer: Object.fromEntries(Object.entries(buyer).filter(([, v]) => v)),
    totalMinor: o.total_price,
    ...(o.currency ? { currency: o.currency } : {}),
    placedAt: o.processed_at ?? o.created_at,
    ...(paidAt ? { paidAt } : {}),
    ...(o.cancelled_at ? { cancelledAt: o.cancelled_at } : topic === 'orders/cancelled' ? { cancelledAt: o.updated_at ?? o.created_at } : {}),
    products: products(o.line_items.map((l) => ({ sku: l.sku, productId: l.product_id }))),
  };
}

/** A Shopify refunds/create delivery: the money its successful refund transactions returned. */
export function shopifyRefundUpdate(r: ShopifyRefund): OrderUpdate {
  const amountMinor = r.transactions.filter((t) => (t.kind ?? 'refund') === 'refund' && (t.status ?? 'success') === 'success').reduce((s, t) => s + t.amount, 0);
  return { id: r.order_id, refunds: [{ id: r.id, amountMinor, at: r.created_at }] };
}

/** A delivery of Xiaoer's own order webhook. */
export function orderWebhookUpdate(b: OrderWebhookBody, products: Lines): OrderUpdate {
  return {
    id: b.order_id,
    ...(b.customer ? { buyer: b.customer } : {}),
    ...(b.total !== undefined ? { totalMinor: b.total } : {}),
    ...(b.currency ? { currency: b.currency } : {}),
    ...(b.placed_at ? { placedAt: b.placed_at } : {}),
    ...(b.paid_at ? { paidAt: b.paid_at } : {}),
    ...(b.cancelled_at ? { cancelledAt: b.cancelled_at } : {}),
    ...(b.items ? { products: products(b.items.map((i) => ({ sku: i.sku, productId: i.product_id }))) } : {}),
    ...(b.refund ? { refunds: [{ id: b.refund.id, amountMinor: b.refund.amount, at: b.refund.at }] } : {}),
  };
}
