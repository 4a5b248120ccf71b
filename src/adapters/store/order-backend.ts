// The built-in OrderBackend: customers, orders and coupons in our own database (SQLite or
// PostgreSQL, one Kysely code path), for shops without an ERP connection and for the demo.
import type { Kysely } from 'kysely';
import { emailKey, phoneKey } from '../../core/analytics/order-facts.js';
import type { Customer, Order } from '../../core/commerce/order.js';
import type { IssuedCoupon, OrderBackend } from '../../app/ports.js';
import type { Database } from './schema.js';

/** Creates the backend over an open Kysely database. */
export function kyselyOrderBackend(db: Kysely<Database>): OrderBackend {
  return {
    async getCustomer(shopId, customerId) {
      const r = await db.selectFrom('customers').select('body').where('shop_id', '=', shopId).where('id', '=', customerId).executeTakeFirst();
      return r ? (JSON.parse(r.body) as Customer) : undefined;
    },
    async getOrder(shopId, orderId) {
      const r = await db.selectFrom('orders').select('body').where('shop_id', '=', shopId).where('id', '=', orderId).executeTakeFirst();
      return r ? (JSON.parse(r.body) as Order) : undefined;
    },
    async listOrders(shopId, customerId) {
      const rows = await db.selectFrom('orders').select('body').where('shop_id', '=', shopId).where('customer_id', '=', customerId).orderBy('id').execute();
      return rows.map((r) => JSON.parse(r.body) as Order);
    },
    async listDeliveredSince(since, limit, after) {
      let q = db.selectFrom('orders').select('body').where('status', '=', 'delivered').where('updated_at', '>=', since);
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('updated_at', '>', after.updatedAt),
            eb.and([eb('updated_at', '=', after.updatedAt), eb.or([eb('shop_id', '>', after.shopId), eb.and([eb('shop_id', '=', after.shopId), eb('id', '>', after.id)])])]),
          ]),
        );
      }
      const rows = await q.orderBy('updated_at').orderBy('shop_id').orderBy('id').limit(limit).execute();
      return rows.map((r) => JSON.parse(r.body) as Order);
    },
    async replaceOrder(before, after) {
      // Compare-and-set on status and update time: a concurrent change makes this a no-op.
      const r = await db
        .updateTable('orders')
        .set({ status: after.status, updated_at: after.updatedAt, body: JSON.stringify(after) })
        .where('shop_id', '=', before.shopId)
        .where('id', '=', before.id)
        .where('status', '=', before.status)
        .where('updated_at', '=', before.updatedAt)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async issueCoupon(shopId, c) {
      const inserted = await db
        .insertInto('issued_coupons')
        .values({ shop_id: shopId, coupon_id: c.couponId, customer_key: c.customerKey, code: c.code, issued_at: c.issuedAt, expires_at: c.expiresAt })
        .onConflict((oc) => oc.columns(['shop_id', 'coupon_id', 'customer_key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return { coupon: c, alreadyHad: false };
      const r = await db.selectFrom('issued_coupons').selectAll().where('shop_id', '=', shopId).where('coupon_id', '=', c.couponId).where('customer_key', '=', c.customerKey).executeTakeFirstOrThrow();
      const had: IssuedCoupon = { code: r.code, couponId: r.coupon_id, customerKey: r.customer_key, issuedAt: r.issued_at, expiresAt: r.expires_at };
      return { coupon: had, alreadyHad: true };
    },
    async eraseCustomer(shopId, customerId) {
      const r = await db.selectFrom('customers').select('body').where('shop_id', '=', shopId).where('id', '=', customerId).executeTakeFirst();
      if (!r) return false;
      const { email: _erased, ...rest } = JSON.parse(r.body) as Customer;
      const erased: Customer = { ...rest, name: '', phone: '', tags: [] };
      await db.updateTable('customers').set({ body: JSON.stringify(erased), phone: null, email: null }).where('shop_id', '=', shopId).where('id', '=', customerId).execute();
      return true;
    },
    async recallWrite(key) {
      const r = await db.selectFrom('tool_writes').select('result').where('key', '=', key).executeTakeFirst();
      return r?.result;
    },
    async rememberWrite(key, result, now) {
      await db
        .insertInto('tool_writes')
        .values({ key, result, created_at: now })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    },
    async seed(shopId, customers, orders) {
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('orders').where('shop_id', '=', shopId).execute();
        await tx.deleteFrom('customers').where('shop_id', '=', shopId).execute();
        await tx.deleteFrom('issued_coupons').where('shop_id', '=', shopId).execute();
        for (const c of customers) await tx.insertInto('customers').values({ shop_id: shopId, id: c.id, body: JSON.stringify({ ...c, shopId }), phone: phoneKey(c.phone), email: emailKey(c.email) }).execute();
        for (const o of orders) {
          await tx
            .insertInto('orders')
            .values({ shop_id: shopId, id: o.id, customer_id: o.customerId, status: o.status, updated_at: o.updatedAt, body: JSON.stringify({ ...o, shopId }) })
            .execute();
        }
      });
    },
  };
}
