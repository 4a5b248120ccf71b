// Shops, releases, conversations, messages and the event outbox.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('shops')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'varchar(16)', (c) => c.notNull())
    .addColumn('bundle', 'text', (c) => c.notNull())
    .addColumn('current_release_id', 'varchar(64)')
    .addColumn('imported_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('releases')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull().references('shops.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('releases_shop_created').on('releases').columns(['shop_id', 'created_at']).execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull().references('shops.id'))
    .addColumn('customer_id', 'varchar(128)')
    .addColumn('release_id', 'varchar(64)', (c) => c.notNull().references('releases.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('conversation_id', 'varchar(64)', (c) => c.notNull().references('conversations.id'))
    .addColumn('direction', 'varchar(8)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('client_message_id', 'varchar(128)')
    .addColumn('reply_to', 'varchar(64)')
    .addColumn('trace', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  // Idempotency: one inbound message per client message id in a conversation.
  await db.schema.createIndex('messages_client_id').on('messages').columns(['conversation_id', 'client_message_id']).unique().execute();
  await db.schema.createIndex('messages_conversation_order').on('messages').columns(['conversation_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('messages_reply_to').on('messages').column('reply_to').execute();

  await db.schema
    .createTable('outbox_events')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(64)')
    .addColumn('type', 'varchar(64)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('delivered_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('outbox_undelivered').on('outbox_events').columns(['delivered_at', 'created_at']).execute();
  await db.schema.createIndex('outbox_conversation').on('outbox_events').columns(['conversation_id', 'created_at']).execute();
}
