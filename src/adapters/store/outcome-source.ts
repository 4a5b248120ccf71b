// The outcome ledger (one folded episode per conversation) and the conversation facts it is folded
// from, over the same database as the store (SQLite or PostgreSQL, one Kysely code path).
import type { Kysely } from 'kysely';
import type { Episode } from '../../core/analytics/episode.js';
import type { ConversationFacts, LedgerEntry, OutcomeSource } from '../../app/ports.js';
import { toMessage } from './message-row.js';
import type { Database } from './schema.js';

/** Conversations per query (bounded IN lists). */
const CHUNK = 500;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/** Creates the outcome source over an open Kysely database. */
export function kyselyOutcomeSource(db: Kysely<Database>): OutcomeSource {
  return {
    async entries(shopId, from, to) {
      const convs = await db.selectFrom('conversations').select(['id', 'updated_at']).where('shop_id', '=', shopId).where('created_at', '>=', from).where('created_at', '<', to).orderBy('created_at').orderBy('id').execute();
      const out: LedgerEntry[] = [];
      for (const part of chunks(convs)) {
        const ids = part.map((c) => c.id);
        const rows = await db.selectFrom('outcome_episodes').select(['conversation_id', 'conversation_updated_at', 'body']).where('conversation_id', 'in', ids).execute();
        const ratings = await db.selectFrom('conversation_ratings').select(['conversation_id', 'score']).where('conversation_id', 'in', ids).execute();
        const stored = new Map(rows.map((r) => [r.conversation_id, { episode: JSON.parse(r.body) as Episode, foldedAt: r.conversation_updated_at }]));
        const rating = new Map(ratings.map((r) => [r.conversation_id, Number(r.score)]));
        for (const c of part) {
          const s = stored.get(c.id);
          out.push({ id: c.id, updatedAt: c.updated_at, ...(s ? { stored: s } : {}), rating: rating.get(c.id) ?? null });
        }
      }
      return out;
    },
    async facts(conversationIds) {
      const out: ConversationFacts[] = [];
      for (const ids of chunks(conversationIds)) {
        if (ids.length === 0) continue;
        const convs = await db.selectFrom('conversations').select(['id', 'shop_id', 'customer_id', 'created_at', 'updated_at']).where('id', 'in', ids).execute();
        const messages = await db.selectFrom('messages').selectAll().where('conversation_id', 'in', ids).orderBy('conversation_id').orderBy('created_at').orderBy('id').execute();
        const handoffs = await db.selectFrom('outbox_events').select(['conversation_id', 'payload']).where('conversation_id', 'in', ids).where('type', '=', 'handoff.requested').orderBy('created_at').orderBy('id').execute();
        const ratings = await db.selectFrom('conversation_ratings').select(['conversation_id', 'score']).where('conversation_id', 'in', ids).execute();
        const reasons = new Map<string, string[]>();
        for (const h of handoffs) {
          const reason = (JSON.parse(h.payload) as { reason?: unknown }).reason;
          const id = h.conversation_id ?? '';
          reasons.set(id, [...(reasons.get(id) ?? []), typeof reason === 'string' ? reason : 'unknown']);
        }
        const rating = new Map(ratings.map((r) => [r.conversation_id, Number(r.score)]));
        const byConversation = new Map<string, ConversationFacts['messages']>();
        for (const m of messages) {
          const list = byConversation.get(m.conversation_id);
          if (list) list.push(toMessage(m));
          else byConversation.set(m.conversation_id, [toMessage(m)]);
        }
        for (const c of convs) {
          out.push({ id: c.id, shopId: c.shop_id, customerId: c.customer_id, createdAt: c.created_at, updatedAt: c.updated_at, messages: byConversation.get(c.id) ?? [], handoffReasons: reasons.get(c.id) ?? [], rating: rating.get(c.id) ?? null });
        }
      }
      return out;
    },
    async saveEpisodes(rows) {
      for (const r of rows) {
        const values = { shop_id: r.shopId, started_at: r.episode.startedAt, conversation_updated_at: r.foldedAt, body: JSON.stringify(r.episode) };
        await db
          .insertInto('outcome_episodes')
          .values({ conversation_id: r.episode.conversationId, ...values })
          .onConflict((oc) => oc.column('conversation_id').doUpdateSet(values))
          .execute();
      }
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
