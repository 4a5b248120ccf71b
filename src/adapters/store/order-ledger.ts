// The order ledger over the same database as the store (SQLite or PostgreSQL, one Kysely code path).
import type { Kysely } from 'kysely';
import { emailKey, phoneKey, type OrderFact } from '../../core/analytics/order-facts.js';
import type { OrderLedger } from '../../app/ports.js';
import type { Database } from './schema.js';

/** Creates the ledger over an open Kysely database. */
export function kyselyOrderLedger(db: Kysely<Database>): OrderLedger {
  return {
    async apply(shopId, receipt, orderId, change, now) {
      return db.transaction().execute(async (tx) => {
        const fresh = await tx
          .insertInto('webhook_receipts')
          .values({ shop_id: shopId, source: receipt.source, delivery_id: receipt.deliveryId, received_at: now })
          .onConflict((oc) => oc.columns(['shop_id', 'source', 'delivery_id']).doNothing())
          .executeTakeFirst();
        if (Number(fresh.numInsertedOrUpdatedRows ?? 0n) === 0) return 'duplicate' as const;
        // Touching the row first locks it on PostgreSQL, so two deliveries of one order (paid and a
        // refund at once) merge one after the other instead of one overwriting the other.
        await tx.updateTable('order_ledger').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('shop_id', '=', shopId).where('id', '=', orderId).execute();
        const row = await tx.selectFrom('order_ledger').select('body').where('shop_id', '=', shopId).where('id', '=', orderId).executeTakeFirst();
        const order = change(row ? (JSON.parse(row.body) as OrderFact) : undefined);
        const values = { customer_id: order.customerId, paid_at: order.paidAt, updated_at: order.updatedAt, body: JSON.stringify(order) };
        if (row) await tx.updateTable('order_ledger').set(values).where('shop_id', '=', shopId).where('id', '=', orderId).execute();
        else await tx.insertInto('order_ledger').values({ shop_id: shopId, id: orderId, ...values }).execute();
        return 'applied' as const;
      });
    },
    async get(shopId, orderId) {
      const r = await db.selectFrom('order_ledger').select('body').where('shop_id', '=', shopId).where('id', '=', orderId).executeTakeFirst();
      return r ? (JSON.parse(r.body) as OrderFact) : undefined;
    },
    async matchCustomer(shopId, buyer) {
      const by = async (column: 'id' | 'phone' | 'email', value: string | null | undefined) => {
        if (!value) return null;
        const r = await db.selectFrom('customers').select('id').where('shop_id', '=', shopId).where(column, '=', value).orderBy('id').limit(1).executeTakeFirst();
        return r?.id ?? null;
      };
      return (await by('id', buyer.id)) ?? (await by('phone', phoneKey(buyer.phone))) ?? by('email', emailKey(buyer.email));
    },
    async listPaid(shopId, from, to) {
      const rows = await db.selectFrom('order_ledger').select('body').where('shop_id', '=', shopId).where('paid_at', '>=', from).where('paid_at', '<', to).orderBy('paid_at').orderBy('id').execute();
      return rows.map((r) => JSON.parse(r.body) as OrderFact);
    },
  };
}
