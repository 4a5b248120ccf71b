// The model's help in the agent workspace, through HTTP against a fake OpenAI-compatible provider:
// masked texts out, a summary back, replies flagged by the guardrails, tags checked against the
// taxonomy and the shopper's words, another shop's agent refused, and every failure a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../app/staff/accounts.js';
import { createMemoryRateLimiter } from '../adapters/limits/memory-rate-limiter.js';
import { createMemoryLlmUsage } from '../adapters/limits/memory-llm-usage.js';
import { openAiCompatible } from '../adapters/llm/openai-compatible.js';
import type { LlmDeps, NodeLlmSettings } from '../app/llm/ask-model.js';
import { importShop } from '../app/shops/import-shop.js';
import { publishShop } from '../app/shops/publish-shop.js';
import type { ShopBundle } from '../core/catalog/types.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import { appHarness } from '../testing/app-harness.js';
import { startFakeLlm, type FakeLlm, type FakeLlmRequest, type FakeReply } from '../testing/fake-llm-server.js';
import { HUMAN_AGENT_FLOW } from '../testing/test-flows.js';
import { buildServer, type XiaoerServer } from './build-server.js';

const PASSWORD = 'correct horse battery';
const ASSIST_PROMPT = 'You help a human customer-service agent';

const bundle = (overrides: Partial<ShopBundle['shop']> = {}): ShopBundle => ({
  ...tinyBundle(overrides),
  sops: [HUMAN_AGENT_FLOW],
  tags: {
    groups: [
      { id: 'concern', label: { zh: '关注点', en: 'Concern' } },
      { id: 'mood', label: { zh: '情绪', en: 'Mood' } },
    ],
    tags: [
      { id: '敏感肌', group: 'concern' },
      { id: '急躁', group: 'mood' },
    ],
    rules: [],
  },
});

/** The DATA value of an assist request, as the model reads it. */
interface AssistData {
  conversation: { id: string; from: string; text: string }[];
  faq?: { id: string }[];
  products?: { id: string }[];
  tag_taxonomy: { id: string; label: string }[];
}
function dataOf(req: FakeLlmRequest): AssistData {
  const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
  return JSON.parse(user.replace(/^DATA: /, '')) as AssistData;
}

