// Staff accounts: passwords hashed with scrypt (a slow, memory-hard KDF) and a random salt,
// sessions as random tokens of which only a SHA-256 hash is stored, and failed logins limited per
// account and address, per account from any address, and per address across accounts.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import { newSecretToken, tokenHash } from '../secret-token.js';
import type { RateDecision, RateLimiter, StaffRecord } from '../ports.js';

const KEY_LENGTH = 64;
/** scrypt cost: N = 2^15, r = 8, p = 1 (about 32 MiB and tens of milliseconds per hash). */
const SCRYPT: ScryptOptions = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/** Sessions last a working day. */
export const SESSION_HOURS = 12;
/**
 * Failed logins allowed in 15 minutes before refusing: from one address to one account (one
 * person mistyping), to one account from any address (guessing spread over many addresses), and
 * from one address to any account (one address trying many usernames).
 */
export const LOGIN_LIMITS: LoginLimits = {
  accountAddress: { limit: 5, windowMs: 15 * 60_000 },
  account: { limit: 20, windowMs: 15 * 60_000 },
  address: { limit: 50, windowMs: 15 * 60_000 },
};

/** Failures allowed per window, by what is counted. */
export type LoginLimits = Record<'accountAddress' | 'account' | 'address', { limit: number; windowMs: number }>;

function scrypt(password: string, salt: Buffer, o: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, KEY_LENGTH, o, (err, key) => (err ? reject(err) : resolve(key))));
}

/** "scrypt$N$r$p$salt$hash" (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return key.length === expected.length && timingSafeEqual(key, expected);
}


export interface NewStaff {
  shopId: string;
  username: string;
  displayName?: string;
  role: 'admin' | 'agent';
  groups: string[];
  password: string;
  /** Conversations held at once under automatic assignment (default: the shop's agent_capacity). */
  capacity?: number;
}

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  return [...password].length < 10 ? 'a password needs at least 10 characters' : undefined;
}

/** Adds an account to a shop; refuses weak passwords and taken usernames. */
export async function createStaff(deps: Pick<AppDeps, 'store' | 'clock' | 'ids'>, s: NewStaff): Promise<StaffRecord> {
  if (!(await deps.store.shops.get(s.shopId))) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `no shop ${s.shopId}`);
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(s.username)) throw new XiaoerError('XIAOER_INVALID_STAFF', 'a username is 2-64 lowercase letters, digits, ".", "_" or "-"');
  if (s.displayName !== undefined && (s.displayName.trim() === '' || [...s.displayName].length > 50)) throw new XiaoerError('XIAOER_INVALID_STAFF', 'a display name is 1 to 50 characters');
  if (s.groups.some((g) => !/^[a-z0-9][a-z0-9-]{0,63}$/.test(g))) throw new XiaoerError('XIAOER_INVALID_STAFF', 'group ids are lowercase letters, digits and "-" (at most 64)');
  const weak = passwordProblem(s.password);
  if (weak) throw new XiaoerError('XIAOER_INVALID_STAFF', weak);
  if (s.capacity !== undefined && !(Number.isInteger(s.capacity) && s.capacity >= 1 && s.capacity <= 50)) throw new XiaoerError('XIAOER_INVALID_STAFF', 'a capacity is a whole number from 1 to 50');
  const record: StaffRecord = {
    id: deps.ids.next('stf'),
    shopId: s.shopId,
    username: s.username,
    displayName: s.displayName ?? s.username,
    role: s.role,
    groups: s.groups,
    passwordHash: await hashPassword(s.password),
    createdAt: deps.clock.now(),
    capacity: s.capacity ?? null,
    disabled: false,
  };
  if (!(await deps.store.staff.insert(record))) throw new XiaoerError('XIAOER_INVALID_STAFF', `${s.shopId} already has a user ${s.username}`);
  return record;
}

/** The limiter keys of one login attempt, by LOGIN_LIMITS entry. */
function loginKeys(input: { shop: string; username: string; address: string }): [keyof LoginLimits, string][] {
  const account = `${input.shop}\u0000${input.username}`;
  return [
    ['accountAddress', `login:account-address:${account}\u0000${input.address}`],
    ['account', `login:account:${account}`],
    ['address', `login:address:${input.address}`],
  ];
}

/**
 * Checks the password and opens a session; the same error for an unknown user and a wrong
 * password. Refused without looking at the password while any of LOGIN_LIMITS is reached; a
 * success forgets only its own account-and-address failures (a guesser elsewhere stays counted).
 * Expired sessions are purged on the way. `limits` replaces LOGIN_LIMITS (tests use small ones).
 */
export async function login(
  deps: Pick<AppDeps, 'store' | 'clock'> & { limiter: RateLimiter; limits?: LoginLimits },
  input: { shop: string; username: string; password: string; address: string },
): Promise<{ staff: StaffRecord; token: string; expiresAt: string }> {
  const LIMITS = deps.limits ?? LOGIN_LIMITS;
  const keys = loginKeys(input);
  const nowMs = Date.parse(deps.clock.now());
  // Every attempt is counted before the password is checked, so guesses sent in parallel cannot
  // all pass the check before any of them is recorded; a success forgets its account-and-address count.
  const refused = (await Promise.all(keys.map(([kind, key]) => deps.limiter.take(key, LIMITS[kind].limit, LIMITS[kind].windowMs, nowMs)))).filter(
    (d): d is Extract<RateDecision, { allowed: false }> => !d.allowed,
  );
  if (refused.length > 0) {
    const retryAfterMs = Math.max(...refused.map((d) => d.retryAfterMs));
    throw new XiaoerError('XIAOER_TOO_MANY_ATTEMPTS', `too many failed logins; try again in ${Math.ceil(retryAfterMs / 60_000)} minutes`, [], { retryAfterMs });
  }
  const staff = await deps.store.staff.find(input.shop, input.username);
  const ok = staff ? await verifyPassword(input.password, staff.passwordHash) : (await hashPassword(input.password), false);
  if (!staff || !ok) throw new XiaoerError('XIAOER_BAD_CREDENTIALS', 'wrong shop, username or password');
  // Said only to who knows the password: a disabled account is not a wrong password.
  if (staff.disabled) throw new XiaoerError('XIAOER_ACCOUNT_DISABLED', "this account is disabled; ask the shop's admin");
  await deps.limiter.clear(keys[0]![1]);
  const { token, hash } = newSecretToken();
  const now = deps.clock.now();
  const expiresAt = new Date(nowMs + SESSION_HOURS * 3_600_000).toISOString();
  await deps.store.staff.deleteExpiredSessions(now);
  await deps.store.staff.insertSession(hash, staff.id, now, expiresAt);
  return { staff, token, expiresAt };
}

/** Deletes the sessions past their expiry (the server's periodic sweep); returns how many. */
export async function purgeExpiredSessions(deps: Pick<AppDeps, 'store' | 'clock'>): Promise<number> {
  return deps.store.staff.deleteExpiredSessions(deps.clock.now());
}

/** The staff member of a session token, if it is valid. */
export async function sessionStaff(deps: Pick<AppDeps, 'store' | 'clock'>, token: string | undefined): Promise<StaffRecord | undefined> {
  if (!token || token.length > 200) return undefined;
  const id = await deps.store.staff.getSession(tokenHash(token), deps.clock.now());
  const staff = id ? await deps.store.staff.get(id) : undefined;
  return staff?.disabled ? undefined : staff;
}

export async function logout(deps: Pick<AppDeps, 'store'>, token: string | undefined): Promise<void> {
  if (token) await deps.store.staff.deleteSession(tokenHash(token));
}
