// Large values written and read in parts (see migration 2026-12-08T0100): each part is one short
// statement and the event loop gets a turn between parts, so a big shop's bundle, release or
// release image never holds it for one synchronous insert (better-sqlite3) or one huge parameter
// (pg). A body is visible only once whole: its parts first, then its `large_bodies` row, then the
// owning row's key; it is never changed, only deleted once nothing points to it.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Bytes per part: a part's insert or read takes a few milliseconds. */
export const DEFAULT_PART_BYTES = 1 << 20;

/** One turn of the event loop. */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A body written: in parts under `key`, or small enough to stay inline in its row. */
export type WrittenBody = { key: string; inline?: undefined } | { key?: undefined; inline: Buffer };

/**
 * Writes the bytes of `pieces` (strings as UTF-8) in parts of `partBytes`, with a turn of the loop
 * between parts and every few pieces; a body that fits in one part is returned inline, unwritten.
 * `after` runs (then a turn) each time another `afterBytes` have been written.
 */
export async function writeLargeBody(db: Db, pieces: Iterable<string | Uint8Array>, now: string, partBytes: number, options: { afterBytes?: number; after?: () => Promise<void> } = {}): Promise<WrittenBody> {
  let key: string | undefined;
  let seq = 0;
  let bytes = 0;
  let part = Buffer.allocUnsafe(partBytes);
  let filled = 0;
  /** Inserts the next part, then takes a turn of the loop (and runs `after` when it is due). */
  const insert = async (body: Uint8Array): Promise<void> => {
    key ??= randomUUID();
    await db.insertInto('large_body_parts').values({ body_key: key, seq: seq++, body }).execute();
    sinceAfter += body.byteLength;
    await turn();
    if (options.after && sinceAfter >= (options.afterBytes ?? Infinity)) {
      sinceAfter = 0;
      await options.after();
      await turn();
    }
  };
  const flush = async (): Promise<void> => {
    const body = part.subarray(0, filled);
    // A fresh buffer: a queued PostgreSQL query may still hold the last one.
    part = Buffer.allocUnsafe(partBytes);
    filled = 0;
    await insert(body);
  };
  let since = performance.now();
  let sinceAfter = 0;
  for (const piece of pieces) {
    const data = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    bytes += data.byteLength;
    for (let at = 0; at < data.byteLength; ) {
      if (filled === partBytes) await flush();
      // Whole parts of a byte piece (a release image, a release's text) are inserted as views of it,
      // not copied: a fresh megabyte per part made the collector run for "external memory pressure".
      // The caller's bytes are not changed while the body is written.
      if (filled === 0 && typeof piece !== 'string' && data.byteLength - at > partBytes) {
        await insert(Buffer.from(data.buffer, data.byteOffset + at, partBytes));
        at += partBytes;
        continue;
      }
      const n = Math.min(partBytes - filled, data.byteLength - at);
      part.set(data.subarray(at, at + n), filled);
      filled += n;
      at += n;
    }
    // Producing the pieces takes time of its own (stringifying): a turn every ~10 ms of it too.
    if (performance.now() - since > 10) {
      await turn();
      since = performance.now();
    }
  }
  if (key === undefined) return { inline: Buffer.from(part.subarray(0, filled)) };
  if (filled > 0) await flush();
  await db.insertInto('large_bodies').values({ body_key: key, parts: seq, bytes, created_at: now }).execute();
  return { key };
}

/** The body stored under `key`, read a part per turn of the loop; undefined when it is not (or no longer) all there. */
export async function readLargeBody(db: Db, key: string): Promise<Buffer | undefined> {
  const head = await db.selectFrom('large_bodies').select(['parts', 'bytes']).where('body_key', '=', key).executeTakeFirst();
  if (!head) return undefined;
  const out = Buffer.allocUnsafe(Number(head.bytes));
  let at = 0;
  for (let seq = 0; seq < head.parts; seq++) {
    if (seq > 0) await turn();
    const r = await db.selectFrom('large_body_parts').select('body').where('body_key', '=', key).where('seq', '=', seq).executeTakeFirst();
    // Deleted meanwhile (the owner was replaced): the caller reads the owner again.
    if (!r || at + r.body.byteLength > out.byteLength) return undefined;
    out.set(r.body, at);
    at += r.body.byteLength;
  }
  return at === out.byteLength ? out : undefined;
}

/** Deletes a body: its head first (readers then stop), then its parts, one per turn of the loop. */
export async function deleteLargeBody(db: Db, key: string): Promise<void> {
  const head = await db.selectFrom('large_bodies').select('parts').where('body_key', '=', key).executeTakeFirst();
  await db.deleteFrom('large_bodies').where('body_key', '=', key).execute();
  const parts = head?.parts ?? 0;
  for (let seq = 0; seq < parts; seq++) {
    await db.deleteFrom('large_body_parts').where('body_key', '=', key).where('seq', '=', seq).execute();
    await turn();
  }
  // Parts of a body whose head was never written (a write cut short) or beyond its count.
  await db.deleteFrom('large_body_parts').where('body_key', '=', key).execute();
}

/** Reads an owning row and its body, again when the body was replaced between the two reads. */
export async function readOwned<R>(read: () => Promise<R | undefined>, keyOf: (row: R) => string | null, db: Db, what: string): Promise<{ row: R; body: Buffer | undefined } | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await read();
    if (row === undefined) return undefined;
    const key = keyOf(row);
    if (key === null) return { row, body: undefined };
    const body = await readLargeBody(db, key);
    if (body) return { row, body };
  }
  throw new Error(`${what} is stored in parts that are not all there`);
}
