// The agent workspace API as a client sees it: sign-in, the queue, taking over (the AI silent
// meanwhile), messages both ways, notes, hand-back, and one shop's agent seeing nothing of another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importShop } from '../app/shops/import-shop.js';
import { publishShop } from '../app/shops/publish-shop.js';
import { createStaff } from '../app/staff/accounts.js';
import { handleInboundMessage } from '../app/conversations/handle-inbound-message.js';
import { startConversation } from '../app/conversations/start-conversation.js';
import { appHarness } from '../testing/app-harness.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import { HUMAN_AGENT_FLOW } from '../testing/test-flows.js';
import { buildServer, type XiaoerServer } from './build-server.js';
import { storesUnderTest } from '../testing/store-locations.js';

const PASSWORD = 'correct horse battery';

for (const kind of storesUnderTest()) describe(`agent workspace API on ${kind.name}`, () => {
  let server: XiaoerServer;
  let cleanup: () => Promise<void> = async () => undefined;
  let cookieA = '';
  let cookieB = '';
  let agentA2 = '';
  let deps: Awaited<ReturnType<typeof appHarness>>['deps'];

  beforeAll(async () => {
    const opened = await kind.open();
    cleanup = opened.cleanup;
    const h = await appHarness({ store: opened.store, bundle: { ...tinyBundle(), sops: [HUMAN_AGENT_FLOW] } });
    const other = { ...tinyBundle({ id: 'tiny-b', name: '别家小店' }), sops: [HUMAN_AGENT_FLOW] };
    await importShop(h.deps, other);
    await publishShop(h.deps, 'tiny-b');
    await createStaff(h.deps, { shopId: 'tiny', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
    agentA2 = (await createStaff(h.deps, { shopId: 'tiny', username: 'lan', role: 'agent', groups: [], password: PASSWORD })).id;
    await createStaff(h.deps, { shopId: 'tiny-b', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
    await createStaff(h.deps, { shopId: 'tiny', username: 'boss', role: 'admin', groups: [], password: PASSWORD });
    // Within the agents' hours (10:00 in Shanghai), whenever the suite runs.
    deps = { ...h.deps, clock: { now: () => '2026-11-25T02:00:00.000Z' } };
    server = await buildServer(deps, { logLevel: 'silent' });
    cookieA = await signIn('tiny', 'mei');
    cookieB = await signIn('tiny-b', 'mei');
  });
  afterAll(async () => {
    await server.app.close();
    await cleanup();
  });

  async function signIn(shop: string, username: string): Promise<string> {
    const r = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { shop, username, password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    const set = String(r.headers['set-cookie']);
    expect(set).toMatch(/^xiaoer_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);
    return set.split(';')[0] ?? '';
  }
  const as = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) => server.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  /** Shopper requests show the token their conversation was opened with. */
  const tokens = new Map<string, string>();
  const bearer = (url: string) => {
    const token = tokens.get(/conversations\/([^/]+)/.exec(url)?.[1] ?? '');
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const shopper = async (url: string, payload: object) => {
    const r = await server.app.inject({ method: 'POST', url, payload, headers: bearer(url) });
    if (url === '/api/v1/conversations' && r.statusCode === 201) tokens.set(r.json().id, r.json().token);
    return r;
  };

  it('refuses wrong passwords alike for unknown users, then limits attempts', async () => {
    const bad = (username: string) => server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { shop: 'tiny', username, password: 'wrong password!' }, remoteAddress: '10.0.0.9' });
    const first = await bad('mei');
    expect(first.statusCode).toBe(401);
    expect(first.json().error.code).toBe('XIAOER_BAD_CREDENTIALS');
    expect((await bad('nobody')).json().error.code).toBe('XIAOER_BAD_CREDENTIALS');
    for (let i = 0; i < 4; i++) await bad('mei');
    const limited = await bad('mei');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('XIAOER_TOO_MANY_ATTEMPTS');
    // When to try again, in whole seconds, at most the 15-minute window (and the next one it slides into).
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(30 * 60);
    expect((await as('xiaoer_session=forged', 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await as(cookieA, 'GET', '/api/v1/auth/me')).json()).toMatchObject({ shop: 'tiny', username: 'mei', role: 'agent' });
  });

  it('queues a handoff, lets an agent take it, keeps the AI silent meanwhile, and hands back', async () => {
    const id = (await shopper('/api/v1/conversations', { shop: 'tiny' })).json().id as string;
    const asked = await shopper(`/api/v1/conversations/${id}/messages`, { text: '转人工', clientMessageId: 's1' });
    expect(asked.json().replies.map((r: { text: string }) => r.text)).toEqual(['好的，正在为您转接人工客服～目前排在第 1 位，预计等待约 3 分钟。']);
    const queue = (await as(cookieA, 'GET', '/api/v1/agent/queue')).json().conversations;
    expect(queue).toEqual([expect.objectContaining({ id, channel: 'web', owner: 'queued', reason: 'customer_request', lastMessage: expect.objectContaining({ author: 'ai' }) })]);
    // While queued the AI still answers.
    expect((await shopper(`/api/v1/conversations/${id}/messages`, { text: '什么时候发货', clientMessageId: 's2' })).json().replies[0].text).toBe('付款后48小时内发货。');

    const claimed = await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/claim`);
    expect(claimed.json()).toMatchObject({ owner: 'agent', reason: 'customer_request' });
    expect((await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/claim`)).json().error.code).toBe('XIAOER_ILLEGAL_TRANSITION');
    expect((await as(cookieA, 'GET', '/api/v1/agent/queue')).json().conversations).toEqual([]);
    expect((await as(cookieA, 'GET', '/api/v1/agent/conversations')).json().conversations.map((c: { id: string }) => c.id)).toEqual([id]);

    // The shopper writes: stored, no AI reply.
    const silent = await shopper(`/api/v1/conversations/${id}/messages`, { text: '能开发票吗', clientMessageId: 's3' });
    expect(silent.json().replies).toEqual([]);
    const sent = await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/messages`, { text: '可以的，确认收货后就能开，订单号 123456789012345678 我帮您记下了', clientMessageId: 'a1' });
    expect(sent.json().message).toMatchObject({ author: 'agent', text: expect.stringContaining('确认收货后') });
    // The same clientMessageId again: the same message, not a second one.
    expect((await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/messages`, { text: 'x', clientMessageId: 'a1' })).json().message.id).toBe(sent.json().message.id);
    expect((await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/messages`, { text: 'x', clientMessageId: 'a'.repeat(65) })).statusCode).toBe(400);
    await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/notes`, { text: '客户要电子发票' });
    // Another agent of the shop may not write in it.
    const lan = await signIn('tiny', 'lan');
    expect((await as(lan, 'POST', `/api/v1/agent/conversations/${id}/messages`, { text: '你好', clientMessageId: 'l1' })).json().error.code).toBe('XIAOER_NOT_OWNER');

    const detail = (await as(cookieA, 'GET', `/api/v1/agent/conversations/${id}`)).json();
    expect(detail.messages.map((m: { author: string }) => m.author)).toEqual(['ai', 'shopper', 'ai', 'shopper', 'ai', 'agent', 'shopper', 'agent', 'note']);
    expect(detail.messages[5]).toMatchObject({ text: 'mei已接入，正在为您处理～', trace: { rule: 'agent_joined' } });
    expect(detail.messages[1].text).toBe('转人工');
    expect(detail.messages[2].trace).toMatchObject({ source: 'flow', handoff: { reason: 'customer_request' } });
    // The shopper's transcript has the agent's message and not the note.
    const mine = (await server.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}/messages`, headers: bearer(`/api/v1/conversations/${id}/messages`) })).json().messages.map((m: { text: string }) => m.text);
    expect(mine).toContain(sent.json().message.text);
    expect(mine).not.toContain('客户要电子发票');

    expect((await as(cookieA, 'GET', `/api/v1/agent/conversations/${id}/suggestions`)).json().suggestions[0]).toMatchObject({ kind: 'faq', id: 'faq:invoice' });

    expect((await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/hand-back`)).json()).toMatchObject({ owner: 'ai', agentId: null });
    const back = await shopper(`/api/v1/conversations/${id}/messages`, { text: '七天无理由吗', clientMessageId: 's4' });
    expect(back.json().replies[0].text).toBe('支持7天无理由退换。');
    expect((await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/close`)).json()).toMatchObject({ owner: 'closed' });
  });

  it("says each conversation's channel in the queue, the lists, the detail and the actions' answers", async () => {
    // A WeCom (微信客服) shopper asks for a person, as the WeCom sync would pass it on.
    const wecom = await startConversation(deps, { shopId: 'tiny', channel: 'wecom', channelUser: 'u1' });
    await handleInboundMessage(deps, { conversationId: wecom.id, text: '转人工', clientMessageId: 'wecom:m1' });
    const queued = (await as(cookieA, 'GET', '/api/v1/agent/queue')).json().conversations as { id: string; channel: string }[];
    expect(queued.find((c) => c.id === wecom.id)?.channel).toBe('wecom');
    expect((await as(cookieA, 'GET', `/api/v1/agent/conversations/${wecom.id}`)).json().conversation).toMatchObject({ id: wecom.id, channel: 'wecom', owner: 'queued' });
    expect((await as(cookieA, 'POST', `/api/v1/agent/conversations/${wecom.id}/claim`)).json()).toMatchObject({ channel: 'wecom', owner: 'agent' });
    expect((await as(cookieA, 'GET', '/api/v1/agent/conversations')).json().conversations).toEqual(expect.arrayContaining([expect.objectContaining({ id: wecom.id, channel: 'wecom' })]));
    // A web shopper's conversation says web.
    const web = (await shopper('/api/v1/conversations', { shop: 'tiny' })).json().id as string;
    expect((await as(cookieA, 'GET', `/api/v1/agent/conversations/${web}`)).json().conversation.channel).toBe('web');
    expect((await as(cookieA, 'POST', `/api/v1/agent/conversations/${wecom.id}/close`)).json()).toMatchObject({ channel: 'wecom', owner: 'closed' });
  });

  it('transfers to another agent of the shop only', async () => {
    const id = (await shopper('/api/v1/conversations', { shop: 'tiny' })).json().id as string;
    await shopper(`/api/v1/conversations/${id}/messages`, { text: '转人工', clientMessageId: 's1' });
    await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/claim`);
    const otherShopAgent = (await as(cookieB, 'GET', '/api/v1/auth/me')).json().id;
    expect((await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/transfer`, { agentId: otherShopAgent })).json().error.code).toBe('XIAOER_STAFF_NOT_FOUND');
    const noGroup = await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/transfer`, { group: 'no-such-group' });
    expect([noGroup.statusCode, noGroup.json().error.code]).toEqual([404, 'XIAOER_GROUP_NOT_FOUND']);
    expect((await as(cookieA, 'GET', `/api/v1/agent/conversations/${id}`)).json().conversation).toMatchObject({ owner: 'agent' });
    expect((await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/transfer`, { agentId: agentA2 })).json()).toMatchObject({ owner: 'agent', agentId: agentA2 });
    expect((await as(cookieA, 'POST', `/api/v1/agent/conversations/${id}/hand-back`)).json().error.code).toBe('XIAOER_NOT_OWNER');
  });

  it('reads and edits a customer profile, and shows the CDP dead-letter list to admins only', async () => {
    const created = await shopper('/api/v1/conversations', { shop: 'tiny', customer: { id: 'c77' } });
    const id = created.json().id as string;
    const said = await shopper(`/api/v1/conversations/${id}/messages`, { text: '我是敏感肌 平时穿L', clientMessageId: 's1' });
    const profile = (await as(cookieA, 'GET', '/api/v1/agent/customers/c77')).json();
    expect(profile.preferences.map((p: { name: string; value: string; messageId: string }) => [p.name, p.value, p.messageId])).toEqual([
      ['size', 'L', said.json().message.id],
      ['skin_type', '敏感肌', said.json().message.id],
    ]);
    expect(profile.lastConversation.id).toBe(id);
    const edited = await server.app.inject({ method: 'PATCH', url: '/api/v1/agent/customers/c77/preferences', headers: { cookie: cookieA }, payload: { preferences: { size: 'XL' } } });
    expect(edited.json().preferences.find((p: { name: string }) => p.name === 'size')).toMatchObject({ value: 'XL', source: 'edit', messageId: null });
    const bad = await server.app.inject({ method: 'PATCH', url: '/api/v1/agent/customers/c77/preferences', headers: { cookie: cookieA }, payload: { preferences: { password: 'x' } } });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'XIAOER_INVALID_PREFERENCE']);
    // Preferences of a customer the shop does not know are refused, not silently created.
    for (const key of ['c-nobody', 'visitor:cnv_nothing']) {
      const unknown = await server.app.inject({ method: 'PATCH', url: `/api/v1/agent/customers/${key}/preferences`, headers: { cookie: cookieA }, payload: { preferences: { size: 'XL' } } });
      expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'XIAOER_CUSTOMER_NOT_FOUND']);
    }
    const otherShop = await server.app.inject({ method: 'PATCH', url: '/api/v1/agent/customers/c77/preferences', headers: { cookie: cookieB }, payload: { preferences: { size: 'S' } } });
    expect(otherShop.json().error.code).toBe('XIAOER_CUSTOMER_NOT_FOUND');
    // Another shop's agent sees an empty profile of its own shop, not this one's.
    expect((await as(cookieB, 'GET', '/api/v1/agent/customers/c77')).json()).toMatchObject({ preferences: [], lastConversation: null });

    expect((await as(cookieA, 'GET', '/api/v1/agent/cdp/dead')).json().error.code).toBe('XIAOER_FORBIDDEN');
    const boss = await signIn('tiny', 'boss');
    expect((await as(boss, 'GET', '/api/v1/agent/cdp/dead')).json()).toEqual({ deliveries: [] });
    expect((await as(boss, 'POST', '/api/v1/agent/cdp/redrive')).json()).toEqual({ redriven: 0 });
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/agent/customers/c77' })).statusCode).toBe(401);
  });

  it("gives an agent of another shop, or no session, nothing of this shop's conversations on any route", async () => {
    const id = (await shopper('/api/v1/conversations', { shop: 'tiny' })).json().id as string;
    await shopper(`/api/v1/conversations/${id}/messages`, { text: '转人工', clientMessageId: 's1' });
    const routes: ['GET' | 'POST', string, object?][] = [
      ['GET', `/api/v1/agent/conversations/${id}`],
      ['GET', `/api/v1/agent/conversations/${id}/suggestions`],
      ['POST', `/api/v1/agent/conversations/${id}/claim`],
      ['POST', `/api/v1/agent/conversations/${id}/messages`, { text: 'hi', clientMessageId: 'b1' }],
      ['POST', `/api/v1/agent/conversations/${id}/notes`, { text: 'hi' }],
      ['POST', `/api/v1/agent/conversations/${id}/transfer`, { group: 'vip' }],
      ['POST', `/api/v1/agent/conversations/${id}/hand-back`],
      ['POST', `/api/v1/agent/conversations/${id}/close`],
    ];
    for (const [method, url, body] of routes) {
      const r = await as(cookieB, method, url, body);
      expect([url, r.statusCode, r.json().error?.code]).toEqual([url, 404, 'XIAOER_CONVERSATION_NOT_FOUND']);
      const anon = await server.app.inject({ method, url, ...(body ? { payload: body } : {}) });
      expect([url, anon.statusCode]).toEqual([url, 401]);
    }
    for (const url of ['/api/v1/agent/queue', '/api/v1/agent/conversations']) {
      expect((await as(cookieB, 'GET', url)).json().conversations.map((c: { id: string }) => c.id)).not.toContain(id);
      expect((await server.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
    // Still queued and untouched in its own shop.
    expect((await as(cookieA, 'GET', '/api/v1/agent/queue')).json().conversations.map((c: { id: string }) => c.id)).toContain(id);
  });
});
