// Automatic assignment through the workspace's socket: an agent with the workspace open gets the
// queue, one who stepped away does not, and coming back picks up what waited.
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../app/staff/accounts.js';
import { appHarness } from '../testing/app-harness.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import { HUMAN_AGENT_FLOW } from '../testing/test-flows.js';
import { buildServer, type XiaoerServer } from './build-server.js';

const PASSWORD = 'presence-password';

describe('automatic assignment to agents with the workspace open', () => {
  let server: XiaoerServer;
  let url = '';
  let socket: Socket;

  beforeAll(async () => {
    const shop = tinyBundle({
      handoff: { on_sentiment: 'off', after_fallbacks: 0, vip: false, keywords: [], groups: [], auto_assign: true, agent_capacity: 5 },
      businessHours: { timezone: 'Asia/Shanghai', days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' },
    });
    const h = await appHarness({ bundle: { ...shop, sops: [HUMAN_AGENT_FLOW] } });
    await createStaff(h.deps, { shopId: 'tiny', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
    server = await buildServer(h.deps, { logLevel: 'silent' });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    socket?.disconnect();
    await server.app.close();
  });

  const post = async (path: string, body: object, cookie?: string) => {
    const r = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
    return { status: r.status, json: (await r.json()) as Record<string, unknown>, cookie: r.headers.get('set-cookie') };
  };
  const askForPerson = async () => {
    const opened = (await post('/api/v1/conversations', { shop: 'tiny' })).json;
    const id = opened['id'] as string;
    const r = await fetch(`${url}/api/v1/conversations/${id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${String(opened['token'])}` }, body: JSON.stringify({ text: '转人工', clientMessageId: 'm1' }) });
    expect(r.status).toBe(200);
    return id;
  };
  const ownerOf = async (id: string, cookie: string) => ((await (await fetch(`${url}/api/v1/agent/conversations/${id}`, { headers: { cookie } })).json()) as { conversation: { owner: string } }).conversation.owner;

  it('assigns while the agent is available, waits while away, and catches up when back', async () => {
    const login = await post('/api/v1/auth/login', { shop: 'tiny', username: 'mei', password: PASSWORD });
    const cookie = (login.cookie ?? '').split(';')[0] ?? '';
    // Without a session the namespace refuses.
    const refused = connect(`${url}/agent`, { transports: ['websocket'], reconnection: false });
    await expect(new Promise((resolve) => refused.on('connect_error', (e) => resolve(e.message)))).resolves.toBe('XIAOER_UNAUTHENTICATED');
    refused.close();

    socket = connect(`${url}/agent`, { transports: ['websocket'], extraHeaders: { cookie } });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const first = await askForPerson();
    await expect.poll(() => ownerOf(first, cookie)).toBe('agent');

    expect(await socket.timeout(5000).emitWithAck('agent:status', 'asleep')).toMatchObject({ ok: false, error: { code: 'XIAOER_VALIDATION' } });
    expect(await socket.emitWithAck('agent:status', 'away')).toBe('away');
    const second = await askForPerson();
    expect(await ownerOf(second, cookie)).toBe('queued');

    expect(await socket.emitWithAck('agent:status', 'available')).toBe('available');
    await expect.poll(() => ownerOf(second, cookie)).toBe('agent');
  });
});
