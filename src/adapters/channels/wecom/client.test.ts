import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeCustomerText, startFakeWecom, type FakeWecom } from '../../../testing/fake-wecom-server.js';
import { wecomClient } from './client.js';

let fake: FakeWecom;
let clock = 1_000_000;
const client = (extra: Partial<Parameters<typeof wecomClient>[0]> = {}) =>
  wecomClient({ apiBase: fake.url, corpId: fake.corpId, secret: fake.secret, now: () => clock, timeoutMs: 2_000, ...extra });

beforeEach(async () => {
  fake = await startFakeWecom({ pageSize: 2 });
  clock = 1_000_000;
});
afterEach(() => fake.close());

describe('WeCom kf client: tokens', () => {
  it('caches the access token until shortly before it expires', async () => {
    const c = client();
    const first = await c.accessToken();
    expect(await c.accessToken()).toEqual(first);
    expect(fake.tokensIssued()).toBe(1);
    clock += (7200 - 5 * 60) * 1000 - 1;
    await c.accessToken();
    expect(fake.tokensIssued()).toBe(1);
    clock += 1;
    const renewed = await c.accessToken();
    expect(fake.tokensIssued()).toBe(2);
    expect(renewed).not.toEqual(first);
  });

  it('shares one gettoken among concurrent callers', async () => {
    const c = client();
    await Promise.all([c.accessToken(), c.accessToken(), c.accessToken()]);
    expect(fake.tokensIssued()).toBe(1);
  });

  it('renews a token WeCom calls expired or invalid, once, and retries the call', async () => {
    const c = client();
    await c.transferState('wkA', 'u1', 1);
    fake.expireTokens();
    expect(await c.transferState('wkA', 'u1', 3, 'zhangsan')).toEqual({ ok: true, msgCode: 'code3' });
    expect(fake.tokensIssued()).toBe(2);
    fake.failNext('/kf/service_state/trans', { errcode: 40014, errmsg: 'invalid access_token' });
    expect((await c.transferState('wkA', 'u1', 3, 'lisi')).ok).toBe(true);
    expect(fake.tokensIssued()).toBe(3);
    fake.failNext('/kf/service_state/trans', { errcode: 42001 });
    fake.failNext('/kf/service_state/trans', { errcode: 42001 });
    expect(await c.transferState('wkA', 'u1', 4)).toEqual({ ok: false, reason: 'api_error', errcode: 42001, errmsg: 'fault' });
  });

  it('returns a wrong secret as an api error', async () => {
    expect(await client({ secret: 'wrong' }).accessToken()).toEqual({ ok: false, reason: 'api_error', errcode: 40001, errmsg: 'invalid credential' });
  });
});

