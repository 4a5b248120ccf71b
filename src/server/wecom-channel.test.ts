// WeCom 微信客服 end to end against a local fake of WeCom (real signatures and AES): the URL check,
// a callback whose pulled messages are answered through the turn pipeline and sent back with
// send_msg, paging, replays and a restart answering nothing twice, a token renewed, and refusals.
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyedLock } from '../app/conversations/keyed-lock.js';
import { requestHandoff } from '../app/conversations/request-handoff.js';
import { createStaff } from '../app/staff/accounts.js';
import { announceAgent, claimConversation, handBack, sendAgentMessage } from '../app/staff/workspace.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import { appHarness } from '../testing/app-harness.js';
import { fakeCustomerText, signedKfCallback, signedVerification, startFakeWecom, type FakeWecom } from '../testing/fake-wecom-server.js';
import { buildServer, type XiaoerServer } from './build-server.js';

const KF = 'wkTiny01';
const TOKEN = 'callback-t0ken';
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const URL_PATH = '/api/v1/channels/wecom/tiny/callback';
const wecomSettings = (corpId: string, agents?: 'xiaoer' | 'wecom') => ({ wecom: { corpId, openKfId: KF, secretEnv: 'XIAOER_WECOM_SECRET', tokenEnv: 'XIAOER_WECOM_TOKEN', aesKeyEnv: 'XIAOER_WECOM_AES_KEY', ...(agents ? { agents } : {}) } });

let fake: FakeWecom | undefined;
const servers: XiaoerServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    await s.channelsIdle();
    await s.app.close();
  }
  await fake?.close();
  fake = undefined;
});

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function setUp(options: { pageSize?: number; secrets?: Record<string, string>; channels?: boolean; agents?: 'xiaoer' | 'wecom' } = {}) {
  const f = await startFakeWecom({ pageSize: options.pageSize ?? 100 });
  fake = f;
  const secrets = options.secrets ?? { XIAOER_WECOM_SECRET: f.secret, XIAOER_WECOM_TOKEN: TOKEN, XIAOER_WECOM_AES_KEY: AES_KEY };
  const h = await appHarness({ bundle: tinyBundle(options.channels === false ? {} : { channels: wecomSettings(f.corpId, options.agents) }), secrets });
  const cb = { token: TOKEN, encodingAesKey: AES_KEY, corpId: f.corpId };
  const serve = async (deps = h.deps) => {
    const s = await buildServer(deps, { logLevel: 'silent', wecomApiBase: f.url });
    servers.push(s);
    return s;
  };
  const server = await serve();
  /** A kf_msg_or_event callback carrying a fresh sync token, as WeCom POSTs it. */
  const callback = (s: XiaoerServer = server, over: { token?: string; shop?: string; contentType?: string } = {}) => {
    const { query, body } = signedKfCallback({ ...cb, token: over.token ?? TOKEN }, { syncToken: f.mintSyncToken(), openKfId: KF });
    return s.app.inject({ method: 'POST', url: `/api/v1/channels/wecom/${over.shop ?? 'tiny'}/callback?${new URLSearchParams({ ...query })}`, headers: { 'content-type': over.contentType ?? 'text/xml' }, payload: body });
  };
  const sentTo = (user: string) => f.sent.filter((m) => m.touser === user).map((m) => m.content);
  const syncCursors = () => f.requests.filter((r) => r.path === '/cgi-bin/kf/sync_msg').map((r) => r.body?.cursor);
  return { f, h, cb, server, serve, callback, sentTo, syncCursors };
}