describe('agent assist API', () => {
  let fake: FakeLlm;
  let server: XiaoerServer;
  let offServer: XiaoerServer;
  let mode: 'ok' | 'fail' = 'ok';
  let cookie = '';
  let otherCookie = '';
  let offCookie = '';
  let id = '';

  const script = (req: FakeLlmRequest): FakeReply => {
    // A shopper turn the policy found unsure: the offline answer stands.
    if (!req.messages[0]?.content.startsWith(ASSIST_PROMPT)) return { kind: 'text', text: '{"command":"none"}' };
    if (mode === 'fail') return { kind: 'status', status: 500 };
    const shopper = dataOf(req).conversation.filter((m) => m.from === 'shopper');
    const skin = shopper.find((m) => m.text.includes('敏感肌'))?.id ?? 'none';
    const answer = {
      summary: '顾客是敏感肌，问T恤会不会起球和发货时间，要求转人工。',
      replies: [
        { text: '付款后48小时内发货。', sources: ['faq:shipping-time'] },
        { text: '这款现在只要9块9', sources: ['product:cotton-tee'] },
      ],
      tags: [
        { tag: '敏感肌', message: skin, quote: '敏感肌' },
        { tag: '土豪', message: skin, quote: '敏感肌' },
        { tag: '急躁', message: skin, quote: '快点' },
      ],
    };
    return { kind: 'text', text: '```json\n' + JSON.stringify(answer) + '\n```', usage: { prompt_tokens: 500, completion_tokens: 120 } };
  };

  const llmDeps = (node: NodeLlmSettings): LlmDeps => ({ provider: openAiCompatible(), usage: createMemoryLlmUsage(), limiter: createMemoryRateLimiter(), node, secret: () => undefined, breakers: new Map() });

  beforeAll(async () => {
    fake = await startFakeLlm(script);
    const h = await appHarness({ bundle: bundle() });
    await importShop(h.deps, bundle({ id: 'tiny-b', name: '别家小店' }));
    await publishShop(h.deps, 'tiny-b');
    await createStaff(h.deps, { shopId: 'tiny', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
    await createStaff(h.deps, { shopId: 'tiny-b', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
    await createStaff(h.deps, { shopId: 'tiny', username: 'boss', role: 'admin', groups: [], password: PASSWORD });
    // Within the agents' hours (10:00 in Shanghai), whenever the suite runs.
    const clock = { now: () => '2026-11-25T02:00:00.000Z' };
    server = await buildServer({ ...h.deps, clock, llm: llmDeps({ baseUrl: fake.url, model: 'fake-model', timeoutMs: 5000 }) }, { logLevel: 'silent' });
    // The same store on a node with no provider configured.
    offServer = await buildServer({ ...h.deps, clock, llm: llmDeps({ timeoutMs: 5000 }) }, { logLevel: 'silent' });
    cookie = await signIn(server, 'tiny');
    otherCookie = await signIn(server, 'tiny-b');
    offCookie = await signIn(offServer, 'tiny');

    const opened = await server.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: { shop: 'tiny' } });
    id = opened.json().id as string;
    const token = opened.json().token as string;
    for (const [n, text] of ['我是敏感肌，这件T恤会起球吗', '什么时候发货', '我电话13812345678，快点转人工'].entries()) {
      const r = await server.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: { authorization: `Bearer ${token}` }, payload: { text, clientMessageId: `s${n}` } });
      expect(r.statusCode).toBe(200);
    }
  });
  afterAll(async () => {
    await server?.app.close();
    await offServer?.app.close();
    await fake?.close();
  });

  async function signIn(s: XiaoerServer, shop: string, username = 'mei'): Promise<string> {
    const r = await s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { shop, username, password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    return String(r.headers['set-cookie']).split(';')[0] ?? '';
  }
  const assist = (s: XiaoerServer, c: string, conversation = id) => s.app.inject({ method: 'POST', url: `/api/v1/agent/conversations/${conversation}/assist`, headers: { cookie: c } });

  it('summarises, flags an invented price, keeps only tags with their quoted words, and sends the phone masked', async () => {
    mode = 'ok';
    const r = await assist(server, cookie);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ available: true, model: 'fake-model', tokens: 620, summary: expect.stringContaining('敏感肌') });
    expect(body.replies).toHaveLength(2);
    expect(body.replies[0]).toMatchObject({ text: '付款后48小时内发货。', ok: true, violations: [] });
    expect(body.replies[1]).toMatchObject({ text: '这款现在只要9块9', ok: false });
    expect(body.replies[1].violations.map((v: { kind: string }) => v.kind)).toContain('unsupported_number');
    // 土豪 is not in the taxonomy; 快点 is not in the message cited.
    expect(body.tags).toEqual([{ tag: '敏感肌', label: '关注点', messageId: expect.any(String), quote: '敏感肌' }]);
    expect(body.dropped).toEqual({ replies: 0, tags: 2 });

    const sent = fake.requests.filter((q) => q.messages[0]?.content.startsWith(ASSIST_PROMPT));
    expect(sent).toHaveLength(1);
    const request = sent[0] as FakeLlmRequest;
    expect(request.response_format).toEqual({ type: 'json_object' });
    expect(request.max_tokens).toBe(600);
    const all = JSON.stringify(request.messages);
    expect(all).not.toContain('13812345678');
    const data = dataOf(request);
    expect(data.conversation.find((m) => m.text.includes('快点'))?.text).toContain('[电话1]');
    // What the shopper asked about: the shipping FAQ entry and the T-shirt they named.
    expect(data.faq?.map((e) => e.id)).toContain('shipping-time');
    expect(data.products?.map((p) => p.id)).toContain('cotton-tee');
    expect(data.tag_taxonomy).toEqual([{ id: '敏感肌', label: '关注点' }, { id: '急躁', label: '情绪' }]);
  });

  it("lets the shop's admin ask too", async () => {
    const r = await assist(server, await signIn(server, 'tiny', 'boss'));
    expect(r.statusCode).toBe(200);
    expect(r.json().available).toBe(true);
  });

  it("refuses another shop's agent, an unknown conversation and no session", async () => {
    const other = await assist(server, otherCookie);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('XIAOER_CONVERSATION_NOT_FOUND');
    const unknown = await assist(server, cookie, 'conv-nope');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('XIAOER_CONVERSATION_NOT_FOUND');
    expect((await assist(server, 'xiaoer_session=forged')).statusCode).toBe(401);
    expect((await assist(server, cookie, 'c'.repeat(65))).statusCode).toBe(400); // longer than any conversation id
  });

  it("says 'off' when no provider is configured, and the provider's failure when it fails", async () => {
    const before = fake.requests.length;
    expect((await assist(offServer, offCookie)).json()).toEqual({ available: false, reason: 'off' });
    expect(fake.requests.length).toBe(before);
    mode = 'fail';
    const failed = await assist(server, cookie);
    expect(failed.statusCode).toBe(200);
    expect(failed.json()).toEqual({ available: false, reason: 'server_error' });
    mode = 'ok';
  });
});
