// Following up delivered orders looks them up by status and last update.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('orders_status_updated').on('orders').columns(['status', 'updated_at']).execute();
}
