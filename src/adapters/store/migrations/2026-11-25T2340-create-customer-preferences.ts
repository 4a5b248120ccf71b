// Preferences learned about customers (size, skin type, budget…), the newest value per name, with
// where it came from (conversation, message, time, confidence) or that someone edited it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customer_preferences')
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('customer_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('value', 'varchar(200)', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(64)')
    .addColumn('message_id', 'varchar(64)')
    .addColumn('set_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_preferences_pk', ['shop_id', 'customer_key', 'name'])
    .execute();
}
