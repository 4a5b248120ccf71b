// Outcomes: orders as the shop's systems report them (webhooks, CSV), each delivery remembered so a
// replay changes nothing; the shopper's rating of a conversation; customers findable by phone and
// email (an order names its buyer by either); conversations by shop and start for date ranges.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('order_ledger')
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('id', 'varchar(100)', (c) => c.notNull())
    .addColumn('customer_id', 'varchar(64)')
    .addColumn('paid_at', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_ledger_pk', ['shop_id', 'id'])
    .execute();
  await db.schema.createIndex('order_ledger_paid').on('order_ledger').columns(['shop_id', 'paid_at']).execute();
  await db.schema.createIndex('order_ledger_customer').on('order_ledger').columns(['shop_id', 'customer_id']).execute();

  await db.schema
    .createTable('webhook_receipts')
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('source', 'varchar(32)', (c) => c.notNull())
    .addColumn('delivery_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('received_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_receipts_pk', ['shop_id', 'source', 'delivery_id'])
    .execute();

  await db.schema
    .createTable('conversation_ratings')
    .addColumn('conversation_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('customers').addColumn('phone', 'varchar(32)').execute();
  await db.schema.alterTable('customers').addColumn('email', 'varchar(320)').execute();
  await db.schema.createIndex('customers_phone').on('customers').columns(['shop_id', 'phone']).execute();
  await db.schema.createIndex('customers_email').on('customers').columns(['shop_id', 'email']).execute();
  // Existing customers: their phone from the stored profile, in the form lookups use (digits only, without China's +86).
  const rows = await sql<{ shop_id: string; id: string; body: string }>`select shop_id, id, body from customers`.execute(db);
  for (const r of rows.rows) {
    const phone = (JSON.parse(r.body) as { phone?: unknown }).phone;
    const all = typeof phone === 'string' ? phone.replace(/\D/g, '') : '';
    const digits = all.length === 13 && all.startsWith('86') ? all.slice(2) : all;
    if (digits) await sql`update customers set phone = ${digits} where shop_id = ${r.shop_id} and id = ${r.id}`.execute(db);
  }

  await db.schema.createIndex('conversations_shop_created').on('conversations').columns(['shop_id', 'created_at']).execute();
}
