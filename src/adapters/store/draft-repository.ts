// A shop's draft over the same database as the store (SQLite or PostgreSQL, one Kysely code path):
// one row per item, so a flagship shop's draft is listed, searched and paged in SQL and assembled
// into a bundle's JSON text from the rows, never parsed whole on the serving thread.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { type DraftItem, type DraftKind, type DraftRepository, type DraftWrite, type DraftWriteResult, type ItemHash } from '../../app/ports.js';
import type { Database, DraftItemsTable } from './schema.js';
import { turn } from './large-bodies.js';

type Db = Kysely<Database>;

/** Rows inserted per statement (well under both databases' parameter limits). */
const ROWS_PER_INSERT = 400;

const hashOf = (body: string) => createHash('sha256').update(body).digest('hex');
const tagsColumn = (tags: readonly string[]) => (tags.length ? `|${tags.join('|')}|` : '');
/** A LIKE pattern matching `text` anywhere, its wildcards escaped (ESCAPE '\'). */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function itemOf(r: DraftItemsTable): DraftItem {
  return {
    kind: r.kind as DraftKind,
    id: r.id,
    body: r.body,
    label: r.label,
    search: r.search,
    tags: r.tags ? r.tags.slice(1, -1).split('|') : [],
    hash: r.hash,
    version: Number(r.version),
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

function rowOf(shopId: string, w: DraftWrite, position: number, version: number, now: string, by: string | null): DraftItemsTable {
  return { shop_id: shopId, kind: w.kind, id: w.id, position, body: w.body, hash: hashOf(w.content ?? w.body), label: w.label, search: w.search.toLowerCase(), tags: tagsColumn(w.tags), version, updated_at: now, updated_by: by };
}

/** Hashes read per query (short rows). */
const HASHES_PER_READ = 5000;
/** Rows read per query while assembling a big kind (products, FAQ), a turn of the loop between queries. */
const ROWS_PER_READ = 1000;

/**
 * The bundle's JSON text from the rows in order: shop.yaml's settings, products, FAQ, intents and
 * entities, flows, tags, with the keys in the order a bundle read from files has them (the
 * release id hashes the text, so a draft equal to the files compiles to the same release). The big
 * kinds are read a page at a time, as bytes, with a turn of the loop between pages: a flagship
 * shop's 40 MB of rows read and joined at once held the loop for over 100 ms.
 */
async function assembleDraftJson(read: Db, shopId: string): Promise<Buffer> {
  const pieces: Buffer[] = [];
  const put = (text: string) => pieces.push(Buffer.from(text, 'utf8'));
  const one = async (kind: DraftKind) => (await read.selectFrom('draft_items').select('body').where('shop_id', '=', shopId).where('kind', '=', kind).executeTakeFirst())?.body;
  const all = async (kind: DraftKind) => (await read.selectFrom('draft_items').select('body').where('shop_id', '=', shopId).where('kind', '=', kind).orderBy('position').orderBy('id').execute()).map((r) => r.body);
  const paged = async (kind: DraftKind) => {
    let after: { position: number; id: string } | undefined;
    let first = true;
    for (;;) {
      let q = read.selectFrom('draft_items').select(['body', 'position', 'id']).where('shop_id', '=', shopId).where('kind', '=', kind);
      if (after) {
        const a = after;
        q = q.where((eb) => eb.or([eb('position', '>', a.position), eb.and([eb('position', '=', a.position), eb('id', '>', a.id)])]));
      }
      const rows = await q.orderBy('position').orderBy('id').limit(ROWS_PER_READ).execute();
      if (rows.length === 0) return;
      put((first ? '' : ',') + rows.map((r) => r.body).join(','));
      first = false;
      const last = rows[rows.length - 1];
      if (!last) return;
      after = { position: Number(last.position), id: last.id };
      await turn();
    }
  };
  const settingsRow = await one('settings');
  if (settingsRow === undefined) throw new Error('the draft has no settings');
  // The settings row is {settings, yaml} (shop.yaml's text kept for the editor): small, parsed here.
  put(`{"shop":${JSON.stringify((JSON.parse(settingsRow) as { settings: unknown }).settings)},"products":[`);
  await paged('product');
  put('],"faq":[');
  await paged('faq');
  put(']');
  // The intents row is {"intents":[…],"entities":[…]}: its members go to the top level.
  const intents = await one('intents');
  if (intents !== undefined && intents.length > 2) put(`,${intents.slice(1, -1)}`);
  // Flow rows are {flow, yaml}; the bundle holds the flows (few and small: parsed here).
  const flows = (await all('flow')).map((b) => JSON.stringify((JSON.parse(b) as { flow: unknown }).flow));
  if (flows.length) put(`,"sops":[${flows.join(',')}]`);
  const tags = await one('tags');
  if (tags !== undefined) put(`,"tags":${JSON.stringify((JSON.parse(tags) as { tags: unknown }).tags)}`);
  put('}');
  return Buffer.concat(pieces);
}

/** Creates the draft repository over an open Kysely database (or a transaction of it). */
export function kyselyDraftRepository(db: Db, read: Db = db): DraftRepository {
  const inTransaction = <T>(fn: (tx: Db) => Promise<T>): Promise<T> => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
  const insertRows = async (tx: Db, rows: DraftItemsTable[]) => {
    for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
      await tx.insertInto('draft_items').values(rows.slice(at, at + ROWS_PER_INSERT)).execute();
      if (rows.length > ROWS_PER_INSERT) await turn();
    }
  };
  return {
    async exists(shopId) {
      return (await read.selectFrom('draft_items').select('id').where('shop_id', '=', shopId).limit(1).executeTakeFirst()) !== undefined;
    },
    async replace(shopId, items, now, by) {
      await inTransaction(async (tx) => {
        // An item that comes back unchanged keeps its version; a changed one moves on from its old
        // version, so an editor holding the old one gets a conflict rather than overwriting the import.
        const old = new Map((await tx.selectFrom('draft_items').select(['kind', 'id', 'version', 'hash']).where('shop_id', '=', shopId).execute()).map((r) => [`${r.kind}\u0000${r.id}`, r]));
        await tx.deleteFrom('draft_items').where('shop_id', '=', shopId).execute();
        // Rows are made (hashed) a statement's worth at a time, a turn of the loop between: 60,000 at once held it.
        for (let at = 0; at < items.length; at += ROWS_PER_INSERT) {
          const rows = items.slice(at, at + ROWS_PER_INSERT).map((w, k) => {
            const prev = old.get(`${w.kind}\u0000${w.id}`);
            const row = rowOf(shopId, w, at + k, 1, now, by);
            if (prev) row.version = prev.hash === row.hash ? Number(prev.version) : Number(prev.version) + 1;
            return row;
          });
          await tx.insertInto('draft_items').values(rows).execute();
          if (items.length > ROWS_PER_INSERT) await turn();
        }
      });
    },
    async get(shopId, kind, id) {
      const r = await read.selectFrom('draft_items').selectAll().where('shop_id', '=', shopId).where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
      return r && itemOf(r);
    },
    async list(shopId, kind, query) {
      let q = read.selectFrom('draft_items').where('shop_id', '=', shopId).where('kind', '=', kind);
      const text = query.q?.trim().toLowerCase();
      if (text) q = q.where(sql<boolean>`search like ${containing(text)} escape '\\'`);
      if (query.tag) q = q.where(sql<boolean>`tags like ${containing(`|${query.tag}|`)} escape '\\'`);
      const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
      const rows = await q.selectAll().orderBy('position').orderBy('id').offset(query.offset).limit(query.limit).execute();
      return { total, items: rows.map(itemOf) };
    },
    async tags(shopId, kind) {
      const rows = await read.selectFrom('draft_items').select('tags').where('shop_id', '=', shopId).where('kind', '=', kind).where('tags', '<>', '').execute();
      const all = new Set(rows.flatMap((r) => r.tags.slice(1, -1).split('|')));
      return [...all].sort();
    },
    async put(shopId, writes, now, by) {
      return inTransaction(async (tx) => {
        const results: DraftWriteResult[] = [];
        const rows: { row: DraftItemsTable; exists: boolean }[] = [];
        const before: (DraftItem | undefined)[] = [];
        let next: number | undefined;
        for (const { item, expected } of writes) {
          // Touching the row first locks it on PostgreSQL: two writes of one item go one after the other.
          await tx.updateTable('draft_items').set((eb) => ({ version: eb.ref('version') })).where('shop_id', '=', shopId).where('kind', '=', item.kind).where('id', '=', item.id).execute();
          const cur = await tx.selectFrom('draft_items').selectAll().where('shop_id', '=', shopId).where('kind', '=', item.kind).where('id', '=', item.id).executeTakeFirst();
          before.push(cur && itemOf(cur));
          if (expected !== undefined && (cur ? Number(cur.version) !== expected : expected !== 0)) {
            results.push({ ok: false, current: cur && itemOf(cur) });
            continue;
          }
          if (!cur && next === undefined) {
            const max = await tx.selectFrom('draft_items').select((eb) => eb.fn.max('position').as('p')).where('shop_id', '=', shopId).where('kind', '=', item.kind).executeTakeFirst();
            next = Number(max?.p ?? -1) + 1;
          }
          const row = rowOf(shopId, item, cur ? Number(cur.position) : (next as number)++, cur ? Number(cur.version) + 1 : 1, now, by);
          rows.push({ row, exists: cur !== undefined });
          results.push({ ok: true, item: itemOf(row) });
        }
        // All or nothing: with one write refused, none is made, and each item is reported as it stands.
        if (results.some((r) => !r.ok)) return results.map((r, i) => (r.ok ? { ok: false as const, current: before[i] } : r));
        for (const { row, exists } of rows) {
          if (!exists) continue;
          const { shop_id, kind, id, ...rest } = row;
          await tx.updateTable('draft_items').set(rest).where('shop_id', '=', shop_id).where('kind', '=', kind).where('id', '=', id).execute();
        }
        await insertRows(tx, rows.filter((r) => !r.exists).map((r) => r.row));
        return results;
      });
    },
    async delete(shopId, kind, id, expected) {
      return inTransaction(async (tx) => {
        const cur = await tx.selectFrom('draft_items').selectAll().where('shop_id', '=', shopId).where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
        if (!cur || (expected !== undefined && Number(cur.version) !== expected)) return { ok: false, current: cur && itemOf(cur) };
        const r = await tx.deleteFrom('draft_items').where('shop_id', '=', shopId).where('kind', '=', kind).where('id', '=', id).where('version', '=', cur.version).executeTakeFirst();
        return Number(r.numDeletedRows) > 0 ? { ok: true, item: itemOf(cur) } : { ok: false, current: undefined };
      });
    },
    async hashes(shopId) {
      // In key order, a page at a time with a turn of the loop between (a flagship has 60,000 rows).
      const out: ItemHash[] = [];
      let after: { kind: string; id: string } | undefined;
      for (;;) {
        let q = read.selectFrom('draft_items').select(['kind', 'id', 'hash']).where('shop_id', '=', shopId);
        if (after) {
          const a = after;
          q = q.where((eb) => eb.or([eb('kind', '>', a.kind), eb.and([eb('kind', '=', a.kind), eb('id', '>', a.id)])]));
        }
        const rows = await q.orderBy('kind').orderBy('id').limit(HASHES_PER_READ).execute();
        for (const r of rows) if (r.kind !== 'seed' && r.kind !== 'test') out.push({ kind: r.kind as DraftKind, id: r.id, hash: r.hash });
        const last = rows.at(-1);
        if (!last || rows.length < HASHES_PER_READ) return out;
        after = { kind: last.kind, id: last.id };
        await turn();
      }
    },
    bundleJson: (shopId) => assembleDraftJson(read, shopId),
    async bodies(shopId, kind) {
      return read.selectFrom('draft_items').select(['id', 'body']).where('shop_id', '=', shopId).where('kind', '=', kind).orderBy('position').orderBy('id').execute();
    },
  };
}
