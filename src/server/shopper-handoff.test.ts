// The shopper's 转人工 button over HTTP: the conversation is queued by the shop's handoff rules with
// the reason customer_request, the shopper is told so, asking again changes nothing, and only the
// conversation's own shopper may ask.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyBundle } from '../core/testing/fixtures.js';
import { appHarness } from '../testing/app-harness.js';
import { buildServer, type XiaoerServer } from './build-server.js';

let server: XiaoerServer;
let h: Awaited<ReturnType<typeof appHarness>>;

beforeAll(async () => {
  h = await appHarness({ bundle: tinyBundle({ handoff: { on_sentiment: 'angry', after_fallbacks: 2, vip: false, keywords: [], groups: [{ id: 'after-sale', name: '售后', reasons: ['customer_request'] }], auto_assign: false, agent_capacity: 5, hours: { timezone: 'Asia/Shanghai', days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' } } }) });
  server = await buildServer(h.deps, { logLevel: 'silent' });
});
afterAll(async () => {
  await server.app.close();
});

async function open(): Promise<{ id: string; token: string }> {
  const r = await server.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: { shop: 'tiny' } });
  expect(r.statusCode).toBe(201);
  return r.json();
}

describe('POST /api/v1/conversations/:id/handoff', () => {
  it('queues the conversation for the group that takes customer requests and tells the shopper', async () => {
    const c = await open();
    const r = await server.app.inject({ method: 'POST', url: `/api/v1/conversations/${c.id}/handoff`, headers: { authorization: `Bearer ${c.token}` } });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ owner: 'queued', changed: true });
    expect(body.replies.map((m: { text: string }) => m.text).join(' ')).toMatch(/人工客服.*目前排在第 1 位/);
    const stored = await h.store.conversations.get(c.id);
    expect(stored?.ownership).toMatchObject({ owner: 'queued', reason: 'customer_request', group: 'after-sale' });
    const events = (await h.store.outbox.list(c.id)).map((e) => e.event);
    expect(events).toContainEqual(expect.objectContaining({ type: 'handoff.requested', reason: 'customer_request', group: 'after-sale', open: true }));
    // The transcript has the words, as the shopper's other tabs and the agents saw them.
    const transcript = await server.app.inject({ method: 'GET', url: `/api/v1/conversations/${c.id}/messages`, headers: { authorization: `Bearer ${c.token}` } });
    expect(transcript.json().messages.map((m: { text: string }) => m.text)).toEqual(expect.arrayContaining(body.replies.map((m: { text: string }) => m.text)));
  });

  it('changes nothing and says nothing when asked again while queued', async () => {
    const c = await open();
    const headers = { authorization: `Bearer ${c.token}` };
    await server.app.inject({ method: 'POST', url: `/api/v1/conversations/${c.id}/handoff`, headers });
    const again = await server.app.inject({ method: 'POST', url: `/api/v1/conversations/${c.id}/handoff`, headers });
    expect(again.json()).toEqual({ owner: 'queued', changed: false, replies: [] });
    expect((await h.store.outbox.list(c.id)).filter((e) => e.event.type === 'handoff.requested')).toHaveLength(1);
  });

  it('refuses without the conversation\'s token, with another conversation\'s, and for an unknown id', async () => {
    const c = await open();
    const other = await open();
    expect((await server.app.inject({ method: 'POST', url: `/api/v1/conversations/${c.id}/handoff` })).statusCode).toBe(401);
    const wrong = await server.app.inject({ method: 'POST', url: `/api/v1/conversations/${c.id}/handoff`, headers: { authorization: `Bearer ${other.token}` } });
    expect(wrong.statusCode).toBeGreaterThanOrEqual(401);
    expect(wrong.statusCode).toBeLessThan(500);
    const unknown = await server.app.inject({ method: 'POST', url: '/api/v1/conversations/cnv_nope/handoff', headers: { authorization: `Bearer ${c.token}` } });
    expect([401, 403, 404]).toContain(unknown.statusCode);
    expect((await h.store.conversations.get(c.id))?.ownership.owner).toBe('ai');
  });
});
