// Bounded fuzzing of everything a client can send, on every store: every HTTP route (from the
// OpenAPI document plus the undocumented ones) with hostile cookies, headers, paths and bodies,
// signed in or not, on real conversations; Socket.IO events and raw packets on both namespaces.
// Nothing may answer 5xx, every 4xx carries {error: {code: 'XIAOER_…', message}}, nothing may end
// the process, and afterwards the server still serves a normal conversation.
// Reproducible: XIAOER_FUZZ_SEED (printed) and XIAOER_FUZZ_RUNS (runs per HTTP route) pick the inputs.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importShop } from '../app/shops/import-shop.js';
import { publishShop } from '../app/shops/publish-shop.js';
import { createStaff } from '../app/staff/accounts.js';
import { tokenHash } from '../app/secret-token.js';
import { appHarness } from '../testing/app-harness.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import {
  bodyOf,
  contentType,
  describeRequest,
  hostileCookie,
  hostileHeaders,
  hostileSegment,
  hostileString,
  jsonish,
  mutated,
  nested,
  otherMethod,
  query,
  show,
  type FuzzRequest,
} from '../testing/fuzz-arbitraries.js';
import { storesUnderTest } from '../testing/store-locations.js';
import { HUMAN_AGENT_FLOW } from '../testing/test-flows.js';
import { buildServer, type XiaoerServer } from './build-server.js';

const SEED = Number(process.env['XIAOER_FUZZ_SEED'] ?? 20_261_125);
/** Runs per HTTP route and method; the other targets scale from it. */
const RUNS = Number(process.env['XIAOER_FUZZ_RUNS'] ?? 40);
const PASSWORD = 'correct horse battery';
const IDENTITY_SECRET = 'fuzz-identity-secret-of-32-bytes!!';
const SOCKET_EVENTS = ['conversation:start', 'message:send', 'conversation:resume', 'agent:status'] as const;
/** Names socket.io-client refuses to emit. */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

console.info(`[xiaoer fuzz] seed ${SEED}, ${RUNS} runs per HTTP route (XIAOER_FUZZ_SEED / XIAOER_FUZZ_RUNS to change)`);

/** A route to fuzz: its method, path template ({param}), and valid bodies to mutate. */
interface Route {
  method: string;
  path: string;
  bodies?: unknown[];
  /** Runs relative to RUNS (login hashes a password per attempt). */
  weight?: number;
}

/** Uncaught errors of the process while the suite runs. */
const processErrors: string[] = [];
const onUncaught = (err: unknown) => processErrors.push(`uncaughtException: ${String((err as Error)?.stack ?? err)}`);
const onRejection = (err: unknown) => processErrors.push(`unhandledRejection: ${String((err as Error)?.stack ?? err)}`);

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`HANG: no answer in ${ms} ms to ${what}`)), ms)))]).finally(() => clearTimeout(timer));
}

/** What is wrong with a response, if anything: a 5xx, or a 4xx without the error body. */
function problemOf(method: string, status: number, body: string): string | undefined {
  if (status >= 500) return `status ${status} ${show(body, 200)}`;
  if (status >= 400 && method !== 'HEAD') {
    let parsed: { error?: { code?: unknown; message?: unknown } } | undefined;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `status ${status} without a JSON body: ${show(body, 200)}`;
    }
    const e = parsed?.error;
    if (!e || typeof e.code !== 'string' || !/^XIAOER_[A-Z_]+$/.test(e.code) || typeof e.message !== 'string') return `status ${status} without {error: {code: XIAOER_…, message}}: ${show(body, 200)}`;
  }
  return undefined;
}


