// Hardening of the HTTP surface: security headers and a strict CSP on every response, framing
// allowed only to the chat page and only by its shop's sites, HSTS and Secure cookies behind an
// https public URL, a token in front of /metrics, /docs that can be hidden, and readiness that
// really writes.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStaff } from '../app/staff/accounts.js';
import { appHarness } from '../testing/app-harness.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import { buildServer, type ServerOptions, type XiaoerServer } from './build-server.js';
import { parseConfig } from './config.js';

const PASSWORD = 'correct horse battery';
const TOKEN = 'metrics-token-0123456789';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Map<string, string> {
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(' ')[0] ?? '', d.slice(d.indexOf(' ') + 1)] as [string, string]),
  );
}

describe('HTTP hardening', () => {
  let server: XiaoerServer | undefined;
  afterEach(async () => {
    await server?.app.close();
    server = undefined;
  });

  async function serve(options: Partial<ServerOptions> = {}, shop: Parameters<typeof tinyBundle>[0] = {}) {
    const h = await appHarness({ bundle: tinyBundle(shop) });
    await createStaff(h.deps, { shopId: 'tiny', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
    // A built chat page: index.html and one asset.
    const webDir = await mkdtemp(join(tmpdir(), 'xiaoer-web-'));
    await mkdir(join(webDir, 'widget', 'assets'), { recursive: true });
    await writeFile(join(webDir, 'widget', 'index.html'), '<!doctype html><title>chat</title><script type="module" src="./assets/a.js"></script>');
    await writeFile(join(webDir, 'widget', 'assets', 'a.js'), 'console.log(1)');
    server = await buildServer(h.deps, { logLevel: 'silent', webDir, ...options });
    return { h, app: server.app };
  }

  it('sends a strict CSP without inline script, nosniff and no Referer on pages, assets, API and docs', async () => {
    const { app } = await serve();
    for (const url of ['/', '/assets/a.js', '/healthz', '/api/v1/shops/tiny', '/docs', '/docs/static/index.html', '/nowhere']) {
      const r = await app.inject({ url });
      const csp = directives(r.headers['content-security-policy']);
      expect([url, csp.get('script-src'), csp.get('script-src-attr'), csp.get('object-src'), csp.get('default-src')]).toEqual([url, "'self'", "'none'", "'none'", "'self'"]);
      expect([url, r.headers['x-content-type-options'], r.headers['referrer-policy']]).toEqual([url, 'nosniff', 'no-referrer']);
      expect([url, r.headers['strict-transport-security']]).toEqual([url, undefined]);
    }
  });

  it("lets only the chat page be framed, by this site and the sites its shop lists; nothing else", async () => {
    const { app } = await serve({}, { allowed_origins: ['https://shop.example.com', 'http://127.0.0.1:8080'] });
    const frame = async (url: string, method: 'GET' | 'HEAD' = 'GET') => {
      const r = await app.inject({ method, url });
      return [directives(r.headers['content-security-policy']).get('frame-ancestors'), r.headers['x-frame-options']];
    };
    expect(await frame('/?shop=tiny')).toEqual(["'self' https://shop.example.com http://127.0.0.1:8080", undefined]);
    expect(await frame('/?shop=tiny', 'HEAD')).toEqual(["'self' https://shop.example.com http://127.0.0.1:8080", undefined]);
    expect(await frame('/index.html?shop=tiny&product=tee')).toEqual(["'self' https://shop.example.com http://127.0.0.1:8080", undefined]);
    // The default shop (demo-zh, not on this server), an unknown shop and a malformed id: this site only.
    expect(await frame('/')).toEqual(["'self'", 'SAMEORIGIN']);
    expect(await frame('/?shop=other')).toEqual(["'self'", 'SAMEORIGIN']);
    expect(await frame('/?shop=%27none%27%20https://evil.example')).toEqual(["'self'", 'SAMEORIGIN']);
    for (const url of ['/assets/a.js', '/docs', '/api/v1/shops/tiny', '/agent/', '/admin/']) expect(await frame(url)).toEqual(["'none'", 'DENY']);
  });

  it('sends HSTS and Secure session cookies when the public URL is https, even over plain HTTP from a proxy', async () => {
    const login = (app: XiaoerServer['app']) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { shop: 'tiny', username: 'mei', password: PASSWORD } });
    const plain = await serve({ publicUrl: 'http://localhost:3000' });
    const r1 = await login(plain.app);
    expect(r1.statusCode).toBe(200);
    expect(String(r1.headers['set-cookie'])).not.toMatch(/Secure/);
    expect(r1.headers['strict-transport-security']).toBeUndefined();
    await server?.app.close();

    const tls = await serve({ publicUrl: 'https://kefu.example.com' });
    const r2 = await login(tls.app);
    expect(String(r2.headers['set-cookie'])).toMatch(/^xiaoer_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200; Secure$/);
    expect(r2.headers['strict-transport-security']).toBe('max-age=31536000');
    const out = await tls.app.inject({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0; Secure$/);
    expect(directives((await tls.app.inject({ url: '/' })).headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(true);
  });

  it('serves /metrics only with the bearer token when one is set', async () => {
    const open = await serve();
    expect((await open.app.inject({ url: '/metrics' })).statusCode).toBe(200);
    await server?.app.close();

    const { app } = await serve({ metricsToken: TOKEN });
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN]) {
      const r = await app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
      expect([authorization, r.statusCode, r.json().error.code]).toEqual([authorization, 401, 'XIAOER_METRICS_UNAUTHORIZED']);
      expect(r.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    const ok = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('xiaoer_messages_total');
  });

  it('hides the API docs when asked', async () => {
    const shown = await serve();
    expect((await shown.app.inject({ url: '/docs' })).statusCode).toBe(200);
    await server?.app.close();
    const { app } = await serve({ apiDocs: false });
    for (const url of ['/docs', '/docs/', '/docs/json', '/docs/static/index.html']) expect([url, (await app.inject({ url })).statusCode]).toEqual([url, 404]);
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('is ready while the store takes writes, unavailable once it does not; liveness does not look at the store', async () => {
    const { h, app } = await serve({ nodeId: 'node-test' });
    const ready = await app.inject({ url: '/readyz' });
    expect([ready.statusCode, ready.json()]).toEqual([200, { status: 'ready' }]);
    await h.store.close();
    const down = await app.inject({ url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'unavailable', reason: expect.stringMatching(/^the store does not accept writes/) });
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });

  it('reads XIAOER_PUBLIC_URL, XIAOER_METRICS_TOKEN and XIAOER_API_DOCS', () => {
    const r = parseConfig({ XIAOER_PUBLIC_URL: 'https://kefu.example.com', XIAOER_METRICS_TOKEN: TOKEN, XIAOER_API_DOCS: 'off' });
    expect(r.ok && [r.config.publicUrl, r.config.metricsToken, r.config.apiDocs]).toEqual(['https://kefu.example.com', TOKEN, false]);
    const d = parseConfig({});
    expect(d.ok && [d.config.publicUrl, d.config.metricsToken, d.config.apiDocs]).toEqual([undefined, undefined, true]);
    const bad = parseConfig({ XIAOER_PUBLIC_URL: 'kefu.example.com', XIAOER_METRICS_TOKEN: 'short', XIAOER_API_DOCS: 'no' });
    expect(bad.ok ? [] : bad.problems.map((p) => p.split(':')[0])).toEqual(['XIAOER_PUBLIC_URL', 'XIAOER_METRICS_TOKEN', 'XIAOER_API_DOCS']);
  });
});