describe('WeCom kf client: syncing messages', () => {
  it('pages through has_more, skips other kf accounts and returns the cursor to store', async () => {
    for (let i = 1; i <= 5; i++) fake.addMessages(fakeCustomerText('wkA', 'u1', `问题${i}`, `m${i}`), fakeCustomerText('wkB', 'u2', 'other', `x${i}`));
    const c = client();
    const token = fake.mintSyncToken();
    const r = await c.syncMessages({ openKfId: 'wkA', token });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.messages.map((m) => m.text)).toEqual(['问题1', '问题2', '问题3', '问题4', '问题5']);
    expect(r.messages[0]).toMatchObject({ msgId: 'm1', externalUserId: 'u1', origin: 3, msgType: 'text' });
    expect(r.pages).toBe(3);
    expect(r.hasMore).toBe(false);
    expect(fake.requests.filter((q) => q.path === '/cgi-bin/kf/sync_msg').every((q) => q.body?.token === token)).toBe(true);

    // From the stored cursor only what came since.
    fake.addMessages(fakeCustomerText('wkA', 'u1', '问题6', 'm6'));
    const again = await c.syncMessages({ openKfId: 'wkA', cursor: r.nextCursor });
    expect(again.ok && again.messages.map((m) => m.msgId)).toEqual(['m6']);
  });

  it('stops at maxPages with hasMore still true', async () => {
    for (let i = 1; i <= 5; i++) fake.addMessages(fakeCustomerText('wkA', 'u1', `q${i}`, `m${i}`));
    const r = await client().syncMessages({ openKfId: 'wkA', maxPages: 1 });
    expect(r.ok && [r.messages.length, r.hasMore]).toEqual([2, true]);
  });

  it('fails the whole sync when a later page fails, so the stored cursor re-fetches rather than loses', async () => {
    for (let i = 1; i <= 5; i++) fake.addMessages(fakeCustomerText('wkA', 'u1', `q${i}`, `m${i}`));
    const c = client();
    const pages = c.syncPages({ openKfId: 'wkA' });
    expect((await pages.next()).value).toMatchObject({ ok: true, hasMore: true });
    fake.failNext('/kf/sync_msg', { status: 502 });
    expect((await pages.next()).value).toEqual({ ok: false, reason: 'http_status', status: 502 });
    expect((await pages.next()).done).toBe(true);

    fake.failNext('/kf/sync_msg', { status: 502 });
    const r = await c.syncMessages({ openKfId: 'wkA' });
    expect(r).toEqual({ ok: false, reason: 'http_status', status: 502 });
  });

  it('reads events and leaves out entries that are not messages', async () => {
    fake.addMessages(
      { msgid: 'e1', open_kfid: 'wkA', send_time: 1, origin: 4, msgtype: 'event', event: { event_type: 'enter_session', open_kfid: 'wkA', external_userid: 'u9', welcome_code: 'WC1', scene: 'shop' } },
      { msgid: 'bad', open_kfid: 'wkA' } as never,
      { msgid: 'i1', open_kfid: 'wkA', external_userid: 'u9', send_time: 2, origin: 3, msgtype: 'image' },
    );
    const r = await client().syncMessages({ openKfId: 'wkA' });
    expect(r.ok && r.unreadable).toBe(1);
    expect(r.ok && r.messages[0]).toMatchObject({ externalUserId: 'u9', event: { eventType: 'enter_session', welcomeCode: 'WC1', externalUserId: 'u9' } });
    expect(r.ok && r.messages[1]).toMatchObject({ msgType: 'image', text: undefined });
  });

  it('refuses has_more without a new cursor instead of paging forever', async () => {
    const stuck = wecomClient({ apiBase: fake.url, corpId: fake.corpId, secret: fake.secret, fetch: async (url) =>
      String(url).includes('gettoken') ? Response.json({ errcode: 0, access_token: 't', expires_in: 7200 }) : Response.json({ errcode: 0, next_cursor: 'same', has_more: 1, msg_list: [] }) });
    expect(await stuck.syncMessages({ openKfId: 'wkA', cursor: 'same' })).toEqual({ ok: false, reason: 'bad_response' });
  });

  it('refuses a sync token WeCom did not issue', async () => {
    expect(await client().syncMessages({ openKfId: 'wkA', token: 'forged' })).toMatchObject({ ok: false, reason: 'api_error', errcode: 95007 });
  });
});

