// Delivery of outbox events to each CDP sink: one row per sink and event, with its retries.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cdp_deliveries')
    .addColumn('sink_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('customer_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('event_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('first_attempt_at', 'varchar(32)')
    .addColumn('delivered_at', 'varchar(32)')
    .addColumn('dead_at', 'varchar(32)')
    .addColumn('last_error', 'varchar(500)')
    .addPrimaryKeyConstraint('cdp_deliveries_pk', ['sink_id', 'event_id'])
    .execute();
  await db.schema.createIndex('cdp_deliveries_pending').on('cdp_deliveries').columns(['sink_id', 'delivered_at', 'dead_at', 'customer_key', 'event_at']).execute();
}
