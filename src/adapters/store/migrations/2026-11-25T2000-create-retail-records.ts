// Records of a shop on the tau2-bench retail backend: users, orders and products as JSON, each
// with a version for compare-and-set writes.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('retail_records')
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('id', 'varchar(64)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('retail_records_pk', ['shop_id', 'kind', 'id'])
    .execute();
}
