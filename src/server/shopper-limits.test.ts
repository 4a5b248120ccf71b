// Shopper floods get 429 with Retry-After, per client address, over HTTP and Socket.IO alike.
import type { AddressInfo } from 'node:net';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appHarness } from '../testing/app-harness.js';
import { buildServer, type XiaoerServer } from './build-server.js';

describe('shopper rate limits', () => {
  let server: XiaoerServer;
  let port = 0;

  beforeAll(async () => {
    const h = await appHarness();
    server = await buildServer(h.deps, { logLevel: 'silent', trustProxy: ['loopback'], rateLimits: { conversationsPerMinute: 3, messagesPerMinute: 4 } });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    port = (server.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => server.app.close());

  const open = (client: string) => server.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: { shop: 'tiny' }, headers: { 'x-forwarded-for': client } });

  it('limits conversations opened per client address, and says when to come back', async () => {
    for (let i = 0; i < 3; i++) expect((await open('203.0.113.1')).statusCode).toBe(201);
    const refused = await open('203.0.113.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'XIAOER_RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    const after = Number(refused.headers['retry-after']);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(120);
    // Another client behind the same proxy is not affected.
    expect((await open('203.0.113.2')).statusCode).toBe(201);
  });

  it('limits messages per client address without losing what was accepted', async () => {
    const opened = (await open('198.51.100.7')).json();
    const send = (n: number) =>
      server.app.inject({ method: 'POST', url: `/api/v1/conversations/${opened.id}/messages`, payload: { text: `能开票吗 ${n}`, clientMessageId: `m${n}` }, headers: { 'x-forwarded-for': '198.51.100.7', authorization: `Bearer ${opened.token}` } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await send(i)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const transcript = await server.app.inject({ method: 'GET', url: `/api/v1/conversations/${opened.id}/messages`, headers: { authorization: `Bearer ${opened.token}` } });
    expect(transcript.json().messages.filter((m: { direction: string }) => m.direction === 'in')).toHaveLength(4);
  });

  it('counts Socket.IO conversations against the same address', async () => {
    const socket = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, extraHeaders: { 'x-forwarded-for': '192.0.2.55' } });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const results: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await socket.timeout(5000).emitWithAck('conversation:start', { shop: 'tiny' });
      results.push(r.ok ? 'ok' : r.error.code);
    }
    socket.close();
    expect(results).toEqual(['ok', 'ok', 'ok', 'XIAOER_RATE_LIMITED']);
  });
});
