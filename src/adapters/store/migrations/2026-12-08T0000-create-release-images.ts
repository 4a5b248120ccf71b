// A release's image (core/knowledge/release-image.ts): its trained models and data laid out to load
// fast, written at publish so nodes load it instead of training. A companion table, so release
// rows and older releases (which have none) stay as they were. Binary: bytea on PostgreSQL, blob
// on SQLite.
import { sql, SqliteAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof SqliteAdapter ? 'blob' : 'bytea';
  await db.schema
    .createTable('release_images')
    .addColumn('release_id', 'varchar(64)', (c) => c.primaryKey().references('releases.id'))
    .addColumn('format_version', 'integer', (c) => c.notNull())
    .addColumn('body', sql.raw(binary), (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}
