// The SHA-256 hash of each conversation's access token: the shopper's credential for reading and
// writing it (the id alone is not). Conversations from before have none and cannot be resumed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('access_token_hash', 'varchar(64)').execute();
}