describe('WeCom kf client: sending', () => {
  it('splits a 5,000-byte reply into messages of at most 2048 bytes, in order', async () => {
    const text = Array.from({ length: 10 }, (_, i) => `第${i}段：${'好'.repeat(166)}`).join('\n'); // ten lines of 508 bytes
    expect(Buffer.byteLength(text)).toBe(5089);
    const r = await client().sendText('u1', 'wkA', text);
    expect(r.ok).toBe(true);
    expect(r.parts.length).toBe(3);
    expect(fake.sent.map((s) => s.content)).toEqual(r.parts.map((p) => p.text));
    for (const s of fake.sent) expect(Buffer.byteLength(s.content)).toBeLessThanOrEqual(2048);
    expect(fake.sent.map((s) => s.content).join('\n')).toBe(text);
    expect(fake.sent.every((s) => s.touser === 'u1' && s.open_kfid === 'wkA')).toBe(true);
  });

  it('passes a chosen msgid, suffixed per part', async () => {
    await client().sendText('u1', 'wkA', '你好', { msgId: 'reply42' });
    await client().sendText('u1', 'wkA', '好'.repeat(1000), { msgId: 'reply43' });
    expect(fake.sent.map((s) => s.msgid)).toEqual(['reply42', 'reply43_0', 'reply43_1']);
  });

  it('reports a closed 48-hour window apart and sends no further parts', async () => {
    fake.closedWindows.add('u1');
    const r = await client().sendText('u1', 'wkA', '好'.repeat(1500));
    expect(r.ok).toBe(false);
    expect(r.windowClosed).toBe(true);
    expect(r.parts.map((p) => (p.ok ? 'sent' : p.error.reason))).toEqual(['window_closed', 'not_sent', 'not_sent']);
    expect(fake.sent).toEqual([]);
  });

  it('sends a welcome on the event code, cut to one message', async () => {
    expect(await client().sendOnEvent('WC1', '欢迎光临')).toMatchObject({ ok: true, truncated: false });
    expect(await client().sendOnEvent('WC2', '好'.repeat(1000))).toMatchObject({ ok: true, truncated: true });
    expect(fake.sent.map((s) => [s.code, Buffer.byteLength(s.content) <= 2048])).toEqual([['WC1', true], ['WC2', true]]);
  });
});

describe('WeCom kf client: service state', () => {
  it('moves a conversation to a human servicer and ends it; WeCom refuses a transition it does not allow', async () => {
    const c = client();
    expect(await c.getState('wkA', 'u1')).toEqual({ ok: true, state: 0, servicerUserId: undefined });
    expect(await c.transferState('wkA', 'u1', 3, 'zhangsan')).toEqual({ ok: true, msgCode: 'code3' });
    expect(await c.getState('wkA', 'u1')).toEqual({ ok: true, state: 3, servicerUserId: 'zhangsan' });
    // A servicer's session cannot go back to the bot (3 → 3 or 4 only).
    expect(await c.transferState('wkA', 'u1', 1)).toMatchObject({ ok: false, reason: 'api_error', errcode: 95016 });
    expect((await c.transferState('wkA', 'u1', 4)).ok).toBe(true);
    expect(await c.getState('wkA', 'u1')).toEqual({ ok: true, state: 4, servicerUserId: undefined });
    expect(fake.requests.at(-2)?.body).toEqual({ open_kfid: 'wkA', external_userid: 'u1', service_state: 4 });
  });

  it('cannot send while a human servicer holds the session', async () => {
    const c = client();
    expect((await c.sendText('u1', 'wkA', '在吗')).ok).toBe(true);
    await c.transferState('wkA', 'u1', 3, 'zhangsan');
    expect(await c.sendText('u1', 'wkA', '还在吗')).toMatchObject({ ok: false, windowClosed: true });
  });
});

describe('WeCom kf client: provider trouble as values', () => {
  it('returns a timeout when WeCom does not answer', async () => {
    const c = client({ timeoutMs: 200 });
    await c.accessToken();
    fake.failNext('/kf/send_msg', { hang: true });
    const r = await c.sendText('u1', 'wkA', 'hi');
    expect(r.parts[0]).toMatchObject({ ok: false, error: { reason: 'timeout' } });
  });

  it('returns a refused connection, a non-JSON body and an HTTP status', async () => {
    const url = fake.url;
    await fake.close();
    expect(await wecomClient({ apiBase: url, corpId: 'c', secret: 's' }).accessToken()).toMatchObject({ ok: false, reason: 'network', detail: 'ECONNREFUSED' });
    fake = await startFakeWecom();
    const notJson = wecomClient({ apiBase: fake.url, corpId: 'c', secret: 's', fetch: async () => new Response('<html>busy</html>') });
    expect(await notJson.accessToken()).toEqual({ ok: false, reason: 'bad_response' });
    const noToken = wecomClient({ apiBase: fake.url, corpId: 'c', secret: 's', fetch: async () => Response.json({ errcode: 0 }) });
    expect(await noToken.accessToken()).toEqual({ ok: false, reason: 'bad_response' });
    fake.failNext('/gettoken', { status: 503 });
    expect(await client().accessToken()).toEqual({ ok: false, reason: 'http_status', status: 503 });
  });
});
