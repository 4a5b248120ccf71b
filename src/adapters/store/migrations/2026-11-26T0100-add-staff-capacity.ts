// How many conversations each agent holds at once under automatic assignment (null: the shop's default).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('staff').addColumn('capacity', 'integer').execute();
}