for (const kind of storesUnderTest()) {
  describe(`fuzzing every client input on ${kind.name}`, () => {
    let server: XiaoerServer;
    let cleanup: () => Promise<void> = async () => undefined;
    let base = '';
    let webDir = '';
    let agentCookie = '';
    let adminCookie = '';
    let agentLan = '';
    let mintSession: () => Promise<string> = async () => '';
    /** Conversations to aim at, with their shopper token when the API hands one out. */
    const conversations: { id: string; shop: string; token?: string }[] = [];
    const tokens: string[] = [];
    /** Unexpected results: route or event, reproduction, what was wrong. */
    const findings: string[] = [];
    const timings: string[] = [];
    /** Prints and fails on the findings since `from`. */
    const settle = (from: number, what: string) => {
      const mine = findings.slice(from);
      if (mine.length) console.info(`[xiaoer fuzz] ${kind.name} ${what}: ${mine.length} finding(s):\n  ${mine.join('\n  ')}`);
      expect(mine).toEqual([]);
    };
    let started = 0;

    beforeAll(async () => {
      started = Date.now();
      process.on('uncaughtException', onUncaught);
      process.on('unhandledRejection', onRejection);
      const opened = await kind.open();
      cleanup = opened.cleanup;
      const h = await appHarness({ store: opened.store, bundle: { ...tinyBundle(), sops: [HUMAN_AGENT_FLOW] }, secrets: { FUZZ_IDENTITY: IDENTITY_SECRET } });
      const withIdentity = { ...tinyBundle({ id: 'tiny-id', name: '认证小店', identity: { secret_env: 'FUZZ_IDENTITY' } }), sops: [HUMAN_AGENT_FLOW] };
      await importShop(h.deps, withIdentity);
      await publishShop(h.deps, 'tiny-id');
      const mei = await createStaff(h.deps, { shopId: 'tiny', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
      agentLan = (await createStaff(h.deps, { shopId: 'tiny', username: 'lan', role: 'agent', groups: [], password: PASSWORD })).id;
      await createStaff(h.deps, { shopId: 'tiny', username: 'boss', role: 'admin', groups: [], password: PASSWORD });
      // The static web apps are served too (path handling of @fastify/static).
      webDir = mkdtempSync(join(tmpdir(), 'xiaoer-fuzz-web-'));
      for (const app of ['widget', 'agent', 'admin']) {
        mkdirSync(join(webDir, app, 'assets'), { recursive: true });
        writeFileSync(join(webDir, app, 'index.html'), `<!doctype html><title>${app}</title>`);
        writeFileSync(join(webDir, app, 'assets', 'a.js'), 'console.log(1)');
      }
      // Within the agents' hours (10:00 in Shanghai), whenever the suite runs; X-Forwarded-* parsed from loopback.
      server = await buildServer({ ...h.deps, clock: { now: () => '2026-11-25T02:00:00.000Z' } }, { logLevel: 'silent', webDir, trustProxy: ['127.0.0.1', '::1'] });
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      const address = server.app.server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const login = async (username: string) => {
        const r = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { shop: 'tiny', username, password: PASSWORD }, remoteAddress: '10.1.1.1' });
        expect(r.statusCode).toBe(200);
        return String(r.headers['set-cookie']).split(';')[0] ?? '';
      };
      agentCookie = await login('mei');
      adminCookie = await login('boss');
      // Sessions for logout (which ends them), without hashing a password each time.
      mintSession = async () => {
        const token = randomBytes(32).toString('base64url');
        await h.store.staff.insertSession(tokenHash(token), mei.id, '2026-11-25T02:00:00.000Z', '2026-11-25T14:00:00.000Z');
        return `xiaoer_session=${token}`;
      };
      const open = async (body: object) => {
        const r = await server.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: body });
        expect(r.statusCode).toBe(201);
        const c = r.json() as { id: string; shop: string; token?: string };
        conversations.push({ id: c.id, shop: c.shop, ...(c.token ? { token: c.token } : {}) });
        if (c.token) tokens.push(c.token);
        return c;
      };
      for (let i = 0; i < 3; i++) await open({ shop: 'tiny', customer: { id: `c${i}` } });
      await open({ shop: 'tiny', page: { productId: 'cotton-tee' } });
      await open({ shop: 'tiny-id' });
      // One queued and claimed by mei, one queued: the workspace routes act on them.
      for (const c of conversations.slice(0, 2)) {
        const r = await server.app.inject({ method: 'POST', url: `/api/v1/conversations/${c.id}/messages`, payload: { text: '转人工', clientMessageId: 'h1' }, headers: c.token ? { authorization: `Bearer ${c.token}` } : {} });
        expect(r.statusCode).toBe(200);
      }
      const claim = await server.app.inject({ method: 'POST', url: `/api/v1/agent/conversations/${conversations[0]?.id}/claim`, headers: { cookie: agentCookie } });
      expect(claim.statusCode).toBe(200);
    });

    afterAll(async () => {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onRejection);
      console.info(`[xiaoer fuzz] ${kind.name}: ${timings.join(', ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await server?.app.close();
      await cleanup();
      if (webDir) rmSync(webDir, { recursive: true, force: true });
    });

    const identityToken = (claims: Record<string, unknown>, shop = 'tiny-id', exp = '2099-01-01T00:00:00Z') =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setAudience(shop).setExpirationTime(new Date(exp)).sign(new TextEncoder().encode(IDENTITY_SECRET));

    /** Sends over inject; returns what was wrong with the answer, if anything. */
    async function probe(r: FuzzRequest): Promise<string | undefined> {
      const send = (q: FuzzRequest) =>
        withTimeout(
          server.app.inject({ method: q.method as 'GET', url: q.url, headers: q.headers, ...(q.payload !== undefined ? { payload: q.payload } : {}), remoteAddress: '127.0.0.1' }),
          10_000,
          describeRequest(q),
        );
      const res = await send(r);
      return problemOf(r.method, res.statusCode, res.body);
    }

    /** Runs a property for one target; a failure is kept with its shrunk reproduction. */
    async function fuzz<T>(target: string, arb: fc.Arbitrary<T>, numRuns: number, run: (value: T) => Promise<string | undefined>, render: (value: T) => string) {
      const t0 = Date.now();
      const details = await fc.check(
        fc.asyncProperty(arb, async (value) => {
          const problem = await run(value);
          if (problem) throw new Error(problem);
        }),
        { numRuns, seed: SEED, endOnFailure: false },
      );
      if (details.failed && details.counterexample) {
        const [value] = details.counterexample;
        findings.push(`${target}: ${render(value)} → ${String((details.errorInstance as Error)?.message ?? details.errorInstance).slice(0, 400)} (seed ${details.seed}, path ${details.counterexamplePath})`);
      }
      return Date.now() - t0;
    }

    /** A valid value for a path parameter. */
    const validParam = (name: string): fc.Arbitrary<string> => {
      switch (name) {
        case 'id':
          return fc.constantFrom(...conversations.map((c) => c.id));
        case 'shop':
          return fc.constantFrom('tiny', 'tiny-id');
        case 'productId':
          return fc.constantFrom('cotton-tee', 'baby-bodysuit');
        case 'key':
          return fc.constantFrom('c0', 'c1', ...conversations.map((c) => `visitor:${c.id}`));
        default:
          return fc.constant('x');
      }
    };

    /** Hostile requests to a route: its method mostly, valid or hostile parameters, every kind of session and body. */
    function requestTo(route: Route): fc.Arbitrary<FuzzRequest> {
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
      const segments = fc.tuple(...params.map((p) => fc.oneof({ weight: 4, arbitrary: validParam(p) }, { weight: 2, arbitrary: hostileSegment })));
      const tail = fc.oneof({ weight: 12, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('/', '//', '/..', '/%2e%2e/', '%00', '/%', '/../../etc/passwd', '.json', '/x') });
      return fc
        .record({
          method: fc.oneof({ weight: 8, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: otherMethod }),
          values: params.length ? segments : fc.constant([] as string[]),
          tail,
          upper: fc.oneof({ weight: 20, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
          query,
          session: fc.constantFrom('none', 'agent', 'admin', 'hostile', 'agent+junk', 'fresh'),
          badCookie: hostileCookie,
          bearer: fc.constantFrom('own', 'own', 'none', 'other', 'garbage'),
          garbage: hostileString.filter((s) => s.length < 2000),
          type: contentType,
          headers: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: hostileHeaders }),
          body: route.bodies ? fc.oneof({ weight: 1, arbitrary: bodyOf(undefined) }, { weight: 4, arbitrary: fc.constantFrom(...route.bodies).chain((t) => bodyOf(t)) }) : bodyOf(undefined),
        })
        .map((g) => {
          let i = 0;
          let path = route.path.replace(/\{(\w+)\}/g, () => g.values[i++] ?? '');
          if (g.upper) path = path.toUpperCase();
          const headers: Record<string, string> = { ...g.headers };
          if (g.session === 'agent' || g.session === 'agent+junk') headers['cookie'] = g.session === 'agent' ? agentCookie : `a=%; ${agentCookie}; b=\u0000`;
          if (g.session === 'admin') headers['cookie'] = adminCookie;
          if (g.session === 'hostile') headers['cookie'] = g.badCookie;
          const convo = conversations.find((c) => g.values.includes(c.id));
          const own = convo?.token;
          const other = tokens.find((t) => t !== own);
          if (g.bearer === 'own' && own) headers['authorization'] = `Bearer ${own}`;
          if (g.bearer === 'other' && other) headers['authorization'] = `Bearer ${other}`;
          if (g.bearer === 'garbage') headers['authorization'] = `Bearer ${g.garbage}`;
          if (g.body.payload !== undefined && g.body.json) headers['content-type'] = g.type;
          return { method: g.method, url: path + g.tail + g.query, headers, ...(g.body.payload !== undefined ? { payload: g.body.payload } : {}), fresh: g.session === 'fresh' } as FuzzRequest;
        });
    }

    /** Fills a fresh session cookie in when the request asks for one, or may log out (which ends the session it names). */
    async function prepared(r: FuzzRequest): Promise<FuzzRequest> {
      const { fresh, ...rest } = r as FuzzRequest & { fresh?: boolean };
      const cookie = rest.headers['cookie'] ?? '';
      const mayEndSession = /logout/i.test(rest.url) && (cookie.includes(agentCookie) || cookie.includes(adminCookie));
      return fresh || mayEndSession ? { ...rest, headers: { ...rest.headers, cookie: await mintSession() } } : rest;
    }

    async function routes(): Promise<Route[]> {
      const doc = (await server.app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
      const valid = await identityToken({ sub: 'c9', name: '小王' });
      const hostile = await identityToken({ sub: 'c9', name: 'a\u0000b\uD800', phone: '\u200B' });
      const otherShop = await identityToken({ sub: 'c9' }, 'tiny');
      const expired = await identityToken({ sub: 'c9' }, 'tiny-id', '2001-01-01T00:00:00Z');
      const badSub = await identityToken({ sub: 'c\u00009' });
      const templates: Record<string, unknown[]> = {
        'POST /api/v1/conversations': [
          { shop: 'tiny' },
          { shop: 'tiny', customer: { id: 'c77' }, page: { productId: 'cotton-tee' } },
          { shop: 'tiny-id', identity: { token: valid } },
          { shop: 'tiny-id', identity: { token: hostile }, page: { productId: 'baby-bodysuit' } },
          { shop: 'tiny-id', identity: { token: otherShop } },
        ],
        'POST /api/v1/conversations/{id}/identify': [{ token: valid }, { token: hostile }, { token: expired }, { token: badSub }],
        'POST /api/v1/conversations/{id}/messages': [
          { text: '能开票吗', clientMessageId: 'f1', page: { productId: 'cotton-tee' } },
          { text: '转人工', clientMessageId: 'f2' },
          { text: '这款黑色L还有吗 我是敏感肌 平时穿L', clientMessageId: 'f3' },
        ],
        'POST /api/v1/auth/login': [{ shop: 'tiny', username: 'mei', password: 'wrong password!' }, { shop: 'tiny', username: 'boss', password: PASSWORD }],
        'POST /api/v1/agent/conversations/{id}/transfer': [{ agentId: agentLan }, { group: 'vip' }],
        'POST /api/v1/agent/conversations/{id}/messages': [{ text: '您好，我来帮您', clientMessageId: 'a1' }],
        'POST /api/v1/agent/conversations/{id}/notes': [{ text: '客户要电子发票' }],
        'PATCH /api/v1/agent/customers/{key}/preferences': [{ preferences: { size: 'L', color: '黑色' } }],
      };
      const list: Route[] = [];
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const method of Object.keys(methods)) {
          const key = `${method.toUpperCase()} ${path}`;
          list.push({ method: method.toUpperCase(), path, ...(templates[key] ? { bodies: templates[key] } : {}), ...(key === 'POST /api/v1/auth/login' ? { weight: 0.5 } : {}) });
        }
      }
      // Not in the OpenAPI document: the root and static apps, metrics, the docs themselves, Socket.IO's path.
      for (const path of ['/', '/{file}', '/assets/{file}', '/agent/', '/agent', '/agent/{file}', '/agent/assets/{file}', '/admin/', '/admin', '/admin/{file}', '/admin/assets/{file}', '/metrics', '/docs', '/docs/', '/docs/json', '/docs/yaml', '/docs/static/{file}', '/socket.io/', '/api/v1/{file}']) {
        list.push({ method: 'GET', path });
      }
      return list;
    }

    it('answers every hostile HTTP request to every route (inject) with a 2xx-4xx and the error body', async () => {
      const list = await routes();
      const documented = list.filter((r) => r.path.startsWith('/api/') || r.path === '/healthz');
      expect(documented.length).toBeGreaterThanOrEqual(20);
      const t0 = Date.now();
      const from = findings.length;
      for (const route of list) {
        await fuzz(
          `${route.method} ${route.path}`,
          requestTo(route),
          Math.max(5, Math.round(RUNS * (route.weight ?? 1))),
          async (r) => probe(await prepared(r)),
          (r) => describeRequest(r),
        );
      }
      // Anything at all: random methods and hostile paths anywhere.
      const anywhere = fc
        .record({ method: otherMethod, segments: fc.array(hostileSegment, { minLength: 1, maxLength: 5 }), prefix: fc.constantFrom('', '/api/v1', '/api/v1/conversations', '/api/v1/agent/conversations', '/docs/static', '/agent'), query })
        .map((g): FuzzRequest => ({ method: g.method, url: `${g.prefix}/${g.segments.join('/')}${g.query}`, headers: {} }));
      await fuzz('any path', anywhere, RUNS * 4, (r) => probe(r), describeRequest);
      timings.push(`HTTP inject ${list.length} routes ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      settle(from, 'HTTP inject');
    });

    it('keeps NUL bytes from reaching the store anywhere (PostgreSQL refuses them)', async () => {
      // Every string field of each route's valid body, and each path parameter, with a NUL in it; on a
      // fresh conversation that mei has taken over, so that every workspace action reaches the store.
      const list = await routes();
      const where = new Set<string>();
      const fresh = async (shop: string) => {
        const c = (await server.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: { shop } })).json() as { id: string; token?: string };
        if (shop === 'tiny') {
          await server.app.inject({ method: 'POST', url: `/api/v1/conversations/${c.id}/messages`, payload: { text: '转人工', clientMessageId: 'h1' }, headers: c.token ? { authorization: `Bearer ${c.token}` } : {} });
          await server.app.inject({ method: 'POST', url: `/api/v1/agent/conversations/${c.id}/claim`, headers: { cookie: agentCookie } });
        }
        return c;
      };
      const hostileClaims = await identityToken({ sub: 'c8', name: 'a\u0000b', phone: '1\u00002' });
      const fields = (v: unknown, path: string[] = []): string[][] =>
        typeof v === 'string' ? [path] : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => fields(x, [...path, k])) : [];
      const set = (v: unknown, path: string[], value: string): unknown => {
        if (path.length === 0) return value;
        const [head, ...rest] = path;
        return { ...(v as object), [head ?? '']: set((v as Record<string, unknown>)[head ?? ''], rest, value) };
      };
      for (const route of list.filter((r) => r.path.startsWith('/api/'))) {
        const variants: [string, (id: string) => { url: string; body?: unknown }][] = [];
        const fill = (path: string, id: string) => path.replace(/\{(\w+)\}/g, (_, p: string) => (p === 'id' ? id : p === 'shop' ? 'tiny' : p === 'key' ? 'c1' : 'cotton-tee'));
        for (const m of route.path.matchAll(/\{(\w+)\}/g)) variants.push([`path {${m[1]}}`, (id) => ({ url: fill(route.path.replace(`{${m[1]}}`, 'a%00b'), id) })]);
        for (const body of route.bodies ?? []) {
          for (const path of fields(body)) {
            const original = path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], body) as string;
            // A new clientMessageId each time, so that the message is new.
            const renew = (b: unknown) => (b && typeof b === 'object' && 'clientMessageId' in b && path.join('.') !== 'clientMessageId' ? { ...b, clientMessageId: `n${randomBytes(4).toString('hex')}` } : b);
            variants.push([`body.${path.join('.')}`, (id) => ({ url: fill(route.path, id), body: renew(set(body, path, `${original.slice(0, 20)}\u0000x`)) })]);
          }
        }
        if (route.path === '/api/v1/conversations') variants.push(['body.identity.token (signed; name and phone claims with NUL)', (id) => ({ url: fill(route.path, id), body: { shop: 'tiny-id', identity: { token: hostileClaims } } })]);
        if (route.path.endsWith('/identify')) variants.push(['body.token (signed; name and phone claims with NUL)', (id) => ({ url: fill(route.path, id), body: { token: hostileClaims } })]);
        if (route.path.endsWith('/preferences')) variants.push(['body.preferences key', (id) => ({ url: fill(route.path, id), body: { preferences: { 'si\u0000ze': 'L' } } })]);
        variants.push(['header cookie', (id) => ({ url: fill(route.path, id) })]);
        for (const [field, make] of variants) {
          const c = route.path.includes('{id}') ? await fresh(route.path.endsWith('/identify') ? 'tiny-id' : 'tiny') : undefined;
          const { url, body } = make(c?.id ?? '');
          const headers: Record<string, string> = {
            cookie: field === 'header cookie' ? 'xiaoer_session=a%00b' : route.path.includes('/cdp/') ? adminCookie : agentCookie,
            ...(c?.token ? { authorization: `Bearer ${c.token}` } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          };
          const res = await server.app.inject({ method: route.method as 'GET', url, headers, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
          if (res.statusCode >= 500) where.add(`${route.method} ${route.path} ${field} → ${res.statusCode}`);
        }
      }
      // And the socket events.
      const socket = await openSocket('/');
      const sockets: [string, unknown][] = [
        ['conversation:start shop', { shop: 'ti\u0000ny' }],
        ['conversation:start customer.id', { shop: 'tiny', customer: { id: 'c\u00001' } }],
        ['conversation:start page.productId', { shop: 'tiny', page: { productId: 'cotton\u0000tee' } }],
        ['message:send text', { conversationId: conversations[2]?.id, text: '能开票\u0000吗', clientMessageId: `n${randomBytes(4).toString('hex')}`, ...(conversations[2]?.token ? { token: conversations[2].token } : {}) }],
        ['message:send conversationId', { conversationId: 'cnv\u0000x', text: 'hi', clientMessageId: 'x1' }],
        ['conversation:resume id', { id: 'cnv\u0000x' }],
      ];
      for (const [field, payload] of sockets) {
        const ack = (await socket.timeout(5000).emitWithAck(field.split(' ')[0] ?? '', payload)) as { ok: boolean; error?: { code: string } };
        if (ack.error?.code === 'XIAOER_INTERNAL') where.add(`socket ${field} → XIAOER_INTERNAL`);
      }
      socket.close();
      console.info(`[xiaoer fuzz] ${kind.name}: NUL bytes give a 5xx at ${where.size} places${where.size ? `:\n  ${[...where].join('\n  ')}` : ''}`);
      // Text is cleaned at the edge (core/text/edge-text.ts): a NUL that reaches PostgreSQL anywhere fails here.
      expect([...where]).toEqual([]);
    });

    it('answers hostile requests over the real socket (fetch) and raw TCP with a 2xx-4xx and the error body', async () => {
      const t0 = Date.now();
      const from = findings.length;
      const list = await routes();
      const samples = list.flatMap((route, i) => fc.sample(requestTo(route), { numRuns: 3, seed: SEED + i }));
      const ok = (s: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(s);
      let sent = 0;
      for (const raw of samples) {
        const r = await prepared(raw);
        if (!/^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/.test(r.method) || !Object.values(r.headers).every(ok) || r.url.length > 8000) continue;
        let res: Response;
        try {
          res = await withTimeout(fetch(base + r.url, { method: r.method, headers: r.headers, redirect: 'manual', ...(r.payload !== undefined && r.method !== 'GET' && r.method !== 'HEAD' ? { body: typeof r.payload === 'string' ? r.payload : new Uint8Array(r.payload) } : {}) }), 10_000, describeRequest(r));
        } catch (err) {
          if (String(err).includes('HANG')) findings.push(`fetch: ${describeRequest(r)} → ${String(err)}`);
          continue; // refused by the client (fetch), not sent
        }
        sent++;
        const body = await res.text();
        // Socket.IO's own path speaks engine.io's protocol ({code, message}), not the API's.
        const problem = r.url.startsWith('/socket.io') && res.status < 500 ? undefined : problemOf(r.method, res.status, body);
        if (problem) findings.push(`fetch: ${describeRequest(r)} → ${problem}`);
      }
      expect(sent).toBeGreaterThan(30);

      const rawRequests = [
        'GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n',
        'GET /api/v1/conversations/%/messages HTTP/1.1\r\nHost: x\r\n\r\n',
        'GET /api/v1/conversations/%ED%A0%80/messages HTTP/1.1\r\nHost: x\r\n\r\n',
        'GET /healthz HTTP/1.1\r\nHost: x\r\nCookie: xiaoer_session=\u0000\r\n\r\n',
        'GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nCookie: xiaoer_session=\u00ff\u00fe%\r\n\r\n',
        `GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nCookie: xiaoer_session=${'a'.repeat(20_000)}\r\n\r\n`,
        `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
        `GET /api/v1/conversations/${'a'.repeat(5000)}/messages HTTP/1.1\r\nHost: x\r\n\r\n`,
        'GARBAGE\r\n\r\n',
        'GET / HTTP/9.9\r\n\r\n',
        'GET /healthz HTTP/1.1\nHost: x\n\n',
        'POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
        'POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
        'POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
        'POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{"sh',
        'POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}',
        `POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{"shop":"\u00ed\u00a0\u0080"}`,
        'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: \u00ff, ,\r\nX-Forwarded-Proto: \u00ff\r\n\r\n',
        '\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003',
        'GET /socket.io/?EIO=4&transport=polling&sid=%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n',
        'GET /socket.io/?EIO=9&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %%%\r\nSec-WebSocket-Version: 13\r\n\r\n',
        'GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
        'GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nCookie: xiaoer_session=\u0001\u000b\r\n\r\n',
        'GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nCookie: xiaoer_session=\u00e4\u00b8\u00ad; a=%\r\n\r\n',
      ];
      const randomRaw = fc.sample(fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 200 }), hostileString.map((s) => `GET /${s} HTTP/1.1\r\nHost: x\r\n\r\n`)), { numRuns: 20, seed: SEED });
      for (const raw of [...rawRequests, ...randomRaw]) {
        const answer = await rawExchange(raw);
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
        if (!m) continue; // the connection was closed without an answer
        const status = Number(m[1]);
        const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
        const isSocketIo = /^\S+ \/socket\.io\//.test(raw);
        const problem = status >= 500 ? `status ${status}` : isSocketIo || status < 400 ? undefined : problemOf('GET', status, body.replace(/^[0-9a-f]+\r\n/, ''));
        if (problem) findings.push(`raw TCP ${show(raw, 160)} → ${problem}: ${show(answer.split('\r\n')[0] ?? '', 80)} ${show(body, 160)}`);
      }
      timings.push(`real socket ${sent} fetches + ${rawRequests.length + randomRaw.length} raw ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      settle(from, 'real socket');
    });

    /** Writes raw bytes to the server and reads one answer, until the server closes, or 0.5 s without one. */
    function rawExchange(raw: string): Promise<string> {
      return new Promise((resolve) => {
        const url = new URL(base);
        const socket = tcpConnect(Number(url.port), url.hostname);
        const chunks: Buffer[] = [];
        const done = () => {
          clearTimeout(timer);
          socket.destroy();
          resolve(Buffer.concat(chunks).toString('latin1'));
        };
        const timer = setTimeout(done, 500);
        socket.on('data', (d) => {
          chunks.push(d);
          // A complete answer with a Content-Length: no need to wait for keep-alive to end.
          const text = Buffer.concat(chunks).toString('latin1');
          const end = text.indexOf('\r\n\r\n');
          const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
          if (end >= 0 && length && Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length[1])) done();
        });
        socket.on('error', done);
        socket.on('close', done);
        socket.write(Buffer.from(raw, 'latin1'));
      });
    }

    function openSocket(namespace: '/' | '/agent', cookie?: string, transport: 'websocket' | 'polling' = 'websocket'): Promise<Socket> {
      const socket = connect(`${base}${namespace === '/' ? '' : namespace}`, { transports: [transport], reconnection: false, forceNew: true, ...(cookie !== undefined ? { extraHeaders: { cookie } } : {}) });
      return withTimeout(
        new Promise<Socket>((resolve, reject) => {
          socket.on('connect', () => resolve(socket));
          socket.on('connect_error', (err) => {
            socket.close();
            reject(err);
          });
        }),
        10_000,
        `connecting to ${namespace}`,
      );
    }

    /**
     * Joins /agent over engine.io long-polling by hand (socket.io-client's XHR in Node fails on its own
     * side with long cookies): the namespace's answer, e.g. its connect error's message.
     */
    async function agentOverPolling(cookie: string): Promise<string | undefined> {
      const headers = { cookie };
      const handshake = await fetch(`${base}/socket.io/?EIO=4&transport=polling`, { headers });
      const text = await handshake.text();
      if (handshake.status !== 200) return `handshake ${handshake.status} ${text.slice(0, 200)}`;
      const sid = (JSON.parse(text.slice(1)) as { sid: string }).sid;
      const url = `${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
      const posted = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain;charset=UTF-8' }, body: '40/agent,' });
      if (posted.status !== 200) return `POST ${posted.status} ${await posted.text()}`;
      const answer = await (await fetch(url, { headers })).text();
      await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain;charset=UTF-8' }, body: '1' }).catch(() => undefined);
      const error = /^44\/agent,(.*)$/s.exec(answer);
      return error ? (JSON.parse(error[1] ?? '{}') as { message?: string }).message : answer.startsWith('40/agent,') ? undefined : `answer ${answer.slice(0, 200)}`;
    }

    it('answers random and known Socket.IO events with any payloads and acks on both namespaces', { timeout: 120_000 }, async () => {
      const t0 = Date.now();
      const from = findings.length;
      // Shoppers without a cookie and with a hostile one, and an agent with a valid session.
      const clients: { name: string; namespace: '/' | '/agent'; cookie?: string; socket?: Socket }[] = [
        { name: 'shopper', namespace: '/' },
        { name: 'shopper with hostile cookie', namespace: '/', cookie: 'xiaoer_session=%E0%A4%A; a=%' },
        { name: 'shopper with agent cookie', namespace: '/', cookie: agentCookie },
        { name: 'agent', namespace: '/agent', cookie: agentCookie },
      ];
      let reconnects = 0;
      const acks = { ok: 0, refused: 0, dropped: 0 };
      const refusals = new Map<string, number>();
      const socketOf = async (c: (typeof clients)[number]) => {
        if (!c.socket?.connected) {
          if (c.socket) reconnects++;
          c.socket?.close();
          c.socket = await openSocket(c.namespace, c.cookie);
        }
        return c.socket;
      };
      const conv = fc.constantFrom(...conversations);
      const withToken = (c: { token?: string }) => (c.token ? { token: c.token } : {});
      const known: Record<string, fc.Arbitrary<unknown>> = {
        'conversation:start': fc.constantFrom({ shop: 'tiny' }, { shop: 'tiny', customer: { id: 'c5' }, page: { productId: 'cotton-tee' } }, { shop: 'tiny-id' }).chain((t) => mutated(t)),
        'message:send': conv.chain((c) => mutated({ conversationId: c.id, text: '能开票吗', clientMessageId: 's1', ...withToken(c) })),
        'conversation:resume': conv.chain((c) => mutated({ id: c.id, ...withToken(c) })),
        'agent:status': fc.oneof(fc.constantFrom('away', 'available'), jsonish),
      };
      const anyArg = fc.oneof(
        { weight: 4, arbitrary: jsonish },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
        { weight: 1, arbitrary: fc.record({ conversationId: conv.map((c) => c.id), text: fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b)), clientMessageId: fc.constant('b1') }) },
        { weight: 1, arbitrary: fc.constantFrom(1, 100, 500).map((d) => JSON.parse(nested(d, 'array')) as unknown) },
        { weight: 1, arbitrary: fc.constant('x'.repeat(70_000)) },
      );
      const emission = fc.record({
        client: fc.nat(clients.length - 1),
        event: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...SOCKET_EVENTS) }, { weight: 1, arbitrary: hostileString.filter((s) => !RESERVED.has(s) && s.length < 1000) }),
        ack: fc.constantFrom('function', 'function', 'none', 'not a function'),
        notFn: jsonish,
      }).chain((e) =>
        fc.record({ e: fc.constant(e), args: fc.oneof({ weight: 3, arbitrary: (Object.hasOwn(known, e.event) ? known[e.event]! : anyArg).map((a) => [a]) }, { weight: 1, arbitrary: fc.array(anyArg, { maxLength: 3 }) }) }),
      );
      const handles = (c: (typeof clients)[number], event: string, args: unknown[]) =>
        c.namespace === '/' ? ['conversation:start', 'message:send', 'conversation:resume'].includes(event) : event === 'agent:status' && (args[0] === 'away' || args[0] === 'available');
      const runs = RUNS * 6;
      await fuzz(
        'Socket.IO events',
        emission,
        runs,
        async ({ e, args }) => {
          const c = clients[e.client] ?? clients[0]!;
          const socket = await socketOf(c);
          if (e.ack === 'function' && handles(c, e.event, args)) {
            let answer: { ok?: boolean; error?: { code?: string } } | string;
            try {
              answer = await socket.timeout(4000).emitWithAck(e.event, ...args);
            } catch (err) {
              // A payload over maxHttpBufferSize closes the connection: no answer, not a hang.
              if (!socket.connected) return (acks.dropped++, undefined);
              return `HANG: no ack from ${c.name} in 4 s (${String(err)})`;
            }
            if (typeof answer === 'object' && answer?.ok === false) {
              acks.refused++;
              refusals.set(answer.error?.code ?? '?', (refusals.get(answer.error?.code ?? '?') ?? 0) + 1);
            }
            else acks.ok++;
            if (typeof answer === 'object' && answer?.ok === false) {
              const code = answer.error?.code ?? '';
              if (!/^XIAOER_[A-Z_]+$/.test(code) || code === 'XIAOER_INTERNAL') return `ack ${JSON.stringify(answer).slice(0, 300)}`;
            }
            return undefined;
          }
          if (e.ack === 'function') socket.emit(e.event, ...args, () => undefined);
          else if (e.ack === 'not a function') socket.emit(e.event, ...args, e.notFn);
          else socket.emit(e.event, ...args);
          return undefined;
        },
        ({ e, args }) => `${clients[e.client]?.name}: emit(${show(e.event, 80)}, ${show(JSON.stringify(args) ?? 'undefined', 300)}${e.ack === 'function' ? ', ack' : e.ack === 'not a function' ? `, ${show(JSON.stringify(e.notFn) ?? '', 60)}` : ''})`,
      );

      // Raw Socket.IO packets (any namespace, bad JSON, binary placeholders, acks of nothing) on a shopper's connection.
      const packets = fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            '0', '1', '2', '3', '4', '5', '6', '7', '2[]', '2[null]', '2{"a":1}', '2"x"', '2["message:send"]', '2[1,2]', '2["disconnect"]', '2["connect"]', '2["__proto__",{}]',
            '20["conversation:start",{"shop":"tiny"}]', '2999999999999999999999["conversation:start",{"shop":"tiny"}]', '21["conversation:resume"]', '2-1["conversation:start"]',
            '51-["message:send",{"_placeholder":true,"num":0}]', '51-["message:send",{"_placeholder":true,"num":9}]', '5999-["x"]', '5-1-["x"]', '51-["x",{"_placeholder":true,"num":"__proto__"}]',
            '2/agent,["agent:status","away"]', '0/agent,', '0/agent,{"token":"x"}', '0/nope,', '2/nope,["x"]', '1/agent,', '0/', '0/,', '0/agent', '0{"a":', '3["x"]', '31["x"]', '99', '',
            `2["message:send",${nested(20_000, 'array')}]`, `51-["x",${'{"a":'.repeat(5000)}{"_placeholder":true,"num":0}${'}'.repeat(5000)}]`,
          ),
        },
        { weight: 2, arbitrary: fc.tuple(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '2/agent,', '5/agent,', '21', '51-'), hostileString).map(([p, s]) => p + s) },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 32 }).map((b) => Buffer.from(b)) },
      );
      const shopper = clients[0]!;
      await fuzz(
        'raw Socket.IO packets',
        packets,
        RUNS * 2,
        async (packet) => {
          const socket = await socketOf(shopper);
          (socket.io as unknown as { engine: { write(p: string | Buffer): void } }).engine.write(packet);
          await new Promise((resolve) => setTimeout(resolve, 2));
          return undefined;
        },
        (p) => (typeof p === 'string' ? show(p, 300) : `bytes(${p.toString('hex')})`),
      );
      for (const c of clients) c.socket?.close();

      // Hostile cookies on the agent namespace: refused, the process unharmed; the shopper namespace admits them.
      const cookies = fc.sample(hostileCookie, { numRuns: 15, seed: SEED });
      for (const text of cookies) {
        // As a browser sends it: UTF-8 bytes (read as latin1 by Node). Control characters cannot be
        // sent by Node's client (raw TCP above sends them: Node's parser refuses them with a 400).
        const cookie = Buffer.from(text, 'utf8').toString('latin1');
        if (/[^\t\x20-\x7e\x80-\xff]/.test(cookie)) continue;
        for (const transport of ['polling', 'websocket'] as const) {
          let refused: string | undefined;
          try {
            if (transport === 'polling') refused = await agentOverPolling(cookie);
            else (await openSocket('/agent', cookie, transport)).close();
          } catch (err) {
            refused = (err as Error).message;
          }
          if (refused !== undefined && refused !== 'XIAOER_UNAUTHENTICATED') findings.push(`/agent with cookie ${show(cookie, 100)} over ${transport}: ${refused}`);
          if (refused === undefined) findings.push(`/agent admitted the cookie ${show(cookie, 100)} over ${transport}`);
        }
      }
      const anonymousAgent = await openSocket('/agent').then((s) => (s.close(), 'admitted'), (err: Error) => err.message);
      expect(anonymousAgent).toBe('XIAOER_UNAUTHENTICATED');
      settle(from, 'Socket.IO');
      timings.push(`Socket.IO ${runs} emits (acks: ${acks.ok} ok, ${acks.refused} refused [${[...refusals].map(([k, n]) => `${k} ${n}`).join(', ')}], ${acks.dropped} dropped by a closed connection) + ${RUNS * 2} raw packets + ${cookies.length} hostile cookies x 2 transports (${reconnects} reconnects) ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });

    it('still serves after all that: no uncaught errors, health over the socket, a normal conversation by HTTP and Socket.IO', async () => {
      expect(processErrors).toEqual([]);
      const health = await fetch(`${base}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      const created = await fetch(`${base}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.8.8.8' }, body: JSON.stringify({ shop: 'tiny' }) });
      expect(created.status).toBe(201);
      const c = (await created.json()) as { id: string; token?: string };
      const sent = await fetch(`${base}/api/v1/conversations/${c.id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.8.8.8', ...(c.token ? { authorization: `Bearer ${c.token}` } : {}) },
        body: JSON.stringify({ text: '能开票吗', clientMessageId: 'final' }),
      });
      expect(sent.status).toBe(200);
      expect(((await sent.json()) as { replies: unknown[] }).replies.length).toBeGreaterThan(0);
      const socket = await openSocket('/');
      const start = (await socket.timeout(5000).emitWithAck('conversation:start', { shop: 'tiny' })) as { ok: boolean; data: { id: string; token?: string } };
      expect(start.ok).toBe(true);
      const send = (await socket.timeout(5000).emitWithAck('message:send', { conversationId: start.data.id, text: '能开票吗', clientMessageId: 'final', ...(start.data.token ? { token: start.data.token } : {}) })) as { ok: boolean; data: { replies: unknown[] } };
      socket.close();
      expect(send.ok).toBe(true);
      expect(send.data.replies.length).toBeGreaterThan(0);
      expect(processErrors).toEqual([]);
    });
  });
}
