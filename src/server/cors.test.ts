// CORS on the shopper API and Socket.IO: a shop's own sites (allowed_origins) may call it from the
// browser, nobody else; requests without an Origin, or from this server, behave as before. And the
// embeddable widget's scripts are served to any site.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { appHarness } from '../testing/app-harness.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import { buildServer, type XiaoerServer } from './build-server.js';
import { isCrossOrigin } from './cors.js';

const SHOP_SITE = 'https://shop.example.com';
const EVIL = 'https://evil.example';

describe('CORS for the embeddable widget', () => {
  let server: XiaoerServer | undefined;
  afterEach(async () => {
    await server?.app.close();
    server = undefined;
  });

  async function serve() {
    const h = await appHarness({ bundle: tinyBundle({ allowed_origins: [SHOP_SITE] }) });
    const webDir = await mkdtemp(join(tmpdir(), 'xiaoer-web-'));
    await mkdir(join(webDir, 'embed'), { recursive: true });
    await writeFile(join(webDir, 'embed', 'widget.js'), 'console.log("loader")');
    await writeFile(join(webDir, 'embed', 'widget-chat-AbC123xy.js'), 'console.log("chat")');
    server = await buildServer(h.deps, { logLevel: 'silent', webDir });
    return server.app;
  }

  it('echoes a listed origin on shop and product info, with Vary: Origin; no ACAO for others or without Origin', async () => {
    const app = await serve();
    const get = (url: string, origin?: string) => app.inject({ url, headers: origin ? { origin } : {} });
    const ok = await get('/api/v1/shops/tiny', SHOP_SITE);
    expect([ok.statusCode, ok.headers['access-control-allow-origin'], ok.headers['vary']]).toEqual([200, SHOP_SITE, 'Origin']);
    const product = await get('/api/v1/shops/tiny/products/cotton-tee', SHOP_SITE);
    expect([product.statusCode, product.headers['access-control-allow-origin']]).toEqual([200, SHOP_SITE]);
    for (const origin of [EVIL, 'null', 'https://shop.example.com.evil.example', 'http://shop.example.com']) {
      const r = await get('/api/v1/shops/tiny', origin);
      expect([origin, r.headers['access-control-allow-origin'], r.headers['vary']]).toEqual([origin, undefined, 'Origin']);
    }
    // Same-origin and no Origin: as before.
    const plain = await get('/api/v1/shops/tiny');
    expect([plain.statusCode, plain.headers['access-control-allow-origin']]).toEqual([200, undefined]);
    const own = await app.inject({ url: '/api/v1/shops/tiny', headers: { origin: 'http://localhost:80', host: 'localhost:80' } });
    expect([own.statusCode, own.headers['access-control-allow-origin']]).toEqual([200, undefined]);
    // Another shop's origin list does not open this one (an unknown shop lists nobody).
    expect((await get('/api/v1/shops/other', SHOP_SITE)).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers preflights for listed origins with the methods and headers used, and refuses the others with 403', async () => {
    const app = await serve();
    const preflight = (url: string, origin: string) =>
      app.inject({ method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
    const open = await app.inject({ method: 'POST', url: '/api/v1/conversations', payload: { shop: 'tiny' } });
    const { id, token } = open.json() as { id: string; token: string };
    for (const url of ['/api/v1/conversations?shop=tiny', `/api/v1/conversations/${id}/messages`, `/api/v1/conversations/${id}/rating`, `/api/v1/conversations/${id}/handoff`, '/api/v1/shops/tiny/products/cotton-tee']) {
      const r = await preflight(url, SHOP_SITE);
      expect([url, r.statusCode, r.headers['access-control-allow-origin'], r.headers['access-control-allow-methods'], r.headers['access-control-allow-headers'], r.headers['vary']]).toEqual([
        url,
        204,
        SHOP_SITE,
        'GET, POST, OPTIONS',
        'content-type, authorization',
        'Origin',
      ]);
      const refused = await preflight(url, EVIL);
      expect([url, refused.statusCode, refused.headers['access-control-allow-origin']]).toEqual([url, 403, undefined]);
    }
    // Not the shop's webhooks (server to server), nor the staff API.
    for (const url of ['/api/v1/shops/tiny/webhooks/orders', '/api/v1/admin/shops/tiny/analytics']) {
      const r = await preflight(url, SHOP_SITE);
      expect([url, r.headers['access-control-allow-origin']]).toEqual([url, undefined]);
      expect((await app.inject({ url, headers: { origin: SHOP_SITE } })).headers['access-control-allow-origin']).toBeUndefined();
    }
    // Opening a conversation: the preflight needs the shop in the query; the request itself is judged by its body.
    expect((await preflight('/api/v1/conversations', SHOP_SITE)).statusCode).toBe(403);
    expect((await preflight('/api/v1/conversations/no-such-conversation/messages', SHOP_SITE)).statusCode).toBe(403);
    const created = await app.inject({ method: 'POST', url: '/api/v1/conversations?shop=tiny', headers: { origin: SHOP_SITE }, payload: { shop: 'tiny' } });
    expect([created.statusCode, created.headers['access-control-allow-origin']]).toEqual([201, SHOP_SITE]);
    const elsewhere = await app.inject({ method: 'POST', url: '/api/v1/conversations', headers: { origin: EVIL }, payload: { shop: 'tiny' } });
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
    // A conversation's routes: the conversation's shop decides.
    const rated = await app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/rating`, headers: { origin: SHOP_SITE, authorization: `Bearer ${token}` }, payload: { score: 5 } });
    expect([rated.statusCode, rated.headers['access-control-allow-origin']]).toEqual([200, SHOP_SITE]);
    const read = await app.inject({ url: `/api/v1/conversations/${id}/messages`, headers: { origin: EVIL, authorization: `Bearer ${token}` } });
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('admits Socket.IO connections from a listed origin for that shop only', async () => {
    await serve();
    await server!.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server!.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const attempt = (origin: string | undefined, shop: string | undefined, transports: string[]) =>
      new Promise<string>((resolve) => {
        const s = connect(base, { path: '/socket.io', transports, reconnection: false, ...(shop ? { query: { shop } } : {}), ...(origin ? { extraHeaders: { origin } } : {}) });
        s.on('connect', () => {
          s.timeout(5_000).emit('conversation:start', { shop: 'tiny' }, (err: Error | null, ack: { ok: boolean; error?: { code: string } }) => {
            s.close();
            resolve(err ? 'timeout' : ack.ok ? 'started' : (ack.error?.code ?? 'refused'));
          });
        });
        s.on('connect_error', () => {
          s.close();
          resolve('refused');
        });
      });
    for (const transports of [['websocket'], ['polling']]) {
      expect(await attempt(undefined, undefined, transports)).toBe('started');
      expect(await attempt(SHOP_SITE, 'tiny', transports)).toBe('started');
      expect(await attempt(EVIL, 'tiny', transports)).toBe('refused');
      expect(await attempt(SHOP_SITE, undefined, transports)).toBe('refused');
    }
    // Polling's CORS: the listed origin is echoed, another is not.
    const poll = async (origin: string) => (await fetch(`${base}/socket.io/?EIO=4&transport=polling&shop=tiny`, { headers: { origin } })).headers.get('access-control-allow-origin');
    expect(await poll(SHOP_SITE)).toBe(SHOP_SITE);
    expect(await poll(EVIL)).toBeNull();
  });

  it("serves widget.js and the chat chunk to any site: cross-origin resource policy, the chunk's hash cached for a year", async () => {
    const app = await serve();
    const loader = await app.inject({ url: '/widget.js', headers: { origin: EVIL } });
    expect([loader.statusCode, loader.headers['cross-origin-resource-policy'], loader.headers['content-type'], loader.headers['cache-control']]).toEqual([200, 'cross-origin', 'text/javascript; charset=utf-8', 'public, max-age=300']);
    const chunk = await app.inject({ url: '/widget-chat-AbC123xy.js' });
    expect([chunk.statusCode, chunk.headers['cross-origin-resource-policy'], chunk.headers['cache-control'], chunk.body]).toEqual([200, 'cross-origin', 'public, max-age=31536000, immutable', 'console.log("chat")']);
    for (const url of ['/widget-chat-..%2f..%2fetc.js', '/widget-chat-nope.js', '/widget-chat-AbC123xy.css']) expect([url, (await app.inject({ url })).statusCode]).toEqual([url, 404]);
  });

  it('tells same-origin from cross-origin', () => {
    expect(isCrossOrigin(undefined, 'kefu.example.com', undefined)).toBe(false);
    expect(isCrossOrigin('https://kefu.example.com', 'kefu.example.com', undefined)).toBe(false);
    expect(isCrossOrigin('https://kefu.example.com', 'internal:3000', 'https://kefu.example.com')).toBe(false);
    expect(isCrossOrigin('https://shop.example.com', 'kefu.example.com', 'https://kefu.example.com')).toBe(true);
    expect(isCrossOrigin('null', 'kefu.example.com', undefined)).toBe(true);
  });
});
