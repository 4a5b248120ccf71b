// Expired sessions are purged by expiry time (periodic sweep and every login): an index keeps
// that a range scan instead of a walk over every session.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('staff_sessions_expires_at').on('staff_sessions').column('expires_at').execute();
}
