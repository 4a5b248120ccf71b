// Staff accounts: passwords hashed with scrypt (a slow, memory-hard KDF) and a random salt,
// sessions as random tokens of which only a SHA-256 hash is stored, and failed logins limited per
// shop, username and client address.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { StaffRecord } from '../ports.js';

const KEY_LENGTH = 64;
/** scrypt cost: N = 2^15, r = 8, p = 1 (about 32 MiB and tens of milliseconds per hash). */
const SCRYPT: ScryptOptions = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/** Sessions last a working day. */
export const SESSION_HOURS = 12;
/** Failed logins allowed per shop, username and address in the window before refusing. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;

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

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
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

/** Adds an account to a shop; refuses weak passwords and taken usernames. */
export async function createStaff(deps: Pick<AppDeps, 'store' | 'clock' | 'ids'>, s: NewStaff): Promise<StaffRecord> {
  if (!(await deps.store.getShop(s.shopId))) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `no shop ${s.shopId}`);
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(s.username)) throw new XiaoerError('XIAOER_INVALID_STAFF', 'a username is 2-64 lowercase letters, digits, ".", "_" or "-"');
  if (s.displayName !== undefined && (s.displayName.trim() === '' || [...s.displayName].length > 50)) throw new XiaoerError('XIAOER_INVALID_STAFF', 'a display name is 1 to 50 characters');
  if (s.groups.some((g) => !/^[a-z0-9][a-z0-9-]{0,63}$/.test(g))) throw new XiaoerError('XIAOER_INVALID_STAFF', 'group ids are lowercase letters, digits and "-" (at most 64)');
  if ([...s.password].length < 10) throw new XiaoerError('XIAOER_INVALID_STAFF', 'a password needs at least 10 characters');
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
  };
  if (!(await deps.store.insertStaff(record))) throw new XiaoerError('XIAOER_INVALID_STAFF', `${s.shopId} already has a user ${s.username}`);
  return record;
}

/** Remembers failed logins in memory (per process): enough to slow down guessing. */
export function createLoginLimiter(): { blocked(key: string, nowMs: number): boolean; failed(key: string, nowMs: number): void; succeeded(key: string): void } {
  const failures = new Map<string, number[]>();
  const recent = (key: string, nowMs: number) => (failures.get(key) ?? []).filter((t) => nowMs - t < FAILURE_WINDOW_MS);
  return {
    blocked: (key, nowMs) => recent(key, nowMs).length >= MAX_FAILURES,
    failed: (key, nowMs) => {
      failures.set(key, [...recent(key, nowMs), nowMs]);
      if (failures.size > 100_000) failures.clear();
    },
    succeeded: (key) => failures.delete(key),
  };
}

/** Checks the password and opens a session; the same error for an unknown user and a wrong password. */
export async function login(
  deps: Pick<AppDeps, 'store' | 'clock'> & { limiter: ReturnType<typeof createLoginLimiter> },
  input: { shop: string; username: string; password: string; address: string },
): Promise<{ staff: StaffRecord; token: string; expiresAt: string }> {
  const key = `${input.shop}\u0000${input.username}\u0000${input.address}`;
  const nowMs = Date.parse(deps.clock.now());
  if (deps.limiter.blocked(key, nowMs)) throw new XiaoerError('XIAOER_TOO_MANY_ATTEMPTS', 'too many failed logins; try again in 15 minutes');
  const staff = await deps.store.findStaff(input.shop, input.username);
  const ok = staff ? await verifyPassword(input.password, staff.passwordHash) : (await hashPassword(input.password), false);
  if (!staff || !ok) {
    deps.limiter.failed(key, nowMs);
    throw new XiaoerError('XIAOER_BAD_CREDENTIALS', 'wrong shop, username or password');
  }
  deps.limiter.succeeded(key);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(nowMs + SESSION_HOURS * 3_600_000).toISOString();
  await deps.store.insertSession(tokenHash(token), staff.id, deps.clock.now(), expiresAt);
  return { staff, token, expiresAt };
}

/** The staff member of a session token, if it is valid. */
export async function sessionStaff(deps: Pick<AppDeps, 'store' | 'clock'>, token: string | undefined): Promise<StaffRecord | undefined> {
  if (!token || token.length > 200) return undefined;
  const id = await deps.store.getSession(tokenHash(token), deps.clock.now());
  return id ? deps.store.getStaff(id) : undefined;
}

export async function logout(deps: Pick<AppDeps, 'store'>, token: string | undefined): Promise<void> {
  if (token) await deps.store.deleteSession(tokenHash(token));
}
