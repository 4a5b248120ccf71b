// The Socket.IO gateway over a real port: start, send, resend, resume, and error acks; on one
// node, and on two nodes sharing PostgreSQL and Redis with the client's calls alternating between
// two sockets, one on each node.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { appHarness } from '../testing/app-harness.js';
import { clusterAvailable, openCluster } from '../testing/cluster.js';
import { buildServer } from './build-server.js';

/** Where the suite connects: the URLs of its nodes (one node: the same URL twice). */
const targets: { name: string; open(): Promise<{ urls: [string, string]; close(): Promise<void> }> }[] = [
  {
    name: 'one node',
    open: async () => {
      const h = await appHarness();
      const server = await buildServer(h.deps, { logLevel: 'silent' });
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
      return {
        urls: [url, url],
        close: async () => {
          await server.app.close();
          await h.store.close();
        },
      };
    },
  },
];
if (clusterAvailable()) {
  targets.push({
    name: 'two nodes on postgres + redis',
    open: async () => {
      const cluster = await openCluster();
      return { urls: [cluster.nodes[0].url, cluster.nodes[1].url], close: () => cluster.close() };
    },
  });
}

for (const target of targets) {
  describe(target.name, () => {
    let urls: [string, string];
    let clients: Socket[] = [];
    let close: () => Promise<void>;
    let calls = 0;

    beforeAll(async () => {
      const opened = await target.open();
      urls = opened.urls;
      clients = urls.map((url) => connect(url, { transports: ['websocket'], reconnection: false, forceNew: true }));
      await Promise.all(clients.map((c) => new Promise<void>((resolve) => c.on('connect', () => resolve()))));
      close = async () => {
        for (const c of clients) c.close();
        await opened.close();
      };
    });
    afterAll(async () => close());

    /** Emits with an ack on the next socket: calls alternate between the nodes. */
    const call = <T = any>(event: string, payload: unknown): Promise<T> => clients[calls++ % clients.length]!.timeout(5000).emitWithAck(event, payload);

    describe(`Socket.IO gateway on ${target.name}`, () => {
      it('starts a conversation and answers messages through acks', async () => {
        const started = await call('conversation:start', { shop: 'tiny' });
        expect(started.ok).toBe(true);
        const id = started.data.id;
        const token = started.data.token;
        const sent = await call('message:send', { conversationId: id, token, text: '不喜欢可以退吗', clientMessageId: 's1' });
        expect(sent).toMatchObject({ ok: true, data: { replies: [{ text: '支持7天无理由退换。', trace: { faqId: 'return-policy' } }] } });
        const again = await call('message:send', { conversationId: id, token, text: '不喜欢可以退吗', clientMessageId: 's1' });
        expect(again.data.duplicate).toBe(true);
        const resumed = await call('conversation:resume', { id, token });
        expect(resumed.data.messages).toHaveLength(3);
      });

      it('needs the conversation token to send, resume or join its room', async () => {
        const mine = await call('conversation:start', { shop: 'tiny' });
        const theirs = await call('conversation:start', { shop: 'tiny' });
        const id = mine.data.id;
        expect(await call('message:send', { conversationId: id, text: '能开票吗', clientMessageId: 'x1' })).toMatchObject({ ok: false, error: { code: 'XIAOER_CONVERSATION_TOKEN_REQUIRED' } });
        expect(await call('message:send', { conversationId: id, token: theirs.data.token, text: '能开票吗', clientMessageId: 'x1' })).toMatchObject({ ok: false, error: { code: 'XIAOER_CONVERSATION_ACCESS_DENIED' } });
        expect(await call('conversation:resume', { id })).toMatchObject({ ok: false, error: { code: 'XIAOER_CONVERSATION_TOKEN_REQUIRED' } });
        expect(await call('conversation:resume', { id, token: theirs.data.token })).toMatchObject({ ok: false, error: { code: 'XIAOER_CONVERSATION_ACCESS_DENIED' } });
        // An eavesdropper who only knows the id gets nothing of the conversation's live messages.
        const spy = connect(urls[1], { transports: ['websocket'], reconnection: false, forceNew: true });
        await new Promise<void>((resolve) => spy.on('connect', () => resolve()));
        const heard: unknown[] = [];
        spy.on('message:new', (m) => heard.push(m));
        await spy.timeout(5000).emitWithAck('conversation:resume', { id, token: 'guess' });
        const listener = connect(urls[1], { transports: ['websocket'], reconnection: false, forceNew: true });
        await new Promise<void>((resolve) => listener.on('connect', () => resolve()));
        const delivered = new Promise((resolve) => listener.on('message:new', resolve));
        expect((await listener.timeout(5000).emitWithAck('conversation:resume', { id, token: mine.data.token })).ok).toBe(true);
        // Sent on the first node: on two nodes, the listener on the second hears it through Redis.
        expect((await clients[0]!.timeout(5000).emitWithAck('message:send', { conversationId: id, token: mine.data.token, text: '能开票吗', clientMessageId: 'x2' })).ok).toBe(true);
        await delivered;
        spy.close();
        listener.close();
        expect(heard).toEqual([]);
      });

      it('acks bad payloads with error codes', async () => {
        expect(await call('message:send', { text: 'hi' })).toMatchObject({ ok: false, error: { code: 'XIAOER_VALIDATION' } });
        expect(await call('message:send', { conversationId: 'cnv_nope', token: 'x', text: 'hi', clientMessageId: 'x' })).toMatchObject({ ok: false, error: { code: 'XIAOER_CONVERSATION_ACCESS_DENIED' } });
        expect(await call('conversation:start', 'not an object')).toMatchObject({ ok: false, error: { code: 'XIAOER_VALIDATION' } });
      });
    });

    describe(`hostile agent sockets on ${target.name}`, () => {
      it('refuses a session cookie that is not valid percent-encoding, and keeps serving', async () => {
        for (const cookie of ['xiaoer_session=%', 'xiaoer_session=%E0%A4%A', 'xiaoer_session=%%%; other=%']) {
          const agent = connect(`${urls[0]}/agent`, { transports: ['polling'], reconnection: false, forceNew: true, extraHeaders: { cookie } });
          const error = await new Promise<Error>((resolve) => agent.on('connect_error', resolve));
          agent.close();
          expect(error.message).toBe('XIAOER_UNAUTHENTICATED');
        }
        expect((await call('conversation:start', { shop: 'tiny' })).ok).toBe(true);
      });
    });
  });
}
