// Tags customers hold, with their evidence (rule, conversation, message, time) and expiry.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customer_tags')
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('customer_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('tag', 'varchar(64)', (c) => c.notNull())
    .addColumn('tag_group', 'varchar(64)', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('rule', 'varchar(200)', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('message_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('set_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)')
    .addPrimaryKeyConstraint('customer_tags_pk', ['shop_id', 'customer_key', 'tag'])
    .execute();
}