describe('WeCom 微信客服 channel', () => {
  it('answers the URL check with the echostr’s plaintext, and refuses a bad signature with 401', async () => {
    const { server, cb } = await setUp();
    const q = signedVerification(cb, '1616140317555161061');
    const ok = await server.app.inject({ method: 'GET', url: `${URL_PATH}?${new URLSearchParams({ ...q })}` });
    expect([ok.statusCode, ok.headers['content-type'], ok.body]).toEqual([200, 'text/plain; charset=utf-8', '1616140317555161061']);
    const bad = await server.app.inject({ method: 'GET', url: `${URL_PATH}?${new URLSearchParams({ ...q, msg_signature: 'a'.repeat(40) })}` });
    expect([bad.statusCode, bad.json().error.code]).toEqual([401, 'XIAOER_WECOM_SIGNATURE']);
    const other = signedVerification({ ...cb, token: 'another-token' }, 'x');
    const r = await server.app.inject({ method: 'GET', url: `${URL_PATH}?${new URLSearchParams({ ...other })}` });
    expect([r.statusCode, r.json().error.code]).toEqual([401, 'XIAOER_WECOM_SIGNATURE']);
  });

  it('answers a callback with success at once, then pulls the shopper’s text and sends the FAQ answer with send_msg', async () => {
    const { f, h, callback, sentTo } = await setUp();
    f.addMessages(fakeCustomerText(KF, 'wmUser1', '什么时候发货', 'msg-1'));
    const r = await callback();
    expect([r.statusCode, r.body]).toEqual([200, 'success']);
    await until(() => f.sent.length > 0);
    expect(sentTo('wmUser1')).toEqual(['付款后48小时内发货。']);
    expect(f.sent[0]?.open_kfid).toBe(KF);
    const c = await h.store.conversations.findByChannelUser('tiny', 'wecom', 'wmUser1');
    expect(c).toMatchObject({ shopId: 'tiny', channel: 'wecom', channelUser: 'wmUser1' });
    const stored = await h.store.messages.findInbound(c!.id, 'wecom:msg-1');
    expect(stored?.text).toBe('什么时候发货');
  });

  it('pages across has_more and answers every shopper text once, in its own conversation per shopper, copying what WeCom servicers wrote', async () => {
    const { f, h, server, callback, sentTo, syncCursors } = await setUp({ pageSize: 2 });
    f.addMessages(
      fakeCustomerText(KF, 'wmA', '什么时候发货', 'm1'),
      { msgid: 'e1', open_kfid: KF, send_time: 1_700_000_001, origin: 4, msgtype: 'event', event: { event_type: 'enter_session', external_userid: 'wmB', welcome_code: 'W1' } },
      fakeCustomerText(KF, 'wmB', '能退货吗', 'm2'),
      { msgid: 's1', open_kfid: KF, servicer_userid: 'zhangsan', external_userid: 'wmA', send_time: 1_700_000_002, origin: 5, msgtype: 'text', text: { content: '人工回复' } },
      fakeCustomerText(KF, 'wmA', '可以开发票吗', 'm3'),
    );
    await callback();
    await server.channelsIdle();
    expect(syncCursors()).toEqual([undefined, 'c2', 'c4']);
    expect(sentTo('wmA')).toEqual(['付款后48小时内发货。', '确认收货后可申请电子发票。']);
    expect(sentTo('wmB')).toEqual(['支持7天无理由退换。']);
    // wmB opened the chat first: the shop's greeting went with the enter_session event's welcome code.
    expect(f.sent.filter((m) => m.code === 'W1').map((m) => m.content)).toEqual(['您好，欢迎光临小店！']);
    expect(f.sent).toHaveLength(4);
    expect(await h.store.channelCursors.get('tiny', 'wecom')).toBe('c5');
    const a = await h.store.conversations.findByChannelUser('tiny', 'wecom', 'wmA');
    const texts = (await h.store.messages.list(a!.id, 50)).filter((m) => m.direction === 'in').map((m) => m.text);
    expect(texts).toEqual(['什么时候发货', '可以开发票吗']);
    // The servicer's words are in the transcript as an agent's (never sent again), once after a replay.
    const servicer = () => h.store.messages.list(a!.id, 50).then((ms) => ms.filter((m) => m.trace?.rule === 'wecom_servicer').map((m) => [m.direction, m.text, m.trace?.agentId]));
    expect(await servicer()).toEqual([['out', '人工回复', 'wecom:zhangsan']]);
    await h.store.channelCursors.put('tiny', 'wecom', 'c0', new Date().toISOString());
    await callback();
    await server.channelsIdle();
    expect(await servicer()).toHaveLength(1);
    expect(f.sent).toHaveLength(4);
  });

  it('sends nothing twice: a repeated callback reads from the stored cursor, and a re-read batch is answered from storage', async () => {
    const { f, h, server, callback, syncCursors } = await setUp({ pageSize: 2 });
    f.addMessages(fakeCustomerText(KF, 'wmA', '什么时候发货', 'm1'), fakeCustomerText(KF, 'wmA', '能退货吗', 'm2'), fakeCustomerText(KF, 'wmB', '可以开发票吗', 'm3'));
    await callback();
    await server.channelsIdle();
    expect(f.sent).toHaveLength(3);
    await callback();
    await server.channelsIdle();
    expect(f.sent).toHaveLength(3);
    expect(syncCursors().at(-1)).toBe('c3');
    // A cursor lost (a crash before it was stored): the whole batch is read again and nothing is resent.
    await h.store.channelCursors.put('tiny', 'wecom', 'c0', new Date().toISOString());
    await Promise.all([callback(), callback()]);
    await server.channelsIdle();
    expect(f.sent).toHaveLength(3);
    expect(await h.store.channelCursors.get('tiny', 'wecom')).toBe('c3');
  });

  it('goes on from the stored cursor after a restart, answering only what is new', async () => {
    const { f, h, server, serve, callback, sentTo, syncCursors } = await setUp({ pageSize: 2 });
    f.addMessages(fakeCustomerText(KF, 'wmA', '什么时候发货', 'm1'), fakeCustomerText(KF, 'wmA', '能退货吗', 'm2'), fakeCustomerText(KF, 'wmA', '可以开发票吗', 'm3'));
    await callback();
    await server.channelsIdle();
    servers.splice(servers.indexOf(server), 1);
    await server.app.close();
    // A new node over the same store: its own lock, route caches, client and access token.
    const next = await serve({ ...h.deps, lock: createKeyedLock() });
    f.addMessages(fakeCustomerText(KF, 'wmA', '什么时候发货', 'm4'));
    const before = syncCursors().length;
    await callback(next);
    await next.channelsIdle();
    expect(syncCursors().slice(before)).toEqual(['c3']);
    expect(sentTo('wmA')).toEqual(['付款后48小时内发货。', '支持7天无理由退换。', '确认收货后可申请电子发票。', '付款后48小时内发货。']);
    expect(f.tokensIssued()).toBe(2);
  });

  it('renews an expired access token and answers', async () => {
    const { f, server, callback, sentTo } = await setUp();
    f.addMessages(fakeCustomerText(KF, 'wmA', '什么时候发货', 'm1'));
    await callback();
    await server.channelsIdle();
    f.expireTokens();
    f.addMessages(fakeCustomerText(KF, 'wmA', '能退货吗', 'm2'));
    expect((await callback(server, { contentType: 'application/xml; charset=utf-8' })).body).toBe('success');
    await server.channelsIdle();
    expect(f.tokensIssued()).toBe(2);
    expect(sentTo('wmA')).toEqual(['付款后48小时内发货。', '支持7天无理由退换。']);
  });

  it('queues a shopper whose window is over (48 hours / 5 messages) for an agent, with a note saying what did not reach them', async () => {
    const { f, h, server, callback, sentTo } = await setUp();
    f.closedWindows.add('wmGone');
    f.addMessages(fakeCustomerText(KF, 'wmGone', '什么时候发货', 'm1'), fakeCustomerText(KF, 'wmA', '能退货吗', 'm2'));
    await callback();
    await server.channelsIdle();
    expect(sentTo('wmGone')).toEqual([]);
    expect(sentTo('wmA')).toEqual(['支持7天无理由退换。']);
    expect(await h.store.channelCursors.get('tiny', 'wecom')).toBe('c2');
    const gone = (await h.store.conversations.findByChannelUser('tiny', 'wecom', 'wmGone'))!;
    expect(gone.ownership).toMatchObject({ owner: 'queued', reason: 'channel_window_closed' });
    const notes = (await h.store.messages.list(gone.id, 50)).filter((m) => m.direction === 'note').map((m) => m.text);
    expect(notes).toEqual(['未送达（wecom: window_closed）：付款后48小时内发货。']);
    // Dead at once: noted above, never retried, and not on the CDP dead-letter list (nor re-sent by its redrive).
    expect(await h.store.outbox.listDeadCdpDeliveries('tiny')).toEqual([]);
    expect(await h.store.outbox.redriveCdpDeliveries('tiny', new Date().toISOString())).toBe(0);
    await server.channels.deliver();
    expect(f.requests.filter((r) => r.path === '/cgi-bin/kf/send_msg' && r.body?.touser === 'wmGone')).toHaveLength(1);
  });

  it('loses nothing when the node stops between saving an answer and sending it: another node sends it, once', async () => {
    const { f, h, serve, callback, sentTo } = await setUp();
    // A node that answers but dies before it can send (it never gets to deliver).
    const dying = await buildServer(h.deps, { logLevel: 'silent', wecomApiBase: f.url, mayDeliverChannels: async () => false });
    servers.push(dying);
    f.addMessages(fakeCustomerText(KF, 'wmA', '什么时候发货', 'm1'));
    await callback(dying);
    await dying.channelsIdle();
    expect(sentTo('wmA')).toEqual([]);
    servers.splice(servers.indexOf(dying), 1);
    await dying.app.close();
    const next = await serve({ ...h.deps, lock: createKeyedLock() });
    await next.channels.deliver();
    await next.channels.deliver();
    expect(sentTo('wmA')).toEqual(['付款后48小时内发货。']);
  });

  it('retries a send WeCom fails, in order, until it goes through', async () => {
    const { f, h, server, serve, callback, sentTo } = await setUp();
    f.failNext('/kf/send_msg', { status: 500 });
    f.addMessages(fakeCustomerText(KF, 'wmA', '什么时候发货', 'm1'), fakeCustomerText(KF, 'wmA', '能退货吗', 'm2'));
    await callback();
    await server.channelsIdle();
    expect(sentTo('wmA')).toEqual([]);
    const pending = await h.store.outbox.listPendingCdpDeliveries('channel/wecom', 10);
    expect(pending.map((d) => [d.attempts, d.lastError])).toEqual([
      [1, 'http_status'],
      [0, null],
    ]);
    // Not due yet: nothing is tried again before the back-off.
    await server.channels.deliver();
    expect(f.requests.filter((r) => r.path === '/cgi-bin/kf/send_msg')).toHaveLength(1);
    // A node whose clock is past the back-off (2 s): the first goes, then the one behind it.
    const later = await serve({ ...h.deps, clock: { now: () => new Date(Date.now() + 5_000).toISOString() } });
    await later.channels.deliver();
    expect(sentTo('wmA')).toEqual(['付款后48小时内发货。', '支持7天无理由退换。']);
  });

  it('sends what agents write, with the 已接入 notice, back through WeCom', async () => {
    const { f, h, server, callback, sentTo } = await setUp();
    f.addMessages(fakeCustomerText(KF, 'wmA', '什么时候发货', 'm1'));
    await callback();
    await server.channelsIdle();
    const c = (await h.store.conversations.findByChannelUser('tiny', 'wecom', 'wmA'))!;
    await requestHandoff(h.deps, c.id);
    const agent = await createStaff(h.deps, { shopId: 'tiny', username: 'xiaomei', displayName: '小美', role: 'agent', groups: [], password: 'a-long-enough-password-1' });
    const taken = await claimConversation(h.deps, agent, c.id);
    await announceAgent(h.deps, agent, taken);
    await sendAgentMessage(h.deps, agent, c.id, '您好，订单已经加急处理', 'a1');
    await server.channels.deliver();
    const sent = sentTo('wmA');
    expect(sent[0]).toBe('付款后48小时内发货。');
    expect(sent.slice(-2)).toEqual(['小美已接入，正在为您处理～', '您好，订单已经加急处理']);
    // Agents work in our workspace (the default): the WeCom session is never moved.
    expect(f.requests.filter((r) => r.path === '/cgi-bin/kf/service_state/trans')).toHaveLength(0);
  });

  it('moves the WeCom session to WeCom’s queue on a handoff when the shop’s agents work in WeCom, and back on hand-back', async () => {
    const { f, h, server, callback } = await setUp({ agents: 'wecom' });
    f.addMessages(fakeCustomerText(KF, 'wmA', '什么时候发货', 'm1'));
    await callback();
    await server.channelsIdle();
    const c = (await h.store.conversations.findByChannelUser('tiny', 'wecom', 'wmA'))!;
    await requestHandoff(h.deps, c.id);
    await server.channels.deliver();
    expect(f.states.get(`${KF}/wmA`)).toMatchObject({ state: 2 });
    // Still in WeCom's queue, it cannot be taken back (WeCom allows 2 → 3 only): dropped, holding nothing up.
    const admin = await createStaff(h.deps, { shopId: 'tiny', username: 'boss', role: 'admin', groups: [], password: 'a-long-enough-password-1' });
    await claimConversation(h.deps, admin, c.id);
    await handBack(h.deps, admin, c.id);
    await server.channels.deliver();
    expect(f.states.get(`${KF}/wmA`)).toMatchObject({ state: 2 });
    // A WeCom servicer took it (3); a hand-back from our workspace then ends their session (3 → 4).
    f.states.set(`${KF}/wmA`, { state: 3, servicer: 'zhangsan' });
    await claimConversation(h.deps, admin, c.id).catch(() => undefined);
    await requestHandoff(h.deps, c.id);
    await claimConversation(h.deps, admin, c.id);
    await handBack(h.deps, admin, c.id);
    await server.channels.deliver();
    expect(f.states.get(`${KF}/wmA`)).toMatchObject({ state: 4 });
    const trans = f.requests.filter((r) => r.path === '/cgi-bin/kf/service_state/trans').map((r) => r.body?.service_state);
    expect(trans).toEqual([2, 4]);
  });

  it('skips a text that can never be answered (blank, too large) so it cannot hold the cursor back', async () => {
    const { f, h, server, callback, sentTo } = await setUp();
    f.addMessages(fakeCustomerText(KF, 'wmA', '   ', 'm1'), fakeCustomerText(KF, 'wmA', '发'.repeat(2000), 'm2'), fakeCustomerText(KF, 'wmA', '什么时候发货', 'm3'));
    await callback();
    await server.channelsIdle();
    expect(sentTo('wmA')).toEqual(['付款后48小时内发货。']);
    expect(await h.store.channelCursors.get('tiny', 'wecom')).toBe('c3');
  });

  it('keeps the cursor when a pull fails, so the next callback fetches the same messages', async () => {
    const { f, h, server, callback, sentTo } = await setUp();
    f.addMessages(fakeCustomerText(KF, 'wmA', '什么时候发货', 'm1'));
    f.failNext('/kf/sync_msg', { status: 500 });
    expect((await callback()).body).toBe('success');
    await server.channelsIdle();
    expect(await h.store.channelCursors.get('tiny', 'wecom')).toBeUndefined();
    expect(f.sent).toHaveLength(0);
    await callback();
    await server.channelsIdle();
    expect(sentTo('wmA')).toEqual(['付款后48小时内发货。']);
  });

  it('refuses a callback with a bad signature (401) and pulls nothing', async () => {
    const { f, callback, server } = await setUp();
    f.addMessages(fakeCustomerText(KF, 'wmA', '什么时候发货', 'm1'));
    const r = await callback(server, { token: 'not-the-token' });
    expect([r.statusCode, r.json().error.code]).toEqual([401, 'XIAOER_WECOM_SIGNATURE']);
    const plain = await callback(server, { token: 'not-the-token', contentType: 'text/plain' });
    expect([plain.statusCode, plain.json().error.code]).toEqual([401, 'XIAOER_WECOM_SIGNATURE']);
    // A body past 64 KiB is refused before it is read.
    const big = await server.app.inject({ method: 'POST', url: `${URL_PATH}?msg_signature=a&timestamp=1&nonce=1`, headers: { 'content-type': 'text/xml' }, payload: `<xml><Encrypt>${'a'.repeat(70_000)}</Encrypt></xml>` });
    expect(big.statusCode).toBe(413);
    await server.channelsIdle();
    expect(f.requests).toHaveLength(0);
  });

  it('answers 404 XIAOER_CHANNEL_NOT_CONFIGURED for an unknown shop, a shop without channels.wecom, or secrets not set', async () => {
    const { callback, server } = await setUp();
    const unknown = await callback(server, { shop: 'nope' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'XIAOER_CHANNEL_NOT_CONFIGURED']);
    await fake?.close();
    for (const s of servers.splice(0)) await s.app.close();
    const without = await setUp({ channels: false });
    const r1 = await without.callback();
    expect([r1.statusCode, r1.json().error.code]).toEqual([404, 'XIAOER_CHANNEL_NOT_CONFIGURED']);
    await fake?.close();
    for (const s of servers.splice(0)) await s.app.close();
    const unset = await setUp({ secrets: { XIAOER_WECOM_TOKEN: TOKEN, XIAOER_WECOM_AES_KEY: AES_KEY } });
    const r2 = await unset.callback();
    expect([r2.statusCode, r2.json().error.code]).toEqual([404, 'XIAOER_CHANNEL_NOT_CONFIGURED']);
    const get = await unset.server.app.inject({ method: 'GET', url: `${URL_PATH}?${new URLSearchParams({ ...signedVerification(unset.cb, 'x') })}` });
    expect(get.statusCode).toBe(404);
  });
});
