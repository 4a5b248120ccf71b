// Several nodes: a periodic job (follow-up sweeps, CDP delivery) runs on one node at a time, the
// holder of its lease, which another node takes over once it expires. Inbound messages get an index
// by time so messages stored but never answered (their node died after acknowledging them) are found.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(200)', (c) => c.notNull())
    .addColumn('until', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_inbound_created').on('messages').column('created_at').where(sql.ref('direction'), '=', 'in').execute();
}
