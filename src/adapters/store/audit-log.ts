// The console's audit log over the store's database: who changed what, when; append-only.
import type { Kysely } from 'kysely';
import type { AuditRepository } from '../../app/ports.js';
import type { Database } from './schema.js';

/** Creates the audit repository over an open Kysely database (or a transaction of it). */
export function kyselyAuditLog(db: Kysely<Database>, read: Kysely<Database> = db): AuditRepository {
  return {
    async append(r) {
      await db.insertInto('audit_log').values({ shop_id: r.shopId, at: r.at, staff: r.staff, action: r.action, target: r.target, summary: r.summary }).execute();
    },
    async list(shopId, offset, limit, action) {
      let q = read.selectFrom('audit_log').where('shop_id', '=', shopId);
      if (action !== undefined) q = q.where('action', '=', action);
      const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
      const rows = await q.selectAll().orderBy('id', 'desc').offset(offset).limit(limit).execute();
      return { total, entries: rows.map((r) => ({ id: Number(r.id), shopId: r.shop_id, at: r.at, staff: r.staff, action: r.action, target: r.target, summary: r.summary })) };
    },
  };
}
