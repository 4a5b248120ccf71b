// Failed logins are limited three ways (one address against one account, one account from any
// address, one address against any account), in a bounded limiter that never forgets everyone at
// once; a login purges expired sessions.
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../../adapters/limits/memory-rate-limiter.js';
import { appHarness } from '../../../testing/app-harness.js';
import { XiaoerError } from '../../../app/errors.js';
import type { RateLimiter } from '../../../app/ports.js';
import { createStaff, LOGIN_LIMITS, login, purgeExpiredSessions, type LoginLimits } from '../../../app/staff/accounts.js';
import { tokenHash } from '../../../app/secret-token.js';

const PASSWORD = 'correct horse battery';
const T0 = '2026-11-25T02:00:00.000Z';

describe('staff login limits', () => {
  let h: Awaited<ReturnType<typeof appHarness>>;
  let now = T0;
  const clock = { now: () => now };

  beforeEach(async () => {
    h = await appHarness();
    now = T0;
    await createStaff(h.deps, { shopId: 'tiny', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
  });

  // Each failure costs a scrypt hash (~0.2 s here): tests other than the account one use small limits.
  const SMALL: LoginLimits = { ...LOGIN_LIMITS, address: { limit: 6, windowMs: LOGIN_LIMITS.address.windowMs } };
  const attempt = (limiter: RateLimiter, username: string, address: string, password = 'wrong password!', limits = LOGIN_LIMITS) =>
    login({ store: h.store, clock, limiter, limits }, { shop: 'tiny', username, password, address }).then(
      () => 'ok',
      (err: unknown) => (err instanceof XiaoerError ? err.code : String(err)),
    );

  it('limits one account tried from many addresses, even for the right password from a new address', async () => {
    const limiter = createMemoryRateLimiter();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(limiter, 'mei', `203.0.113.${i}`)));
    expect(new Set(results)).toEqual(new Set(['XIAOER_BAD_CREDENTIALS']));
    expect(await attempt(limiter, 'mei', '198.51.100.4', PASSWORD)).toBe('XIAOER_TOO_MANY_ATTEMPTS');
    // Another account is not affected.
    await createStaff(h.deps, { shopId: 'tiny', username: 'lan', role: 'agent', groups: [], password: PASSWORD });
    expect(await attempt(limiter, 'lan', '198.51.100.4', PASSWORD)).toBe('ok');
  });

  it('limits one address trying many accounts, and says when to try again', async () => {
    const limiter = createMemoryRateLimiter();
    expect(LOGIN_LIMITS.address.limit).toBe(50);
    await Promise.all(Array.from({ length: 6 }, (_, i) => attempt(limiter, `user${i}`, '203.0.113.9', undefined, SMALL)));
    const refused = await login({ store: h.store, clock, limiter, limits: SMALL }, { shop: 'tiny', username: 'mei', password: PASSWORD, address: '203.0.113.9' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(XiaoerError);
    expect((refused as XiaoerError).code).toBe('XIAOER_TOO_MANY_ATTEMPTS');
    expect((refused as XiaoerError).retryAfterMs).toBeGreaterThan(0);
    expect((refused as XiaoerError).retryAfterMs).toBeLessThanOrEqual(30 * 60_000);
    expect(await attempt(limiter, 'mei', '198.51.100.4', PASSWORD, SMALL)).toBe('ok');
    // Once the window has passed, the address may try again.
    now = '2026-11-25T02:31:00.000Z';
    expect(await attempt(limiter, 'mei', '203.0.113.9', PASSWORD, SMALL)).toBe('ok');
  });

  it('limits one address against one account after 5 failures; a success forgets only that pair', async () => {
    const limiter = createMemoryRateLimiter();
    for (let i = 0; i < 4; i++) expect(await attempt(limiter, 'mei', '203.0.113.7')).toBe('XIAOER_BAD_CREDENTIALS');
    expect(await attempt(limiter, 'mei', '203.0.113.7', PASSWORD)).toBe('ok');
    for (let i = 0; i < 5; i++) expect(await attempt(limiter, 'mei', '203.0.113.7')).toBe('XIAOER_BAD_CREDENTIALS');
    expect(await attempt(limiter, 'mei', '203.0.113.7', PASSWORD)).toBe('XIAOER_TOO_MANY_ATTEMPTS');
  });

  it('counts guesses sent all at once: no more than the limit get a password check', async () => {
    const limiter = createMemoryRateLimiter();
    const results = await Promise.all(Array.from({ length: 10 }, () => attempt(limiter, 'mei', '203.0.113.8')));
    expect(results.filter((r) => r === 'XIAOER_BAD_CREDENTIALS')).toHaveLength(5);
    expect(results.filter((r) => r === 'XIAOER_TOO_MANY_ATTEMPTS')).toHaveLength(5);
  });

  it('stays bounded when full, and keeps the newest locks instead of forgetting everyone', async () => {
    const limiter = createMemoryRateLimiter({ maxKeys: 12 });
    // Failures of many others fill the limiter past its bound (three keys each)…
    await Promise.all(Array.from({ length: 6 }, (_, i) => attempt(limiter, `user${i}`, `192.0.2.${i}`)));
    expect(limiter.size()).toBe(12);
    // …then a guesser locks itself out, and stays locked while more keys arrive.
    for (let i = 0; i < 5; i++) await attempt(limiter, 'mei', '203.0.113.7');
    await attempt(limiter, 'late', '192.0.2.100');
    expect(limiter.size()).toBe(12);
    expect(await attempt(limiter, 'mei', '203.0.113.7', PASSWORD)).toBe('XIAOER_TOO_MANY_ATTEMPTS');
  });
});

describe('staff sessions', () => {
  it('purges expired sessions on login and in the sweep, keeping live ones', async () => {
    const h = await appHarness();
    const mei = await createStaff(h.deps, { shopId: 'tiny', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
    await h.store.staff.insertSession(tokenHash('old'), mei.id, '2026-11-24T00:00:00.000Z', '2026-11-24T12:00:00.000Z');
    await h.store.staff.insertSession(tokenHash('live'), mei.id, T0, '2026-11-25T13:00:00.000Z');
    const clock = { now: () => T0 };
    const r = await login({ store: h.store, clock, limiter: createMemoryRateLimiter() }, { shop: 'tiny', username: 'mei', password: PASSWORD, address: '203.0.113.7' });
    // Looked up with a clock before its expiry: the old session is gone from the store, not just expired.
    expect(await h.store.staff.getSession(tokenHash('old'), '2026-11-24T01:00:00.000Z')).toBeUndefined();
    expect(await h.store.staff.getSession(tokenHash('live'), T0)).toBe(mei.id);
    expect(await h.store.staff.getSession(tokenHash(r.token), T0)).toBe(mei.id);
    expect(await purgeExpiredSessions({ store: h.store, clock: { now: () => '2026-11-25T13:00:00.000Z' } })).toBe(1);
    expect(await h.store.staff.getSession(tokenHash('live'), T0)).toBeUndefined();
    expect(await h.store.staff.getSession(tokenHash(r.token), T0)).toBe(mei.id);
  });
});
