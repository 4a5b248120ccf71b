import { describe, expect, it } from 'vitest';
import type { ShopLlmSettings, ShopSettings } from '../../core/catalog/types.js';
import type { LlmResult } from '../ports.js';
import { askModel, providerRefusal, shopProvider, useEnabled, type LlmDeps } from './ask-model.js';

const node = { baseUrl: 'https://api.deepseek.com/v1', apiKey: 'sk-node', model: 'deepseek-chat', timeoutMs: 3000, allowedHosts: ['dashscope.aliyuncs.com', '10.0.0.5:11434'] };
const secrets: Record<string, string> = { XIAOER_LLM_KEY_SHOP_A: 'sk-shop', XIAOER_LLM_API_KEY: 'sk-node', DATABASE_URL: 'postgres://secret' };
const deps = (n: Partial<typeof node> = {}) => ({ node: { ...node, ...n }, secret: (name: string) => secrets[name] });
const llm = (s: Partial<ShopLlmSettings>): ShopLlmSettings => ({ enabled: true, understand: true, answer: true, agent_assist: true, daily_tokens: 1000, per_minute: 10, allowed_commitments: [], send_personal_data: false, ...s });
const shop = (s?: Partial<ShopLlmSettings>) => ({ ...(s ? { llm: llm(s) } : {}) }) as ShopSettings;

describe('which provider a shop uses', () => {
  it('is the node\'s for a shop without settings, and none when the node has none', () => {
    expect(shopProvider(deps(), shop())).toEqual({ baseUrl: 'https://api.deepseek.com/v1', apiKey: 'sk-node', model: 'deepseek-chat', timeoutMs: 3000 });
    expect(shopProvider(deps({ baseUrl: undefined, model: undefined }), shop())).toBeUndefined();
  });
  it('is the shop\'s own, with the key its env var names, and never the node\'s key on another endpoint', () => {
    expect(shopProvider(deps(), shop({ base_url: 'https://dashscope.aliyuncs.com/compatible-mode/v1/', model: 'qwen-plus', api_key_env: 'XIAOER_LLM_KEY_SHOP_A', timeout_ms: 5000 }))).toEqual({ baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1', apiKey: 'sk-shop', model: 'qwen-plus', timeoutMs: 5000 });
    expect(shopProvider(deps(), shop({ base_url: 'http://10.0.0.5:11434/v1', model: 'qwen2.5:7b' }))?.apiKey).toBe('');
  });
  it('refuses an endpoint the operator did not list, and never reads a variable outside XIAOER_LLM_KEY_*', () => {
    // A shop admin pointing the node at their own server to collect a key, or at an internal address.
    expect(shopProvider(deps(), shop({ base_url: 'https://attacker.example/v1', model: 'x', api_key_env: 'XIAOER_LLM_KEY_SHOP_A' }))).toBeUndefined();
    expect(providerRefusal(deps(), shop({ base_url: 'http://169.254.169.254/v1', model: 'x' }))).toBe('provider_not_allowed');
    expect(shopProvider(deps({ allowedHosts: [] }), shop({ base_url: 'https://dashscope.aliyuncs.com/v1', model: 'x' }))).toBeUndefined();
    for (const name of ['XIAOER_LLM_API_KEY', 'DATABASE_URL']) expect(shopProvider(deps(), shop({ base_url: 'https://dashscope.aliyuncs.com/v1', model: 'x', api_key_env: name }))?.apiKey).toBe('');
  });
  it('is none for a shop that switched the model off, and each use can be off on its own', () => {
    expect(shopProvider(deps(), shop({ enabled: false }))).toBeUndefined();
    expect(useEnabled(deps(), shop({ answer: false }), 'answer')).toBe(false);
    expect(useEnabled(deps(), shop({ answer: false }), 'understand')).toBe(true);
    expect(useEnabled(deps(), shop(), 'agent_assist')).toBe(true);
  });
});

describe('asking a model through the gates', () => {
  const ok = { ok: true as const, text: '{"command":"none"}', usage: { promptTokens: 10, completionTokens: 2 }, ms: 5 };
  function gated(reply: (apiKey: string) => LlmResult, options: { usageFails?: boolean } = {}) {
    const asked: string[] = [];
    const outcomes: string[] = [];
    const used = new Map<string, number>();
    const d: LlmDeps = {
      provider: { complete: async (r) => (asked.push(r.apiKey), reply(r.apiKey)) },
      usage: {
        add: async (s, day, n) => (options.usageFails ? Promise.reject(new Error('redis down')) : (used.set(s + day, (used.get(s + day) ?? 0) + n), used.get(s + day) ?? 0)),
        used: async (s, day) => (options.usageFails ? Promise.reject(new Error('redis down')) : (used.get(s + day) ?? 0)),
      },
      limiter: { take: async () => ({ allowed: true }), peek: async () => ({ allowed: true }), clear: async () => undefined },
      node,
      secret: (name) => secrets[name],
      breakers: new Map(),
      onOutcome: (o) => outcomes.push(o.outcome),
    };
    return { d, asked, outcomes };
  }
  const request = { messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 10, json: true };
  const now = '2026-12-07T10:00:00.000Z';

  it('opens the circuit of a failing provider and key only: another shop with its own key is still asked', async () => {
    const g = gated((key) => (key === 'sk-node' ? { ok: false, reason: 'server_error', status: 503, ms: 5 } : ok));
    for (let i = 0; i < 5; i++) await askModel(g.d, 'a', shop(), 'understand', request, now);
    expect((await askModel(g.d, 'a', shop(), 'understand', request, now)).ok).toBe(false);
    expect(g.outcomes.at(-1)).toBe('circuit_open');
    const other = shop({ base_url: 'https://dashscope.aliyuncs.com/v1', model: 'qwen-plus', api_key_env: 'XIAOER_LLM_KEY_SHOP_A' });
    expect(await askModel(g.d, 'b', other, 'understand', request, now)).toMatchObject({ ok: true });
  });

  it('does not count 429s (a quota) against the provider\'s health', async () => {
    const g = gated(() => ({ ok: false, reason: 'rate_limited', status: 429, ms: 5 }));
    for (let i = 0; i < 8; i++) await askModel(g.d, 'a', shop(), 'understand', request, now);
    expect(g.asked).toHaveLength(8);
    expect(new Set(g.outcomes)).toEqual(new Set(['rate_limited']));
  });

  it('never throws when the usage meter fails: the turn falls back with a reason', async () => {
    const g = gated(() => ok, { usageFails: true });
    expect(await askModel(g.d, 'a', shop(), 'understand', request, now)).toEqual({ ok: false, reason: 'gate_unavailable', model: 'deepseek-chat' });
  });

  it('counts a provider\'s odd token numbers as whole ones', async () => {
    const g = gated(() => ({ ...ok, usage: { promptTokens: 10.6, completionTokens: Number.POSITIVE_INFINITY } }));
    expect(await askModel(g.d, 'a', shop(), 'understand', request, now)).toMatchObject({ ok: true, tokens: 11 });
  });
});
