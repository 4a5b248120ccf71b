import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { migrations } from './migrations/index.js';
import { deleteLargeBody, readLargeBody, readOwned, writeLargeBody } from './large-bodies.js';

const T0 = '2026-12-08T01:00:00.000Z';
let db: Kysely<Database>;

beforeEach(async () => {
  db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
});
afterEach(async () => db.destroy());

const bytes = (n: number, k = 0) => Uint8Array.from({ length: n }, (_, i) => (i * 13 + k) % 256);
const count = async (table: 'large_bodies' | 'large_body_parts') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('large bodies', () => {
  it('writes pieces across parts and reads back the same bytes; one that fits in a part stays inline', async () => {
    const data = bytes(10_000);
    const written = await writeLargeBody(db, [data.subarray(0, 3), '中文', data.subarray(3)], T0, 1000);
    expect(written.key).toBeDefined();
    const expected = Buffer.concat([data.subarray(0, 3), Buffer.from('中文'), data.subarray(3)]);
    expect(await readLargeBody(db, written.key!)).toEqual(expected);
    expect(await count('large_body_parts')).toBe(11);
    const small = await writeLargeBody(db, ['{"a":', '1}'], T0, 1000);
    expect(small).toEqual({ inline: Buffer.from('{"a":1}') });
    expect(await count('large_bodies')).toBe(1);
  });

  it('cuts byte pieces (inserted as views of them where a whole part fits) into the same parts as copies would be', async () => {
    const data = bytes(9000);
    const pieces = [data.subarray(7, 2607), 'é', data.subarray(2607, 2608), data.subarray(2608, 6000), data.subarray(6000)];
    const written = await writeLargeBody(db, pieces, T0, 1000);
    const expected = Buffer.concat([data.subarray(7, 2607), Buffer.from('é'), data.subarray(2607)]);
    expect(await readLargeBody(db, written.key!)).toEqual(expected);
    const parts = await db.selectFrom('large_body_parts').select(['seq', 'body']).where('body_key', '=', written.key!).orderBy('seq').execute();
    expect(parts.map((p) => p.body.byteLength)).toEqual([...Array.from({ length: 8 }, () => 1000), expected.byteLength - 8000]);
    // One byte piece of exactly a part stays inline, as before.
    expect(await writeLargeBody(db, [data.subarray(0, 1000)], T0, 1000)).toEqual({ inline: Buffer.from(data.subarray(0, 1000)) });
  });

  it('never reads a body with a part missing or whose head is gone, and deletes all of it', async () => {
    const { key } = await writeLargeBody(db, [bytes(5000)], T0, 1000);
    await db.deleteFrom('large_body_parts').where('body_key', '=', key!).where('seq', '=', 2).execute();
    expect(await readLargeBody(db, key!)).toBeUndefined();
    const other = await writeLargeBody(db, [bytes(5000, 1)], T0, 1000);
    // Parts written without their head (a write cut short) are no body at all.
    await db.deleteFrom('large_bodies').where('body_key', '=', other.key!).execute();
    expect(await readLargeBody(db, other.key!)).toBeUndefined();
    await deleteLargeBody(db, key!);
    await deleteLargeBody(db, other.key!);
    expect(await count('large_body_parts')).toBe(0);
    expect(await count('large_bodies')).toBe(0);
  });

  it('reads the owner again when its body was replaced between the two reads, and gives up on a body that stays broken', async () => {
    const first = await writeLargeBody(db, [bytes(3000)], T0, 1000);
    const second = await writeLargeBody(db, [bytes(3000, 9)], T0, 1000);
    await deleteLargeBody(db, first.key!);
    const rows = [{ key: first.key! }, { key: second.key! }];
    let reads = 0;
    const got = await readOwned(async () => rows[Math.min(reads++, 1)], (r) => r.key, db, 'the test body');
    expect(reads).toBe(2);
    expect(got?.body).toEqual(Buffer.from(bytes(3000, 9)));
    expect(await readOwned(async () => undefined, () => null, db, 'nothing')).toBeUndefined();
    await expect(readOwned(async () => ({ key: first.key! }), (r) => r.key, db, 'the broken body')).rejects.toThrow(/the broken body is stored in parts that are not all there/);
  });
});
