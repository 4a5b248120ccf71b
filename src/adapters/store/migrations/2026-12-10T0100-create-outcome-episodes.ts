// The outcome ledger: one row per conversation episode with its facts (core/analytics/episode.ts),
// kept when a transcript's words expire, so outcome figures stay reproducible after retention.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outcome_episodes')
    .addColumn('conversation_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('shop_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('conversation_updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outcome_episodes_shop_started').on('outcome_episodes').columns(['shop_id', 'started_at']).execute();
}
