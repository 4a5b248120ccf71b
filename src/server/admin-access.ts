// What every console route does first: only the shop's own admins (401 without a session, 403 for
// an agent or another shop's admin), and the version an edit is based on (If-Match: "3").
import { XiaoerError } from '../app/errors.js';
import type { StaffRecord } from '../app/ports.js';
import type { Actor } from '../app/console/console-deps.js';

/** Resolves the signed-in staff member from the cookie header (401 when none). */
export type StaffOf = (cookie: string | undefined) => Promise<StaffRecord>;

/** The acting admin of `shopId`, or XIAOER_FORBIDDEN. */
export function adminGuard(staffOf: StaffOf, what = 'the console'): (cookie: string | undefined, shopId: string) => Promise<Actor> {
  return async (cookie, shopId) => {
    const s = await staffOf(cookie);
    if (s.role !== 'admin' || s.shopId !== shopId) throw new XiaoerError('XIAOER_FORBIDDEN', `only the shop's admins use ${what}`);
    return { username: s.username };
  };
}

/** The version in an If-Match header (3, "3" or W/"3"); undefined without one. */
export function ifMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value ?? '');
  if (!m?.[1]) throw new XiaoerError('XIAOER_INVALID_IF_MATCH', 'If-Match takes the version the edit is based on, e.g. If-Match: "3"');
  return Number(m[1]);
}

/** The ETag of an item at `version`. */
export const etag = (version: number) => `"${version}"`;
