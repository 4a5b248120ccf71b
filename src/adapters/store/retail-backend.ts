// The tau2-bench retail backend on our own database (SQLite or PostgreSQL, one Kysely code path):
// users, orders and products as JSON rows with a version each, written with compare-and-set.
import type { Kysely } from 'kysely';
import type { RetailBackend, RetailRead, Versioned } from '../../app/ports.js';
import type { RetailDb, RetailOrder, RetailProduct, RetailUser } from '../../core/retail/types.js';
import type { Database } from './schema.js';

/** Rows per insert statement when loading (PostgreSQL allows 65,535 parameters per statement). */
const LOAD_CHUNK = 500;

/** Creates the backend over an open Kysely database. */
export function kyselyRetailBackend(db: Kysely<Database>): RetailBackend {
  // Products never change through the tools: cache them per shop until the next load.
  const productCache = new Map<string, RetailProduct[]>();

  const rows = async (shopId: string, kind: 'user' | 'order', ids: readonly string[]) =>
    ids.length === 0 ? [] : db.selectFrom('retail_records').select(['id', 'version', 'body']).where('shop_id', '=', shopId).where('kind', '=', kind).where('id', 'in', [...ids]).execute();

  return {
    async load(shopId, data) {
      const all = [
        ...Object.values(data.users).map((u) => ({ kind: 'user' as const, id: u.user_id, body: u })),
        ...Object.values(data.orders).map((o) => ({ kind: 'order' as const, id: o.order_id, body: o })),
        ...Object.values(data.products).map((p) => ({ kind: 'product' as const, id: p.product_id, body: p })),
      ];
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('retail_records').where('shop_id', '=', shopId).execute();
        for (let i = 0; i < all.length; i += LOAD_CHUNK) {
          await tx
            .insertInto('retail_records')
            .values(all.slice(i, i + LOAD_CHUNK).map((r) => ({ shop_id: shopId, kind: r.kind, id: r.id, version: 1, body: JSON.stringify(r.body) })))
            .execute();
        }
      });
      productCache.delete(shopId);
    },

    async read(shopId, want) {
      const orders = new Map<string, Versioned<RetailOrder>>();
      for (const r of await rows(shopId, 'order', want.orders ?? [])) orders.set(r.id, { record: JSON.parse(r.body) as RetailOrder, version: r.version });
      const userIds = new Set([...(want.users ?? []), ...[...orders.values()].map((o) => o.record.user_id)]);
      const userRows = want.allUsers
        ? await db.selectFrom('retail_records').select(['id', 'version', 'body']).where('shop_id', '=', shopId).where('kind', '=', 'user').execute()
        : await rows(shopId, 'user', [...userIds]);
      const users = new Map<string, Versioned<RetailUser>>();
      for (const r of userRows) users.set(r.id, { record: JSON.parse(r.body) as RetailUser, version: r.version });
      let products = productCache.get(shopId);
      if (!products) {
        const p = await db.selectFrom('retail_records').select('body').where('shop_id', '=', shopId).where('kind', '=', 'product').orderBy('id').execute();
        products = p.map((r) => JSON.parse(r.body) as RetailProduct);
        productCache.set(shopId, products);
      }
      return { users, orders, products };
    },

    async write(shopId, read: RetailRead, writes) {
      const changes = [
        ...writes.orders.map((o) => ({ kind: 'order' as const, id: o.order_id, body: o, version: read.orders.get(o.order_id)?.version })),
        ...writes.users.map((u) => ({ kind: 'user' as const, id: u.user_id, body: u, version: read.users.get(u.user_id)?.version })),
      ];
      try {
        await db.transaction().execute(async (tx) => {
          for (const c of changes) {
            if (c.version === undefined) throw new Conflict();
            const r = await tx
              .updateTable('retail_records')
              .set({ version: c.version + 1, body: JSON.stringify(c.body) })
              .where('shop_id', '=', shopId)
              .where('kind', '=', c.kind)
              .where('id', '=', c.id)
              .where('version', '=', c.version)
              .executeTakeFirst();
            if (Number(r.numUpdatedRows) !== 1) throw new Conflict();
          }
        });
        return true;
      } catch (e) {
        if (e instanceof Conflict) return false;
        throw e;
      }
    },

    async dump(shopId) {
      const all = await db.selectFrom('retail_records').select(['kind', 'id', 'body']).where('shop_id', '=', shopId).orderBy('kind').orderBy('id').execute();
      const out: RetailDb = { users: {}, orders: {}, products: {} };
      for (const r of all) {
        if (r.kind === 'user') out.users[r.id] = JSON.parse(r.body) as RetailUser;
        else if (r.kind === 'order') out.orders[r.id] = JSON.parse(r.body) as RetailOrder;
        else out.products[r.id] = JSON.parse(r.body) as RetailProduct;
      }
      return out;
    },
  };
}

/** A record changed since it was read: the write is abandoned as a whole. */
class Conflict extends Error {}
