// The built-in order backend: customers, orders, issued coupons and remembered tool writes.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('id', 'varchar(64)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('customers_pk', ['shop_id', 'id'])
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('id', 'varchar(64)', (c) => c.notNull())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('orders_pk', ['shop_id', 'id'])
    .execute();
  await db.schema.createIndex('orders_customer').on('orders').columns(['shop_id', 'customer_id']).execute();

  await db.schema
    .createTable('issued_coupons')
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('coupon_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('customer_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('code', 'varchar(64)', (c) => c.notNull())
    .addColumn('issued_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('issued_coupons_pk', ['shop_id', 'coupon_id', 'customer_key'])
    .execute();

  await db.schema
    .createTable('tool_writes')
    .addColumn('key', 'varchar(300)', (c) => c.primaryKey())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}
