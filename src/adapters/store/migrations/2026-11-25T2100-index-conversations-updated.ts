// Finding conversations whose shopper went silent looks them up by their last update.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('conversations_updated').on('conversations').columns(['updated_at', 'id']).execute();
}
