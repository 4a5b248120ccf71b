// Order webhook payloads: Shopify's order and refund webhooks (only the fields outcomes use; the
// rest of Shopify's payload is ignored) and Xiaoer's own signed order webhook (docs/orders.md).
import { z } from 'zod';

const time = z.string().max(40).refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), 'expected an ISO-8601 time');
const externalId = z.union([z.string().min(1).max(100), z.number().int().nonnegative()]).transform(String);
/** An amount in yuan as text ("199.00") or a number, at most two decimals. */
export const amount = z
  .union([z.string().max(20), z.number()])
  .transform((v, ctx) => {
    const s = typeof v === 'number' ? String(v) : v.trim();
    if (!/^\d{1,10}(\.\d{1,2})?$/.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'expected an amount such as 199.00' });
      return z.NEVER;
    }
    return Math.round(Number(s) * 100);
  });
const contact = z.string().max(320).nullish().transform((v) => v ?? undefined);

/** The shopper of a Shopify order. */
const shopifyCustomer = z.object({ id: externalId.nullish(), email: contact, phone: contact }).nullish();

/** A line of a Shopify order. */
const shopifyLine = z.object({ product_id: externalId.nullish(), sku: z.string().max(100).nullish() });

/** orders/create, orders/paid, orders/cancelled (the order as it is now). */
export const shopifyOrder = z.object({
  id: externalId,
  created_at: time,
  processed_at: time.nullish(),
  updated_at: time.nullish(),
  cancelled_at: time.nullish(),
  financial_status: z.string().max(40).nullish(),
  total_price: amount,
  currency: z.string().max(10).nullish(),
  email: contact,
  phone: contact,
  customer: shopifyCustomer,
  line_items: z.array(shopifyLine).max(1000).default([]),
});
export type ShopifyOrder = z.infer<typeof shopifyOrder>;

/** refunds/create: the refund, with its order's id; the amount is what its successful refund transactions returned. */
export const shopifyRefund = z.object({
  id: externalId,
  order_id: externalId,
  created_at: time,
  transactions: z.array(z.object({ kind: z.string().max(40).nullish(), status: z.string().max(40).nullish(), amount })).max(100).default([]),
});
export type ShopifyRefund = z.infer<typeof shopifyRefund>;

/** The topics the Shopify webhook takes. */
export const SHOPIFY_TOPICS = ['orders/create', 'orders/paid', 'orders/cancelled', 'refunds/create'] as const;

/** Xiaoer's own order webhook: what is known of an order now; fields left out say nothing. */
export const orderWebhookBody = z.strictObject({
  order_id: z.string().min(1).max(100).regex(/^[\w.:#-]+$/, 'use letters, digits, "_", ".", ":", "#" and "-"'),
  customer: z.strictObject({ id: z.string().min(1).max(64).optional(), phone: z.string().max(40).optional(), email: z.string().max(320).optional() }).optional(),
  total: amount.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY').optional(),
  placed_at: time.optional(),
  paid_at: time.optional(),
  cancelled_at: time.optional(),
  items: z.array(z.strictObject({ sku: z.string().min(1).max(100).optional(), product_id: z.string().min(1).max(100).optional() })).max(1000).optional(),
  refund: z.strictObject({ id: z.string().min(1).max(100), amount, at: time }).optional(),
});
export type OrderWebhookBody = z.infer<typeof orderWebhookBody>;

/** What an accepted delivery returns. */
export const webhookResponse = z.object({ ok: z.literal(true), duplicate: z.boolean().describe('true when this delivery id was applied before: nothing changed') });
