// zod schema of the tau2-bench retail database (db.json), which a `backend: tau2-retail` shop
// loads at import. Checked like every other input before it becomes domain data.
import { z } from 'zod';
import type { RetailDb } from '../../core/retail/types.js';

const id = z.string().min(1).max(64);
const money = z.number().nonnegative().max(10_000_000);
const address = z.strictObject({ address1: z.string().max(200), address2: z.string().max(200), city: z.string().max(100), state: z.string().max(50), country: z.string().max(50), zip: z.string().max(20) });
const options = z.record(z.string().min(1).max(64), z.string().max(100));

const paymentMethod = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('credit_card'), id, brand: z.string().max(32), last_four: z.string().regex(/^\d{4}$/) }),
  z.strictObject({ source: z.literal('paypal'), id }),
  z.strictObject({ source: z.literal('gift_card'), id, balance: money }),
]);

const user = z.strictObject({
  user_id: id,
  name: z.strictObject({ first_name: z.string().min(1).max(64), last_name: z.string().min(1).max(64) }),
  address,
  email: z.string().min(3).max(200),
  payment_methods: z.record(id, paymentMethod),
  orders: z.array(id).max(10_000),
});

const order = z.strictObject({
  order_id: id,
  user_id: id,
  address,
  items: z.array(z.strictObject({ name: z.string().min(1).max(100), product_id: id, item_id: id, price: money, options })).max(1_000),
  status: z.string().min(1).max(32),
  fulfillments: z.array(z.strictObject({ tracking_id: z.array(z.string().max(64)), item_ids: z.array(id) })),
  payment_history: z.array(z.strictObject({ transaction_type: z.enum(['payment', 'refund']), amount: money, payment_method_id: id })),
  cancel_reason: z.string().max(100).optional(),
  return_items: z.array(id).optional(),
  return_payment_method_id: id.optional(),
  exchange_items: z.array(id).optional(),
  exchange_new_items: z.array(id).optional(),
  exchange_payment_method_id: id.optional(),
  exchange_price_difference: z.number().optional(),
});

const product = z.strictObject({
  name: z.string().min(1).max(100),
  product_id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and "-"'),
  variants: z.record(id, z.strictObject({ item_id: id, options, available: z.boolean(), price: money })),
});

/** db.json as the benchmark ships it. */
export const retailDbSchema: z.ZodType<RetailDb> = z.strictObject({
  users: z.record(id, user),
  orders: z.record(id, order),
  products: z.record(id, product),
});
