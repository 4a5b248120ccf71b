// The shop console (issue 22): a draft per shop, one row per item so a flagship shop's 10,000
// entries are edited, searched and paged in SQL; the content hashes each release was published
// from (diffs without parsing releases); the audit log; disabled staff accounts; and the hash of
// the bundle files last imported, so a restart does not overwrite what was published in the console.
import { SqliteAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('draft_items')
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('id', 'varchar(128)', (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('search', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)')
    .addPrimaryKeyConstraint('draft_items_pk', ['shop_id', 'kind', 'id'])
    .execute();
  await db.schema.createIndex('draft_items_order').on('draft_items').columns(['shop_id', 'kind', 'position']).execute();
  await db.schema
    .createTable('release_items')
    .addColumn('release_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('id', 'varchar(128)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('release_items_pk', ['release_id', 'kind', 'id'])
    .execute();
  // An id numbered by the database: SQLite's INTEGER PRIMARY KEY is the rowid, PostgreSQL's serial a sequence.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('audit_log')
    .addColumn('id', sqlite ? 'integer' : 'serial', (c) => c.primaryKey())
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('staff', 'varchar(64)')
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_shop').on('audit_log').columns(['shop_id', 'id']).execute();
  await db.schema.alterTable('staff').addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('shops').addColumn('source_hash', 'varchar(64)').execute();
}
