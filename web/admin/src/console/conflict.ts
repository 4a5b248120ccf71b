// Optimistic concurrency of the console's editing pages (src/contracts/admin.ts): every write sends
// the version it was based on in If-Match; a 409 XIAOER_EDIT_CONFLICT means someone else saved the
// item meanwhile. The page then loads the current item and tells the user, never writes again on
// its own: the user decides with the other person's change in front of them.
import { ApiError } from '../../../shared/api.js';

export const EDIT_CONFLICT = 'XIAOER_EDIT_CONFLICT';

/**
 * The If-Match header of a write based on `version` (an entity tag: "3"). Version 0 asks the server
 * to create the item only if nothing has its id yet (docs/console.md); none replaces whatever is there.
 */
export function ifMatch(version: number | null | undefined): Record<string, string> | undefined {
  return version === null || version === undefined ? undefined : { 'if-match': `"${version}"` };
}

/** The version of a write that creates an item and must not replace one. */
export const NEW_ITEM = 0;

/** Whether a write was refused because the item changed since it was loaded. */
export function isEditConflict(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status === 409 && e.code === EDIT_CONFLICT;
}

export type Saved<T> = { kind: 'saved'; item: T } | { kind: 'conflict'; item: T };

/**
 * Runs a versioned write; on an edit conflict loads the item as it now is instead (`reload`) and
 * answers it as a conflict, so the caller shows it. Any other failure is thrown as it came.
 */
export async function saveChecked<T>(save: () => Promise<T>, reload: () => Promise<T>): Promise<Saved<T>> {
  try {
    return { kind: 'saved', item: await save() };
  } catch (e) {
    if (!isEditConflict(e)) throw e;
    return { kind: 'conflict', item: await reload() };
  }
}
