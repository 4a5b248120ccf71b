// Turns of one conversation never run at once on two nodes, and run in arrival order: on
// PostgreSQL each turn holds a session-level advisory lock on the conversation's key for its
// whole length, on a connection of a pool of its own (so turns waiting for a lock never starve
// the store's pool). PostgreSQL grants waiters of one lock first come, first served; a node that
// dies drops its connections and with them its locks. Within a node an in-process queue goes
// first, so one node holds at most one connection per conversation.
import type pg from 'pg';
import { createKeyedLock, type KeyedLock } from '../../app/conversations/keyed-lock.js';

/** Advisory locks of conversations live under this first key (the second is the id's hash). */
const LOCK_SPACE = 0x58_69_61_6f; // "Xiao"

/** A KeyedLock across processes over PostgreSQL advisory locks; `close` ends its pool. */
export interface DistributedLock extends KeyedLock {
  close(): Promise<void>;
}

/**
 * A lock over its own pool of `size` connections to `url`. Advisory locks are database-wide, so
 * tests in separate schemas of one database share them, which only serialises them more. `waitMs`
 * bounds the wait for a lock: past it the turn fails with PostgreSQL's lock_not_available (55P03,
 * answered 503 with Retry-After) instead of queueing forever.
 */
export async function createPostgresLock(url: string, options: { size?: number; waitMs?: number; onError?: (err: Error) => void } = {}): Promise<DistributedLock> {
  const { default: pgModule } = await import('pg');
  const pool = new pgModule.Pool({ connectionString: url, max: options.size ?? 32, connectionTimeoutMillis: 5_000, application_name: 'xiaoer-locks', options: `-c lock_timeout=${options.waitMs ?? 15_000}` });
  // A connection that breaks (the server restarted, the network went) must not end the process:
  // the pool's listener covers idle ones, each client's own one held for a turn (the lock is
  // gone with it; the turn's writes are still guarded by the conversation's version).
  pool.on('error', (err) => options.onError?.(err));
  pool.on('connect', (client) => client.on('error', (err) => options.onError?.(err)));
  const local = createKeyedLock();
  const hold = async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const client: pg.PoolClient = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_SPACE, key]);
    } catch (err) {
      client.release(true); // a connection whose lock query failed is not reused
      throw err;
    }
    try {
      return await task();
    } finally {
      // When unlocking fails the connection is gone, and its lock with it: destroy it, never reuse it.
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, key]).then(
        () => client.release(),
        () => client.release(true),
      );
    }
  };
  return {
    run: (key, task) => local.run(key, () => hold(key, task)),
    close: () => pool.end(),
  };
}
