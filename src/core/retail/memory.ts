// In-memory backend for the retail tools: a snapshot over a plain RetailDb, and the write-back
// of what a tool call changed.
import type { RetailDb, RetailOrder, RetailSnapshot, RetailUser } from './types.js';

/** The records a tool call changed, as RetailToolOutcome carries them. */
export interface RetailWrites {
  orders: readonly RetailOrder[];
  users: readonly RetailUser[];
}

/** A deep copy, so tests and runs never share state with the loaded dataset. */
export function cloneDb(db: RetailDb): RetailDb {
  return structuredClone(db);
}

// Own keys only: ids come from the model, and 'constructor' must not find Object.prototype's.
function own<T>(records: Record<string, T>, id: string): T | undefined {
  return Object.hasOwn(records, id) ? records[id] : undefined;
}

/** A live view: later applyWrites on the same db are visible through it. */
export function snapshotOf(db: RetailDb): RetailSnapshot {
  return {
    user: (id) => own(db.users, id),
    order: (id) => own(db.orders, id),
    product: (id) => own(db.products, id),
    products: () => Object.values(db.products),
    users: () => Object.values(db.users),
  };
}

/** Stores the changed records into db, replacing the previous versions by id. */
export function applyWrites(db: RetailDb, writes: RetailWrites): void {
  for (const order of writes.orders) db.orders[order.order_id] = order;
  for (const user of writes.users) db.users[user.user_id] = user;
}
