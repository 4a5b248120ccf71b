// Two nodes over one PostgreSQL and one Redis, as clients see them: a shopper's two tabs on
// different nodes see each other's messages, an agent on one node sees (and is auto-assigned)
// the handoff a shopper makes on the other, and one conversation's messages sent to both nodes at
// once are answered one at a time, each once, in the order they were sent.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../app/staff/accounts.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import { clusterAvailable, openCluster, type ClusterNode } from '../testing/cluster.js';
import { HUMAN_AGENT_FLOW } from '../testing/test-flows.js';

const PASSWORD = 'cluster-password';

describe.skipIf(!clusterAvailable())('two nodes on PostgreSQL + Redis', () => {
  let nodes: [ClusterNode, ClusterNode];
  let close: () => Promise<void>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const shop = tinyBundle({
      handoff: { on_sentiment: 'off', after_fallbacks: 0, vip: false, keywords: [], groups: [], auto_assign: true, agent_capacity: 5 },
      businessHours: { timezone: 'Asia/Shanghai', days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' },
    });
    const cluster = await openCluster({ bundle: { ...shop, sops: [HUMAN_AGENT_FLOW] } });
    nodes = cluster.nodes;
    close = cluster.close;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await close?.();
  });

  const socketTo = async (url: string, options: Parameters<typeof connect>[1] = {}) => {
    const s = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...options });
    sockets.push(s);
    await new Promise<void>((resolve, reject) => {
      s.on('connect', () => resolve());
      s.on('connect_error', reject);
    });
    return s;
  };
  const post = async (node: ClusterNode, path: string, body: object, headers: Record<string, string> = {}) => {
    const r = await fetch(node.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: r.status, json: (await r.json()) as Record<string, any>, cookie: r.headers.get('set-cookie') };
  };
  const openConversation = async (node: ClusterNode) => (await post(node, '/api/v1/conversations', { shop: 'tiny' })).json as { id: string; token: string };

  it("shows a shopper's message, sent on one node, in their other tab on the other node", async () => {
    const c = await openConversation(nodes[0]);
    const [tabA, tabB] = [await socketTo(nodes[0].url), await socketTo(nodes[1].url)];
    expect((await tabA.emitWithAck('conversation:resume', { id: c.id, token: c.token })).ok).toBe(true);
    const seen = new Promise<string[]>((resolve) => tabA.on('message:new', (p: { messages: { text: string }[] }) => resolve(p.messages.map((m) => m.text))));
    const sent = await tabB.emitWithAck('message:send', { conversationId: c.id, token: c.token, text: '不喜欢可以退吗', clientMessageId: 'x1' });
    expect(sent).toMatchObject({ ok: true, data: { replies: [{ text: '支持7天无理由退换。' }] } });
    expect(await seen).toEqual(['不喜欢可以退吗', '支持7天无理由退换。']);
  });

  it('assigns a handoff made on one node to an agent whose workspace is open on the other, and tells that agent', async () => {
    await createStaff(nodes[0].deps, { shopId: 'tiny', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
    const login = await post(nodes[0], '/api/v1/auth/login', { shop: 'tiny', username: 'mei', password: PASSWORD });
    expect(login.status).toBe(200);
    const cookie = (login.cookie ?? '').split(';')[0] ?? '';
    const agent = await socketTo(`${nodes[0].url}/agent`, { extraHeaders: { cookie } });
    const changes: { id: string; owner: string }[] = [];
    agent.on('queue:changed', (p: { conversation: { id: string; owner: string } }) => changes.push(p.conversation));
    const c = await openConversation(nodes[1]);
    const r = await post(nodes[1], `/api/v1/conversations/${c.id}/messages`, { text: '转人工', clientMessageId: 'h1' }, { authorization: `Bearer ${c.token}` });
    expect(r.status).toBe(200);
    await expect.poll(() => changes.filter((x) => x.id === c.id).map((x) => x.owner)).toEqual(['queued', 'agent']);
  });

  it("answers one conversation's messages sent to both nodes at once one at a time, each once, in order", async () => {
    const c = await openConversation(nodes[0]);
    for (const n of nodes) await fetch(`${n.url}/healthz`); // connections open: requests reach the nodes as they are sent
    const texts = ['不喜欢可以退吗', '今天拍明天能发吗', '不喜欢可以退吗', '今天拍明天能发吗', '不喜欢可以退吗', '今天拍明天能发吗'];
    const results = await Promise.all(
      texts.map(async (text, i) => {
        await new Promise((r) => setTimeout(r, i * 150)); // sent in this order, 150 ms apart, so the order sent is the order they arrive even on a loaded two-core machine (30 ms apart was overtaken there); the next test sends them all at once
        return post(nodes[i % 2]!, `/api/v1/conversations/${c.id}/messages`, { text, clientMessageId: `p${i}` }, { authorization: `Bearer ${c.token}` });
      }),
    );
    expect(results.map((r) => r.status)).toEqual(texts.map(() => 200));
    const list = (await (await fetch(`${nodes[1].url}/api/v1/conversations/${c.id}/messages`, { headers: { authorization: `Bearer ${c.token}` } })).json()) as { messages: { id: string; direction: string; text: string; replyTo?: string | null; clientMessageId?: string | null }[] };
    const inbound = list.messages.filter((m) => m.direction === 'in');
    expect(inbound.map((m) => m.text)).toEqual(texts);
    // Each message answered right after it, before the next one: turns never interleaved.
    expect(list.messages.slice(1).map((m) => m.direction)).toEqual(texts.flatMap(() => ['in', 'out']));
  });

  it('never interleaves turns of one conversation when its messages reach both nodes at the same moment', async () => {
    const c = await openConversation(nodes[0]);
    const texts = Array.from({ length: 8 }, (_, i) => (i % 2 ? '不喜欢可以退吗' : '今天拍明天能发吗'));
    const results = await Promise.all(texts.map((text, i) => post(nodes[i % 2]!, `/api/v1/conversations/${c.id}/messages`, { text, clientMessageId: `q${i}` }, { authorization: `Bearer ${c.token}` })));
    expect(results.map((r) => r.status)).toEqual(texts.map(() => 200));
    const list = (await (await fetch(`${nodes[0].url}/api/v1/conversations/${c.id}/messages`, { headers: { authorization: `Bearer ${c.token}` } })).json()) as { messages: { id: string; direction: string; text: string; replyTo?: string | null }[] };
    expect(list.messages.slice(1).map((m) => m.direction)).toEqual(texts.flatMap(() => ['in', 'out']));
    // Each reply answers the message just before it.
    const rest = list.messages.slice(1);
    for (let i = 0; i < rest.length; i += 2) expect(rest[i + 1]?.replyTo).toBe(rest[i]?.id);
  });
});
