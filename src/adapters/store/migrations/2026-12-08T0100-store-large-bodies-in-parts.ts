// Large values in parts: a big shop's bundle (17 MB of JSON), its release (22 MB) and the release's
// image (107 MB) are written a megabyte at a time, yielding to the event loop between parts,
// instead of in one synchronous statement. `large_bodies` is written after all of a body's parts
// and names how many there are; the owning row (shops.bundle_key, releases.body_key,
// release_images.body_key) points to it last, so a reader never sees part of a body. Rows from
// before keep their value inline (key null); small values stay inline.
import { sql, SqliteAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof SqliteAdapter ? 'blob' : 'bytea';
  await db.schema
    .createTable('large_body_parts')
    .addColumn('body_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('body', sql.raw(binary), (c) => c.notNull())
    .addPrimaryKeyConstraint('large_body_parts_pk', ['body_key', 'seq'])
    .execute();
  await db.schema
    .createTable('large_bodies')
    .addColumn('body_key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('parts', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('shops').addColumn('bundle_key', 'varchar(64)').execute();
  await db.schema.alterTable('releases').addColumn('body_key', 'varchar(64)').execute();
  await db.schema.alterTable('release_images').addColumn('body_key', 'varchar(64)').execute();
}
