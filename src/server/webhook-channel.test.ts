// The generic signed webhook channel end to end against a local bridge: a signed shopper message is
// answered and the answer POSTed (signed) to the shop's URL, with the product card's price and stock
// from the catalog and its page link; agents' messages follow; a resent message id changes nothing;
// a bridge that fails is retried in order, one that refuses for good gets a note in the workspace;
// bad signatures, bodies and shops are refused with stable codes.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signature } from '../app/cdp/deliver-events.js';
import { createKeyedLock } from '../app/conversations/keyed-lock.js';
import { requestHandoff } from '../app/conversations/request-handoff.js';
import { createStaff } from '../app/staff/accounts.js';
import { claimConversation, sendAgentMessage } from '../app/staff/workspace.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import { appHarness } from '../testing/app-harness.js';
import { verifyOrderWebhook } from './webhook-signatures.js';
import { buildServer, type XiaoerServer } from './build-server.js';

const SECRET = 'bridge-secret-0123456789';
const URL_PATH = '/api/v1/channels/webhook/tiny';

interface Posted {
  body: Record<string, unknown>;
  signed: boolean;
  delivery: string | undefined;
}

let bridge: Server | undefined;
const servers: XiaoerServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    await s.channelsIdle();
    await s.app.close();
  }
  await new Promise<void>((r) => (bridge ? bridge.close(() => r()) : r()));
  bridge = undefined;
});

