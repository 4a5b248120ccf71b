// The HTTP API as a client sees it, on every store, and on two nodes sharing PostgreSQL and
// Redis with requests alternating between them: status codes, payloads and error codes.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appHarness } from '../testing/app-harness.js';
import { clusterAvailable, openCluster } from '../testing/cluster.js';
import { storesUnderTest } from '../testing/store-locations.js';
import { buildServer } from './build-server.js';

type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>;

/** Where the suite sends its requests: one node per store, and a two-node cluster when it can run. */
const targets: { name: string; open(): Promise<{ inject: Inject; close(): Promise<void> }> }[] = storesUnderTest().map((kind) => ({
  name: kind.name,
  open: async () => {
    const opened = await kind.open();
    const h = await appHarness({ store: opened.store });
    const server = await buildServer(h.deps, { logLevel: 'silent' });
    return {
      inject: (o) => server.app.inject(o),
      close: async () => {
        await server.app.close();
        await opened.cleanup();
      },
    };
  },
}));
if (clusterAvailable()) {
  targets.push({
    name: 'two nodes on postgres + redis',
    open: async () => {
      const cluster = await openCluster();
      let n = 0;
      return { inject: (o) => cluster.nodes[n++ % 2]!.server.app.inject(o), close: () => cluster.close() };
    },
  });
}

