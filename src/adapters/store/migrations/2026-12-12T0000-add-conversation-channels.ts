// Channels beyond the web widget (WeCom 微信客服 first): which channel a conversation came through and
// the shopper's id there, so the next message from that shopper finds it; and each shop's sync
// cursor per channel, stored only after the messages it covers were handled.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('channel', 'varchar(32)', (c) => c.notNull().defaultTo('web')).execute();
  await db.schema.alterTable('conversations').addColumn('channel_user', 'varchar(128)').execute();
  await db.schema.createIndex('conversations_channel_user').on('conversations').columns(['shop_id', 'channel', 'channel_user']).execute();
  await db.schema
    .createTable('channel_cursors')
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('channel', 'varchar(32)', (c) => c.notNull())
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_cursors_pk', ['shop_id', 'channel'])
    .execute();
}
