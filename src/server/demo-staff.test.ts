// The demo shop's two accounts get different passwords: each from its own variable, or random
// and shown once; the old shared variable is refused with the names of the new ones.
import { describe, expect, it } from 'vitest';
import { login } from '../app/staff/accounts.js';
import { appHarness } from '../testing/app-harness.js';
import { parseConfig } from './config.js';
import { ensureDemoStaff } from './wire.js';

describe('demo staff accounts', () => {
  it('reads one password per account and refuses the old shared variable, naming the new ones', () => {
    const r = parseConfig({ XIAOER_DEMO_ADMIN_PASSWORD: 'admin-password-1', XIAOER_DEMO_AGENT_PASSWORD: 'agent-password-1' });
    expect(r.ok && r.config.demoStaffPasswords).toEqual({ admin: 'admin-password-1', agent: 'agent-password-1' });
    const none = parseConfig({});
    expect(none.ok && none.config.demoStaffPasswords).toEqual({ admin: undefined, agent: undefined });
    const old = parseConfig({ XIAOER_DEMO_STAFF_PASSWORD: 'shared-password-1' });
    expect(old.ok ? [] : old.problems).toEqual([expect.stringMatching(/^XIAOER_DEMO_STAFF_PASSWORD: .*XIAOER_DEMO_ADMIN_PASSWORD and XIAOER_DEMO_AGENT_PASSWORD/)]);
    const same = parseConfig({ XIAOER_DEMO_ADMIN_PASSWORD: 'same-password-1', XIAOER_DEMO_AGENT_PASSWORD: 'same-password-1' });
    expect(same.ok ? [] : same.problems).toEqual(['XIAOER_DEMO_AGENT_PASSWORD: must differ from XIAOER_DEMO_ADMIN_PASSWORD']);
  });

  it('gives admin and agent1 different random passwords when none are set, once', async () => {
    const h = await appHarness();
    const limiter = h.deps.limiter;
    const accounts = await ensureDemoStaff(h.deps, h.shopId, { admin: undefined, agent: undefined });
    expect(accounts?.map((a) => [a.username, a.role, a.generated])).toEqual([
      ['admin', 'admin', true],
      ['agent1', 'agent', true],
    ]);
    const [admin, agent] = accounts ?? [];
    expect(admin?.password).not.toBe(agent?.password);
    expect(admin?.password.length).toBeGreaterThanOrEqual(16);
    const signIn = (username: string, password = '') => login({ ...h.deps, limiter }, { shop: h.shopId, username, password, address: '127.0.0.1' }).then((r) => r.staff.role, (e: { code?: string }) => e.code);
    expect(await signIn('admin', admin?.password)).toBe('admin');
    expect(await signIn('agent1', agent?.password)).toBe('agent');
    // The agent's password does not open the admin account.
    expect(await signIn('admin', agent?.password)).toBe('XIAOER_BAD_CREDENTIALS');
    expect(await ensureDemoStaff(h.deps, h.shopId, { admin: undefined, agent: undefined })).toBeUndefined();
  });

  it('uses the given passwords', async () => {
    const h = await appHarness();
    const accounts = await ensureDemoStaff(h.deps, h.shopId, { admin: 'admin-password-1', agent: undefined });
    expect(accounts?.map((a) => [a.username, a.generated, a.generated ? 'random' : a.password])).toEqual([
      ['admin', false, 'admin-password-1'],
      ['agent1', true, 'random'],
    ]);
  });
});
