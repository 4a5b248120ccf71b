// Who owns each conversation (the AI, the queue, an agent, or closed), why it went to a person,
// its queue group and priority; indexed for the queue and for each agent's list.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('owner', 'varchar(16)', (c) => c.notNull().defaultTo('ai')).execute();
  await db.schema.alterTable('conversations').addColumn('agent_id', 'varchar(64)').execute();
  await db.schema.alterTable('conversations').addColumn('agent_group', 'varchar(64)').execute();
  await db.schema.alterTable('conversations').addColumn('handoff_reason', 'varchar(100)').execute();
  await db.schema.alterTable('conversations').addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('conversations').addColumn('owner_since', 'varchar(32)').execute();
  await db.schema.createIndex('conversations_owner').on('conversations').columns(['shop_id', 'owner', 'agent_id']).execute();
}
