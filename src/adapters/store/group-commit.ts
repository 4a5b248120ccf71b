// Group commit for SQLite: concurrent transactions share one BEGIN…COMMIT.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Work<S> = { fn: (tx: S) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

/**
 * Group commit for SQLite. SQLite has one writer and, in WAL mode, every commit writes each page
 * it touched; concurrent turns touch the same index pages. Transactions that arrive while one is
 * running join the next batch: one BEGIN…COMMIT, each unit of work inside its own savepoint, so
 * a failing unit rolls back alone. Callers are answered only after the batch commits.
 */
export class GroupCommit<S> {
  private queue: Work<S>[] = [];
  private running = false;

  constructor(
    private readonly root: Kysely<Database>,
    /** Wraps the batch's transaction (at a unit's savepoint) as the store a unit works on. */
    private readonly wrap: (trx: Transaction<Database>) => S,
  ) {}

  run<T>(fn: (tx: S) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        // Start on the next turn of the event loop: better-sqlite3 is synchronous, so a batch
        // started at once would finish before the requests already read from other sockets reach
        // their transaction, and every batch would hold one unit (measured under HTTP load).
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
        try {
          const trx = await this.root.startTransaction().execute();
          try {
            for (const work of batch) {
              const sp = await trx.savepoint('unit').execute();
              try {
                outcomes.push({ ok: true, value: await work.fn(this.wrap(sp)) });
                await sp.releaseSavepoint('unit').execute();
              } catch (error) {
                await sp.rollbackToSavepoint('unit').execute();
                await sp.releaseSavepoint('unit').execute();
                outcomes.push({ ok: false, error });
              }
            }
            await trx.commit().execute();
          } catch (error) {
            await trx.rollback().execute().catch(() => undefined);
            throw error;
          }
        } catch (error) {
          // The batch itself failed (BEGIN or COMMIT): nothing of it was stored.
          batch.forEach((w) => w.reject(error));
          continue;
        }
        batch.forEach((w, i) => {
          const o = outcomes[i];
          if (o?.ok) w.resolve(o.value);
          else w.reject(o?.error);
        });
      }
    } finally {
      this.running = false;
    }
  }
}

/** More units per batch gained no throughput in measurement and would lengthen each batch. */
const MAX_BATCH = 64;

