// Behind a reverse proxy every request comes from the proxy's address: login attempts are limited
// per client address, so without XIAOER_TRUST_PROXY one guesser would lock everyone out. Named
// proxies' X-Forwarded-For gives the client's address; anyone else's header is ignored.
import { afterEach, describe, expect, it } from 'vitest';
import { createStaff } from '../app/staff/accounts.js';
import { appHarness } from '../testing/app-harness.js';
import { buildServer, type XiaoerServer } from './build-server.js';
import { parseConfig, parseTrustProxy } from './config.js';

const PASSWORD = 'correct horse battery';

describe('XIAOER_TRUST_PROXY', () => {
  it('reads nothing, addresses, CIDR ranges and named ranges, and refuses the rest', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('10.0.0.2, 10.1.0.0/16,loopback, fd00::/8')).toEqual(['10.0.0.2', '10.1.0.0/16', 'loopback', 'fd00::/8']);
    expect(parseTrustProxy('true')).toMatch(/would trust any client/);
    expect(parseTrustProxy('2')).toMatch(/not an IP address/);
    expect(parseTrustProxy('10.0.0.0/33')).toMatch(/not an IP address.*10\.0\.0\.0\/33/);
    expect(parseTrustProxy('proxy.internal')).toMatch(/not an IP address.*proxy\.internal/);
    const bad = parseConfig({ XIAOER_TRUST_PROXY: 'true' });
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringMatching(/^XIAOER_TRUST_PROXY: name the proxies/)]);
    const good = parseConfig({ XIAOER_TRUST_PROXY: '127.0.0.1' });
    expect(good.ok && good.config.trustProxy).toEqual(['127.0.0.1']);
    const none = parseConfig({});
    expect(none.ok && none.config.trustProxy).toBe(false);
  });

  let server: XiaoerServer | undefined;
  afterEach(async () => {
    await server?.app.close();
    server = undefined;
  });

  async function serve(trustProxy: false | string[]) {
    const h = await appHarness();
    await createStaff(h.deps, { shopId: 'tiny', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
    server = await buildServer(h.deps, { logLevel: 'silent', trustProxy });
    const s = server;
    return (client: string, password = 'wrong password!') =>
      s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { shop: 'tiny', username: 'mei', password }, remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': client } });
  }

  it('limits failed logins per forwarded client when the proxy is trusted', async () => {
    const login = await serve(['10.0.0.2']);
    for (let i = 0; i < 5; i++) expect((await login('203.0.113.7')).statusCode).toBe(401);
    expect((await login('203.0.113.7')).json().error.code).toBe('XIAOER_TOO_MANY_ATTEMPTS');
    // The real agent, behind the same proxy, still signs in.
    expect((await login('198.51.100.4', PASSWORD)).statusCode).toBe(200);
  });

  it('ignores X-Forwarded-For from a peer that is not a named proxy', async () => {
    const login = await serve(['10.9.9.9']);
    for (let i = 0; i < 5; i++) expect((await login(`203.0.113.${i}`)).statusCode).toBe(401);
    // Changing the header does not escape the limit: the peer address is what counts.
    expect((await login('198.51.100.4', PASSWORD)).json().error.code).toBe('XIAOER_TOO_MANY_ATTEMPTS');
  });

  it('without the setting, the peer address is the client', async () => {
    const login = await serve(false);
    for (let i = 0; i < 5; i++) await login(`203.0.113.${i}`);
    expect((await login('198.51.100.4', PASSWORD)).statusCode).toBe(429);
  });
});
