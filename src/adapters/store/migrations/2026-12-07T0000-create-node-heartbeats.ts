// One row per server node, upserted by the readiness check: a write that proves the store still
// accepts writes (a full disk, a read-only file or a read-only replica fail it).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('node_heartbeats')
    .addColumn('node_id', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .execute();
}
