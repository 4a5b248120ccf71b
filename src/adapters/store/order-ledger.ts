// The order ledger and the conversation facts outcome analytics reads, over the same database as
// the store (SQLite or PostgreSQL, one Kysely code path).
import type { Kysely } from 'kysely';
import { emailKey, phoneKey, type OrderFact } from '../../core/analytics/order-facts.js';
import type { ConversationFacts, OrderLedger, OutcomeSource } from '../../app/ports.js';
import { toMessage } from './message-row.js';
import type { Database } from './schema.js';

/** Conversations read per query when collecting their messages (bounded IN lists). */
const CHUNK = 500;

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

/** Creates the outcome source over an open Kysely database. */
export function kyselyOutcomeSource(db: Kysely<Database>): OutcomeSource {
  return {
    async conversations(shopId, from, to) {
      const convs = await db.selectFrom('conversations').select(['id', 'customer_id', 'created_at']).where('shop_id', '=', shopId).where('created_at', '>=', from).where('created_at', '<', to).orderBy('created_at').orderBy('id').execute();
      const out: ConversationFacts[] = [];
      for (let i = 0; i < convs.length; i += CHUNK) {
        const part = convs.slice(i, i + CHUNK);
        const ids = part.map((c) => c.id);
        const messages = await db.selectFrom('messages').selectAll().where('conversation_id', 'in', ids).orderBy('conversation_id').orderBy('created_at').orderBy('id').execute();
        const handoffs = await db.selectFrom('outbox_events').select('conversation_id').distinct().where('conversation_id', 'in', ids).where('type', '=', 'handoff.requested').execute();
        const ratings = await db.selectFrom('conversation_ratings').select(['conversation_id', 'score']).where('conversation_id', 'in', ids).execute();
        const handedOff = new Set(handoffs.map((h) => h.conversation_id));
        const rating = new Map(ratings.map((r) => [r.conversation_id, Number(r.score)]));
        const byConversation = new Map<string, ConversationFacts['messages']>();
        for (const m of messages) {
          const list = byConversation.get(m.conversation_id);
          if (list) list.push(toMessage(m));
          else byConversation.set(m.conversation_id, [toMessage(m)]);
        }
        for (const c of part) {
          out.push({ id: c.id, customerId: c.customer_id, createdAt: c.created_at, messages: byConversation.get(c.id) ?? [], handoffRequested: handedOff.has(c.id), rating: rating.get(c.id) ?? null });
        }
      }
      return out;
    },
    async rate(shopId, conversationId, score, comment, now) {
      const r = await db
        .insertInto('conversation_ratings')
        .values({ conversation_id: conversationId, shop_id: shopId, score, comment, created_at: now })
        .onConflict((oc) => oc.column('conversation_id').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
  };
}
