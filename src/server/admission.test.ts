// Admission control and draining, as a client sees them: a node at capacity acknowledges a
// message with 202 (stored, told its place in line) and answers it when a slot frees, pushing
// the reply to the shopper's socket; a draining node finishes what it started and refuses the rest
// with 503 and Retry-After.
import type { AddressInfo } from 'node:net';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { appHarness } from '../testing/app-harness.js';
import { buildServer, type XiaoerServer } from './build-server.js';

let servers: XiaoerServer[] = [];
afterEach(async () => {
  for (const s of servers) await s.app.close();
  servers = [];
});

async function serve(options: { maxTurnsInFlight: number; queueWaitMs: number }) {
  const h = await appHarness();
  const server = await buildServer(h.deps, { logLevel: 'silent', ...options });
  servers.push(server);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const open = async () => {
    const r = await fetch(`${url}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shop: 'tiny' }) });
    return (await r.json()) as { id: string; token: string };
  };
  const send = (c: { id: string; token: string }, text: string, clientMessageId: string) =>
    fetch(`${url}/api/v1/conversations/${c.id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` }, body: JSON.stringify({ text, clientMessageId }) });
  const transcript = async (c: { id: string; token: string }) =>
    ((await (await fetch(`${url}/api/v1/conversations/${c.id}/messages`, { headers: { authorization: `Bearer ${c.token}` } })).json()) as { messages: { id: string; direction: string; text: string }[] }).messages;
  /** Occupies every slot until the returned function is called. */
  const fill = () => {
    const releases: (() => void)[] = [];
    for (let i = 0; i < options.maxTurnsInFlight; i++) server.gate.submit('tiny', () => new Promise<void>((r) => releases.push(r)));
    return () => releases.forEach((r) => r());
  };
  return { server, url, open, send, transcript, fill };
}

describe('admission control', () => {
  it('acknowledges with 202 and a place in line when the node is full, then answers and pushes the reply', async () => {
    const node = await serve({ maxTurnsInFlight: 1, queueWaitMs: 50 });
    const c = await node.open();
    const socket = connect(node.url, { transports: ['websocket'] });
    await socket.emitWithAck('conversation:resume', { id: c.id, token: c.token });
    const pushed = new Promise<{ text: string }[]>((resolve) => socket.on('message:new', (p: { messages: { text: string }[] }) => resolve(p.messages)));
    const release = node.fill();
    const r = await node.send(c, '今天拍明天能发吗', 'q1');
    expect(r.status).toBe(202);
    const body = (await r.json()) as { message: { id: string; text: string }; replies: unknown[]; queued: { position: number; notice: string } };
    expect(body).toMatchObject({ message: { text: '今天拍明天能发吗' }, replies: [], duplicate: false, queued: { position: 1 } });
    expect(body.queued.notice).toContain('消息已收到');
    // Stored before it was answered: the transcript has it, with no reply yet.
    expect((await node.transcript(c)).map((m) => m.direction)).toEqual(['out', 'in']);
    const metrics = await (await fetch(`${node.url}/metrics`)).text();
    expect(metrics).toMatch(/xiaoer_turn_queue_depth 1/);
    expect(metrics).toMatch(/xiaoer_turns_queued_total 1/);
    release();
    expect((await pushed).map((m) => m.text)).toEqual(['付款后48小时内发货。']);
    await expect.poll(async () => (await node.transcript(c)).map((m) => m.direction)).toEqual(['out', 'in', 'out']);
    // A resend now gets the answer, as any resend does.
    const again = await node.send(c, '今天拍明天能发吗', 'q1');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, replies: [{ text: '付款后48小时内发货。' }] });
    socket.disconnect();
  });

  it('answers in the response when a slot frees within the wait', async () => {
    const node = await serve({ maxTurnsInFlight: 1, queueWaitMs: 5_000 });
    const c = await node.open();
    const release = node.fill();
    const pending = node.send(c, '今天拍明天能发吗', 'q1');
    setTimeout(release, 100);
    const r = await pending;
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ replies: [{ text: '付款后48小时内发货。' }] });
  });
});

describe('draining', () => {
  it('finishes the turns it started, refuses new requests with 503 and Retry-After, and leaves rotation', async () => {
    const node = await serve({ maxTurnsInFlight: 1, queueWaitMs: 10_000 });
    const c = await node.open();
    const socket = connect(node.url, { transports: ['websocket'], reconnectionDelay: 60_000 });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const hint = new Promise<unknown>((resolve) => socket.on('server:draining', resolve));
    // A lost transport, not a server-side disconnect: Socket.IO clients reconnect by themselves only after the former.
    const reason = new Promise<string>((resolve) => socket.on('disconnect', (r) => resolve(r)));
    const release = node.fill();
    const inLine = node.send(c, '今天拍明天能发吗', 'q1');
    await expect.poll(() => node.server.gate.depth()).toBe(1);
    const drained = node.server.drain(5_000);
    await expect.poll(async () => (await fetch(`${node.url}/readyz`)).status).toBe(503);
    const refused = await node.send(c, '还有别的颜色吗', 'q2');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ error: { code: 'XIAOER_DRAINING' } });
    release();
    const answered = await inLine;
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ replies: [{ text: '付款后48小时内发货。' }] });
    expect(await drained).toBe(true);
    expect(await hint).toEqual({ reconnectAfterMs: 500 });
    expect(await reason).toBe('transport close');
    socket.disconnect();
    servers = servers.filter((s) => s !== node.server); // closed by drain
  });
});
