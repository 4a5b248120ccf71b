// One contract for every channel's outlet (WeCom 微信客服 against a local fake of its API, the signed
// webhook against a loopback bridge): what the shopper gets for a plain reply, a reply with a
// product card (its name, catalog price, stock and link, as a card or, where the channel shows
// text only, as text), a numbered list (quick replies, or the list as it is), an agent's message;
// that a change of who serves the shopper is accepted; and how failures are told apart: one worth
// retrying, one that can never be delivered.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelOutlet } from '../../app/ports.js';
import type { OutboundMessage } from '../../core/channels/outbound.js';
import { startFakeWecom, type FakeWecom } from '../../testing/fake-wecom-server.js';
import { webhookOutlet } from './webhook/webhook-outlet.js';
import { wecomClient } from './wecom/client.js';
import { wecomApi } from './wecom/wecom-api.js';
import { wecomOutlet } from './wecom/wecom-outlet.js';

/** What the shopper sees of one delivered message: its text and, where the channel has them, cards and buttons. */
interface Seen {
  text: string;
  cards: { name: string; price: string; url?: string }[];
  buttons: string[];
}

interface Rig {
  outlet: ChannelOutlet;
  /** What the shopper has been shown so far, oldest first. */
  seen(): Seen[];
  /** The next delivery fails in a way worth retrying (5xx) or for good (WeCom's closed window, a bridge's 410). */
  failNext(kind: 'transient' | 'permanent'): void;
  /** Whether the channel shows cards and buttons itself (else they must be in the text). */
  rich: boolean;
  close(): Promise<void>;
}

const TO = { shopId: 'tiny', conversationId: 'cnv_1', channelUser: 'wmShopper', language: 'zh-CN' };

async function wecomRig(agents: 'xiaoer' | 'wecom' = 'xiaoer'): Promise<Rig> {
  const f: FakeWecom = await startFakeWecom();
  const outlet = wecomOutlet(wecomApi(wecomClient({ corpId: f.corpId, secret: f.secret, apiBase: f.url }), 'wkTiny01'), agents);
  return {
    outlet,
    rich: false,
    seen: () => f.sent.filter((m) => m.touser === TO.channelUser).map((m) => ({ text: m.content, cards: [], buttons: [] })),
    failNext(kind) {
      if (kind === 'transient') f.failNext('/kf/send_msg', { status: 500 });
      else f.closedWindows.add(TO.channelUser);
    },
    close: () => f.close(),
  };
}

async function webhookRig(): Promise<Rig> {
  const posted: Record<string, unknown>[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      if (status === 200) posted.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`;
  const outlet = webhookOutlet({ settings: { url, secret_env: 'XIAOER_CHANNEL_T' }, secret: 's3cret' }, { clock: { now: () => new Date().toISOString() } });
  return {
    outlet,
    rich: true,
    seen: () =>
      posted
        .filter((p) => p.type === 'message')
        .map((p) => {
          const m = p.message as { text: string; quick_replies: string[]; products: { name: string; price: string; url?: string }[] };
          return { text: m.text, cards: m.products.map((c) => ({ name: c.name, price: c.price, ...(c.url ? { url: c.url } : {}) })), buttons: m.quick_replies };
        }),
    failNext(kind) {
      statuses.push(kind === 'transient' ? 503 : 410);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({ messageId: 'msg_01', kind: 'reply', text: '付款后48小时内发货。', quickReplies: [], products: [], ...over });
const card = { id: 'cotton-tee', name: '纯棉圆领短袖T恤', price: '¥69–79', stock: 17, inStock: true, url: 'https://shop.example.com/item/cotton-tee' };

for (const [name, make] of [
  ['wecom', () => wecomRig('xiaoer')],
  ['wecom, agents in WeCom', () => wecomRig('wecom')],
  ['webhook', webhookRig],
] as const) {
  describe(`channel outlet contract: ${name}`, () => {
    let rig: Rig | undefined;
    const open = async () => (rig = await make());
    afterEach(async () => {
      await rig?.close();
      rig = undefined;
    });

    it('delivers a plain reply as its text', async () => {
      const r = await open();
      expect(await r.outlet.deliver(TO, { kind: 'message', message: message() })).toEqual({ status: 'ok' });
      expect(r.seen().map((s) => s.text)).toEqual(['付款后48小时内发货。']);
    });

    it('shows a product card with its catalog price and link, as a card or as text and a link', async () => {
      const r = await open();
      expect(await r.outlet.deliver(TO, { kind: 'message', message: message({ text: '这款T恤¥69起', products: [card] }) })).toEqual({ status: 'ok' });
      const [seen] = r.seen();
      expect(seen?.text.startsWith('这款T恤¥69起')).toBe(true);
      if (r.rich) expect(seen?.cards).toEqual([{ name: card.name, price: card.price, url: card.url }]);
      else for (const part of [card.name, card.price, '库存17件', card.url]) expect(seen?.text).toContain(part);
    });

    it('offers a numbered list as buttons where the channel has them, and always keeps it in the text', async () => {
      const r = await open();
      const text = '您想了解哪方面？\n1. 尺码\n2. 面料';
      await r.outlet.deliver(TO, { kind: 'message', message: message({ text, quickReplies: ['尺码', '面料'] }) });
      const [seen] = r.seen();
      expect(seen?.text).toBe(text);
      if (r.rich) expect(seen?.buttons).toEqual(['尺码', '面料']);
    });

    it('delivers an agent’s message and the handoff words like any other', async () => {
      const r = await open();
      await r.outlet.deliver(TO, { kind: 'message', message: message({ messageId: 'msg_02', kind: 'agent', text: '小美已接入，正在为您处理～' }) });
      await r.outlet.deliver(TO, { kind: 'message', message: message({ messageId: 'msg_03', kind: 'handoff_notice', text: '正在为您转接人工客服' }) });
      expect(r.seen().map((s) => s.text)).toEqual(['小美已接入，正在为您处理～', '正在为您转接人工客服']);
    });

    it('delivers a long message whole, in parts where the channel limits a message’s size', async () => {
      const r = await open();
      const text = Array.from({ length: 60 }, (_, i) => `第${i + 1}条：付款后48小时内发货，偏远地区另计。`).join('\n');
      expect(Buffer.byteLength(text)).toBeGreaterThan(2048);
      expect(await r.outlet.deliver(TO, { kind: 'message', message: message({ messageId: 'msg_01m99n4w4z0000hbf36fcr91v95cyk', text }) })).toEqual({ status: 'ok' });
      expect(r.seen().map((s) => s.text).join('\n')).toBe(text);
    });

    it('takes every change of who serves the shopper, or refuses it for good (never to be retried), showing the shopper nothing', async () => {
      const r = await open();
      for (const change of ['queued', 'agent', 'ai', 'closed'] as const) expect(['ok', 'undeliverable']).toContain((await r.outlet.deliver(TO, { kind: 'service', change, eventId: `evt_${change}` })).status);
      expect(r.seen()).toEqual([]);
    });

    it('tells a failure worth retrying from one that can never be delivered', async () => {
      const r = await open();
      r.failNext('transient');
      expect((await r.outlet.deliver(TO, { kind: 'message', message: message() })).status).toBe('retry');
      expect(await r.outlet.deliver(TO, { kind: 'message', message: message() })).toEqual({ status: 'ok' });
      r.failNext('permanent');
      expect((await r.outlet.deliver(TO, { kind: 'message', message: message({ messageId: 'msg_09' }) })).status).toBe('undeliverable');
      expect(r.seen()).toHaveLength(1);
    });
  });
}