for (const kind of targets) {
  describe(`HTTP API on ${kind.name}`, () => {
    const server = { app: { inject: (o: InjectOptions) => target.inject(o) } };
    let target: { inject: Inject; close(): Promise<void> };

    beforeAll(async () => {
      target = await kind.open();
    });
    afterAll(async () => {
      await target.close();
    });

    /** The access token of each conversation opened, by id: every shopper request shows it. */
    const tokens = new Map<string, string>();
    const bearer = (url: string) => {
      const token = tokens.get(/conversations\/([^/]+)/.exec(url)?.[1] ?? '');
      return token ? { authorization: `Bearer ${token}` } : {};
    };
    const post = async (url: string, body: unknown) => {
      const r = await server.app.inject({ method: 'POST', url, payload: body as object, headers: bearer(url) });
      if (url === '/api/v1/conversations' && r.statusCode === 201) tokens.set(r.json().id, r.json().token);
      return r;
    };
    const get = (url: string) => server.app.inject({ method: 'GET', url, headers: bearer(url) });
    async function open(): Promise<string> {
      const r = await post('/api/v1/conversations', { shop: 'tiny' });
      expect(r.statusCode).toBe(201);
      return r.json().id;
    }

    it('opens a conversation with the greeting and answers from the knowledge base', async () => {
      const created = await post('/api/v1/conversations', { shop: 'tiny', customer: { id: 'cust-1' } });
      expect(created.statusCode).toBe(201);
      expect(created.json().greeting.text).toBe('您好，欢迎光临小店！');
      const id = created.json().id;
      const r = await post(`/api/v1/conversations/${id}/messages`, { text: '今天拍明天能发吗', clientMessageId: 'a1' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ message: { text: '今天拍明天能发吗', direction: 'in' }, replies: [{ text: '付款后48小时内发货。', trace: { source: 'faq', faqId: 'shipping-time' } }], duplicate: false });
      const list = await get(`/api/v1/conversations/${id}/messages`);
      expect(list.json().messages.map((m: { direction: string }) => m.direction)).toEqual(['out', 'in', 'out']);
    });

    it('answers with catalog facts and the page product', async () => {
      const r = await post('/api/v1/conversations', { shop: 'tiny', page: { productId: 'cotton-tee' } });
      const id = r.json().id;
      const a = await post(`/api/v1/conversations/${id}/messages`, { text: '这款黑色L还有吗', clientMessageId: 'a1' });
      expect(a.json().replies[0].text).toContain('库存 5 件');
      expect(a.json().replies[0].trace).toMatchObject({ source: 'product', productId: 'cotton-tee', skus: ['TEE-BLK-L'] });
    });

    it('matches the page product id without regard to case, keeping the shop\'s spelling', async () => {
      const r = await post('/api/v1/conversations', { shop: 'tiny', page: { productId: 'Cotton-Tee' } });
      expect(r.statusCode).toBe(201);
      const a = await post(`/api/v1/conversations/${r.json().id}/messages`, { text: '这款黑色L还有吗', clientMessageId: 'a1', page: { productId: 'COTTON-TEE' } });
      expect(a.json().replies[0].trace).toMatchObject({ source: 'product', productId: 'cotton-tee' });
      expect((await server.app.inject({ url: '/api/v1/shops/tiny/products/COTTON-TEE' })).json()).toMatchObject({ id: 'cotton-tee' });
    });

    it('returns the same result for a resent clientMessageId', async () => {
      const id = await open();
      const a = await post(`/api/v1/conversations/${id}/messages`, { text: '能开票吗', clientMessageId: 'same' });
      const b = await post(`/api/v1/conversations/${id}/messages`, { text: '能开票吗', clientMessageId: 'same' });
      expect(b.statusCode).toBe(200);
      expect(b.json().duplicate).toBe(true);
      expect(b.json().replies[0].id).toBe(a.json().replies[0].id);
    });

    it('maps every bad input to a 4xx with a stable code', async () => {
      const id = await open();
      const cases: [string, () => ReturnType<typeof post>, number, string][] = [
        ['empty text', () => post(`/api/v1/conversations/${id}/messages`, { text: '   ', clientMessageId: 'e1' }), 400, 'XIAOER_EMPTY_MESSAGE'],
        ['oversized text', () => post(`/api/v1/conversations/${id}/messages`, { text: 'x'.repeat(4097), clientMessageId: 'e2' }), 413, 'XIAOER_MESSAGE_TOO_LARGE'],
        ['no conversation token', () => post('/api/v1/conversations/cnv_nope/messages', { text: 'hi', clientMessageId: 'e3' }), 401, 'XIAOER_CONVERSATION_TOKEN_REQUIRED'],
        ['missing field', () => post(`/api/v1/conversations/${id}/messages`, { text: 'hi' }), 400, 'XIAOER_VALIDATION'],
        ['wrong type', () => post(`/api/v1/conversations/${id}/messages`, { text: 42, clientMessageId: 'e4' }), 400, 'XIAOER_VALIDATION'],
        ['unknown field', () => post('/api/v1/conversations', { shop: 'tiny', admin: true }), 400, 'XIAOER_VALIDATION'],
        ['unknown shop', () => post('/api/v1/conversations', { shop: 'nope' }), 404, 'XIAOER_SHOP_NOT_FOUND'],
        ['unknown page product', () => post('/api/v1/conversations', { shop: 'tiny', page: { productId: 'ghost' } }), 404, 'XIAOER_PRODUCT_NOT_FOUND'],
        ['reused client id', async () => {
          await post(`/api/v1/conversations/${id}/messages`, { text: '能开票吗', clientMessageId: 'dup' });
          return post(`/api/v1/conversations/${id}/messages`, { text: '多久发货', clientMessageId: 'dup' });
        }, 409, 'XIAOER_CLIENT_MESSAGE_ID_REUSED'],
        ['unknown route', () => server.app.inject({ method: 'GET', url: '/api/v1/nothing' }), 404, 'XIAOER_ROUTE_NOT_FOUND'],
      ];
      for (const [name, send, status, code] of cases) {
        const r = await send();
        expect({ name, status: r.statusCode, code: r.json().error?.code }).toEqual({ name, status, code });
      }
    });

    it('rejects malformed JSON, a wrong content type and a huge body without a 500', async () => {
      const id = await open();
      const url = `/api/v1/conversations/${id}/messages`;
      const json = { 'content-type': 'application/json', ...bearer(url) };
      const malformed = await server.app.inject({ method: 'POST', url, headers: json, payload: '{"text": "hi", ' });
      expect([malformed.statusCode, malformed.json().error.code]).toEqual([400, 'XIAOER_MALFORMED_JSON']);
      const emptyJson = await server.app.inject({ method: 'POST', url, headers: json, payload: '' });
      expect([emptyJson.statusCode, emptyJson.json().error.code]).toEqual([400, 'XIAOER_MALFORMED_JSON']);
      const text = await server.app.inject({ method: 'POST', url, headers: { ...json, 'content-type': 'text/plain' }, payload: 'hello' });
      expect([text.statusCode, text.json().error.code]).toEqual([415, 'XIAOER_UNSUPPORTED_MEDIA_TYPE']);
      const huge = await server.app.inject({ method: 'POST', url, headers: json, payload: JSON.stringify({ text: 'x'.repeat(200_000), clientMessageId: 'h' }) });
      expect([huge.statusCode, huge.json().error.code]).toEqual([413, 'XIAOER_BODY_TOO_LARGE']);
      // Nothing of the refused requests was stored.
      const list = await get(url);
      expect(list.json().messages).toHaveLength(1);
    });

    it('counts handled messages and replies by source at /metrics', async () => {
      const id = await open();
      await post(`/api/v1/conversations/${id}/messages`, { text: '能开票吗', clientMessageId: 'm1' });
      await post(`/api/v1/conversations/${id}/messages`, { text: '能开票吗', clientMessageId: 'm1' });
      await post(`/api/v1/conversations/${id}/messages`, { text: '今天股市怎么样', clientMessageId: 'm2' });
      // Each node counts what it handled: read them all (two reads reach both nodes of a cluster).
      const text = (await server.app.inject({ url: '/metrics' })).body + (await server.app.inject({ url: '/metrics' })).body;
      expect(text).toMatch(/xiaoer_replies_total\{source="faq"\} [1-9]/);
      expect(text).toMatch(/xiaoer_replies_total\{source="fallback"\} [1-9]/);
      expect(text).toMatch(/xiaoer_messages_total\{duplicate="true"\} [1-9]/);
      expect(text).toContain('xiaoer_turn_seconds_bucket');
      expect(text).toContain('xiaoer_process_cpu_seconds_total');
    });

    it('opens a conversation only to the token it was opened with, never to its id alone', async () => {
      const id = await open();
      const token = tokens.get(id) ?? '';
      expect(token).toMatch(/^[\w-]{43}$/); // 256 random bits, base64url
      expect(id).toMatch(/^cnv_[0-9a-z]{30}$/);
      const other = await open();
      const as = (t: string | undefined) => (t === undefined ? {} : { authorization: `Bearer ${t}` });
      const url = `/api/v1/conversations/${id}`;
      const attempts = [
        [undefined, 'XIAOER_CONVERSATION_TOKEN_REQUIRED'],
        [tokens.get(other), 'XIAOER_CONVERSATION_ACCESS_DENIED'],
        ['x'.repeat(43), 'XIAOER_CONVERSATION_ACCESS_DENIED'],
        ['a.b.c', 'XIAOER_CONVERSATION_ACCESS_DENIED'], // an identity token for a visitor's conversation
      ] as const;
      for (const [t, code] of attempts) {
        const read = await server.app.inject({ method: 'GET', url: `${url}/messages`, headers: as(t) });
        const write = await server.app.inject({ method: 'POST', url: `${url}/messages`, headers: as(t), payload: { text: '能开票吗', clientMessageId: 'z1' } });
        const identify = await server.app.inject({ method: 'POST', url: `${url}/identify`, headers: as(t), payload: { token: 'x'.repeat(20) } });
        for (const r of [read, write, identify]) expect([r.statusCode, r.json().error.code]).toEqual([401, code]);
      }
      // Nothing was written by the refused requests; the right token reads the transcript.
      const mine = await server.app.inject({ method: 'GET', url: `${url}/messages`, headers: as(token) });
      expect(mine.json().messages).toHaveLength(1);
      const lower = await server.app.inject({ method: 'GET', url: `${url}/messages`, headers: { authorization: `bearer ${token}` } });
      expect(lower.statusCode).toBe(200);
    });

    it('cleans text from outside once, so both stores keep the same and a resend is a duplicate', async () => {
      const id = await open();
      const url = `/api/v1/conversations/${id}/messages`;
      const dirty = '能开票吗\u0000\ud800\u0007';
      const first = await post(url, { text: dirty, clientMessageId: 'nul-1' });
      expect(first.statusCode).toBe(200);
      expect(first.json().message.text).toBe('能开票吗\ufffd');
      const again = await post(url, { text: dirty, clientMessageId: 'nul-1' });
      expect([again.statusCode, again.json().duplicate]).toEqual([200, true]);
      const blank = await post(url, { text: '\u200b \u200d\u0000\ufeff', clientMessageId: 'blank' });
      expect([blank.statusCode, blank.json().error.code]).toEqual([400, 'XIAOER_EMPTY_MESSAGE']);
      // NUL elsewhere (ids, usernames, paths) is a 4xx, never a 500.
      const elsewhere = [
        await post('/api/v1/conversations', { shop: 'tiny\u0000' }),
        await post('/api/v1/conversations', { shop: '\u0000' }),
        await server.app.inject({ method: 'GET', url: '/api/v1/shops/tiny%00' }),
        await server.app.inject({ method: 'GET', url: '/api/v1/shops/tiny/products/%00x' }),
        await server.app.inject({ method: 'GET', url: '/api/v1/conversations/%00/messages', headers: { authorization: 'Bearer abc' } }),
        await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { shop: 'tiny\u0000', username: 'a\u0000b', password: 'p\u0000assword123' } }),
      ];
      for (const r of elsewhere) expect(r.statusCode).toBeLessThan(500);
    });

    it('serves health, shop data and the OpenAPI document', async () => {
      expect((await server.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const shop = (await server.app.inject({ url: '/api/v1/shops/tiny' })).json();
      expect(shop.products.map((p: { id: string }) => p.id)).toEqual(['cotton-tee', 'baby-bodysuit']);
      const product = (await server.app.inject({ url: '/api/v1/shops/tiny/products/cotton-tee' })).json();
      expect(product.variants).toContainEqual({ sku: 'TEE-BLK-L', options: { color: '黑色', size: 'L' }, price: '79', stock: 5 });
      const doc = (await server.app.inject({ url: '/docs/json' })).json();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/conversations', '/api/v1/conversations/{id}/messages', '/healthz']));
      expect(doc.paths['/api/v1/conversations/{id}/messages'].post.requestBody.content['application/json'].schema.required).toEqual(['text', 'clientMessageId']);
    });
  });
}