/** A bridge on loopback recording what it is sent; `statuses` answers the next posts (then 200). */
async function startBridge(): Promise<{ url: string; posted: Posted[]; statuses: number[] }> {
  const posted: Posted[] = [];
  const statuses: number[] = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  bridge = createServer((req, res) => {
    void read(req).then((raw) => {
      const status = statuses.shift() ?? 200;
      if (status === 200) {
        const header = req.headers['x-xiaoer-signature'];
        posted.push({ body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, signed: verifyOrderWebhook(raw, typeof header === 'string' ? header : undefined, SECRET, Date.now()), delivery: req.headers['x-xiaoer-delivery'] as string | undefined });
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => bridge!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(bridge.address() as AddressInfo).port}/replies`, posted, statuses };
}

async function setUp(options: { productUrl?: boolean } = {}) {
  const b = await startBridge();
  const channels = { webhook: { url: b.url, secret_env: 'XIAOER_CHANNEL_TINY' }, ...(options.productUrl === false ? {} : { product_url: 'https://shop.example.com/item/{product}' }) };
  const h = await appHarness({ bundle: tinyBundle({ channels }), secrets: { XIAOER_CHANNEL_TINY: SECRET } });
  const serve = async (deps = h.deps, mayDeliverChannels?: () => Promise<boolean>) => {
    const s = await buildServer(deps, { logLevel: 'silent', ...(mayDeliverChannels ? { mayDeliverChannels } : {}) });
    servers.push(s);
    return s;
  };
  const server = await serve();
  const send = (payload: unknown, over: { secret?: string; at?: number; raw?: string; shop?: string; s?: XiaoerServer } = {}) => {
    const raw = over.raw ?? JSON.stringify(payload);
    const t = over.at ?? Math.floor(Date.now() / 1000);
    return (over.s ?? server).app.inject({ method: 'POST', url: over.shop ? `/api/v1/channels/webhook/${over.shop}` : URL_PATH, headers: { 'content-type': 'application/json', 'x-xiaoer-signature': signature(over.secret ?? SECRET, t, raw) }, payload: raw });
  };
  const messages = () => b.posted.filter((p) => p.body.type === 'message').map((p) => p.body.message as { id: string; kind: string; text: string; quick_replies: string[]; products: { id: string; name: string; price: string; stock: number | null; in_stock: boolean; url?: string }[] });
  return { ...b, h, server, serve, send, messages };
}

describe('the signed webhook channel', () => {
  it('answers a signed message and POSTs the answer, signed, to the bridge, with the product card from the catalog', async () => {
    const { h, server, send, posted, messages } = await setUp();
    const r = await send({ user: 'buyer-1', message_id: 'pm-1', text: '这款T恤多少钱', product: 'cotton-tee' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ duplicate: false, replies: 1 });
    await server.channelsIdle();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ signed: true, body: { type: 'message', shop: 'tiny', user: 'buyer-1', conversation_id: r.json().conversation_id } });
    const [m] = messages();
    expect(m?.kind).toBe('reply');
    expect(m?.text).toContain('¥69');
    expect(m?.products).toEqual([{ id: 'cotton-tee', name: '纯棉圆领短袖T恤', price: '¥69–79', stock: 17, in_stock: true, url: 'https://shop.example.com/item/cotton-tee' }]);
    expect(posted[0]?.delivery).toBe(m?.id);
    const c = await h.store.conversations.get(r.json().conversation_id);
    expect(c).toMatchObject({ channel: 'webhook', channelUser: 'buyer-1' });
  });

  it('keeps one conversation per shopper and answers a resent message id once', async () => {
    const { server, send, posted } = await setUp();
    const first = (await send({ user: 'buyer-1', message_id: 'pm-1', text: '什么时候发货' })).json();
    const again = await send({ user: 'buyer-1', message_id: 'pm-1', text: '什么时候发货' });
    expect(again.json()).toMatchObject({ conversation_id: first.conversation_id, duplicate: true, replies: 0 });
    const next = (await send({ user: 'buyer-1', message_id: 'pm-2', text: '能退货吗' })).json();
    expect(next.conversation_id).toBe(first.conversation_id);
    await server.channels.deliver();
    await server.channelsIdle();
    expect(posted.map((p) => (p.body.message as { text: string }).text)).toEqual(['付款后48小时内发货。', '支持7天无理由退换。']);
  });

  it('sends what an agent writes and the handoff to the bridge', async () => {
    const { h, server, send, posted } = await setUp();
    const c = (await send({ user: 'buyer-1', message_id: 'pm-1', text: '什么时候发货' })).json();
    await requestHandoff(h.deps, c.conversation_id);
    const agent = await createStaff(h.deps, { shopId: 'tiny', username: 'xiaomei', displayName: '小美', role: 'agent', groups: [], password: 'a-long-enough-password-1' });
    await claimConversation(h.deps, agent, c.conversation_id);
    await sendAgentMessage(h.deps, agent, c.conversation_id, '您好，我来帮您查一下', 'a1');
    await server.channels.deliver();
    const kinds = posted.map((p) => (p.body.type === 'service' ? `service:${String(p.body.change)}` : `${(p.body.message as { kind: string }).kind}`));
    expect(kinds).toEqual(['reply', 'handoff_notice', 'service:queued', 'service:agent', 'agent']);
    expect((posted.at(-1)?.body.message as { text: string }).text).toBe('您好，我来帮您查一下');
  });

  it('retries a failing bridge in order, and notes in the workspace what a bridge refuses for good', async () => {
    const { h, server, serve, send, posted, statuses } = await setUp();
    statuses.push(503);
    const a = (await send({ user: 'buyer-1', message_id: 'pm-1', text: '什么时候发货' })).json();
    await send({ user: 'buyer-1', message_id: 'pm-2', text: '能退货吗' });
    await server.channelsIdle();
    expect(posted).toHaveLength(0);
    // Past the back-off: the first, then the one behind it.
    const later = await serve({ ...h.deps, lock: createKeyedLock(), clock: { now: () => new Date(Date.now() + 5_000).toISOString() } });
    await later.channels.deliver();
    expect(posted.map((p) => (p.body.message as { text: string }).text)).toEqual(['付款后48小时内发货。', '支持7天无理由退换。']);
    // A 410: the shopper is gone; dead at once, noted, queued for an agent.
    statuses.push(410);
    await send({ user: 'buyer-1', message_id: 'pm-3', text: '可以开发票吗' });
    await server.channelsIdle();
    const c = (await h.store.conversations.get(a.conversation_id))!;
    expect(c.ownership).toMatchObject({ owner: 'queued', reason: 'channel_http_410' });
    expect((await h.store.messages.list(c.id, 50)).filter((m) => m.direction === 'note').map((m) => m.text)).toEqual(['未送达（webhook: http_410）：确认收货后可申请电子发票。']);
  });

  it('keeps sending to other shoppers while one shopper’s delivery waits out its back-off', async () => {
    const { server, send, posted, statuses } = await setUp();
    statuses.push(503);
    await send({ user: 'buyer-a', message_id: 'a1', text: '什么时候发货' });
    await server.channelsIdle();
    expect(posted).toHaveLength(0);
    await send({ user: 'buyer-b', message_id: 'b1', text: '能退货吗' });
    await server.channelsIdle();
    expect(posted.map((p) => p.body.user)).toEqual(['buyer-b']);
  });

  it('sends nothing stale: events from before the last 15 minutes are never sent, and one that goes stale while failing is noted', async () => {
    const { h, serve, send, posted, statuses } = await setUp();
    const at = (offsetMs: number) => ({ now: () => new Date(Date.now() + offsetMs).toISOString() });
    // An hour ago, on a node that never delivered (as before an upgrade that added channel delivery).
    const past = await serve({ ...h.deps, clock: at(-3_600_000) }, async () => false);
    const signedAt = (offsetMs: number) => Math.floor((Date.now() + offsetMs) / 1000);
    const old = (await send({ user: 'buyer-old', message_id: 'o1', text: '什么时候发货' }, { s: past, at: signedAt(-3_600_000) })).json();
    expect(old.conversation_id).toBeDefined();
    // 14 minutes ago, its send failing.
    const recent = await serve({ ...h.deps, lock: createKeyedLock(), clock: at(-14 * 60_000) });
    statuses.push(503);
    const late = (await send({ user: 'buyer-late', message_id: 'l1', text: '能退货吗' }, { s: recent, at: signedAt(-14 * 60_000) })).json();
    expect(late.conversation_id).toBeDefined();
    await recent.channelsIdle();
    expect(posted).toHaveLength(0);
    // Now, two minutes on: the hour-old reply is not enqueued at all, the 16-minute-old one is dead and noted.
    const now = await serve({ ...h.deps, lock: createKeyedLock(), clock: at(2 * 60_000) });
    await now.channels.deliver();
    expect(posted).toHaveLength(0);
    expect((await h.store.messages.list(old.conversation_id, 20)).filter((m) => m.direction === 'note')).toEqual([]);
    const notes = (await h.store.messages.list(late.conversation_id, 20)).filter((m) => m.direction === 'note').map((m) => m.text);
    expect(notes).toEqual(['未送达（webhook: expired）：支持7天无理由退换。']);
  });

  it('refuses bad signatures (401), bodies (400) and shops without the channel (404), storing nothing', async () => {
    const { h, send } = await setUp();
    const ok = { user: 'buyer-1', message_id: 'pm-1', text: '什么时候发货' };
    const code = async (r: Promise<{ statusCode: number; json(): { error: { code: string } } }>) => {
      const x = await r;
      return [x.statusCode, (x.json() as { error?: { code: string } }).error?.code ?? JSON.stringify(x.json())];
    };
    expect(await code(send(ok, { secret: 'not-the-secret' }))).toEqual([401, 'XIAOER_WEBHOOK_SIGNATURE_INVALID']);
    expect(await code(send(ok, { at: Math.floor(Date.now() / 1000) - 600 }))).toEqual([401, 'XIAOER_WEBHOOK_SIGNATURE_INVALID']);
    expect(await code(send(undefined, { raw: '{"user":' }))).toEqual([400, 'XIAOER_INVALID_WEBHOOK']);
    expect(await code(send({ ...ok, user: 'has space' }))).toEqual([400, 'XIAOER_INVALID_WEBHOOK']);
    expect(await code(send({ ...ok, extra: 1 }))).toEqual([400, 'XIAOER_INVALID_WEBHOOK']);
    expect(await code(send({ ...ok, text: '   ' }))).toEqual([400, 'XIAOER_EMPTY_MESSAGE']);
    expect(await code(send({ ...ok, message_id: 'x'.repeat(101) }))).toEqual([400, 'XIAOER_INVALID_WEBHOOK']);
    expect(await code(send(ok, { shop: 'nope' }))).toEqual([404, 'XIAOER_CHANNEL_NOT_CONFIGURED']);
    expect(await h.store.conversations.findByChannelUser('tiny', 'webhook', 'buyer-1')).toBeUndefined();
  });

  it('takes a product id the shop does not have as no hint, and answers', async () => {
    const { h, send } = await setUp();
    const r = await send({ user: 'buyer-9', message_id: 'm'.repeat(100), text: '什么时候发货', product: 'no-such-product' });
    expect(r.statusCode).toBe(200);
    expect((await h.store.conversations.get(r.json().conversation_id))?.state.focusProductId).toBeUndefined();
  });

  it('sends a card without a link when the shop gives no product_url', async () => {
    const { server, send, messages } = await setUp({ productUrl: false });
    await send({ user: 'buyer-1', message_id: 'pm-1', text: '这款T恤多少钱', product: 'cotton-tee' });
    await server.channelsIdle();
    expect(messages()[0]?.products[0]).not.toHaveProperty('url');
  });
});
