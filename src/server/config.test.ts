// The environment's CDP settings, and the sinks the server builds from them and from shop.yaml.
import { describe, expect, it } from 'vitest';
import type { CdpSinkSettings } from '../core/catalog/types.js';
import { appHarness } from '../testing/app-harness.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import { cdpSinks } from './cdp.js';
import { parseConfig } from './config.js';

function config(env: Record<string, string>) {
  const r = parseConfig(env);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.config;
}

function problems(env: Record<string, string>): string[] {
  const r = parseConfig(env);
  return r.ok ? [] : r.problems;
}

describe('CDP configuration', () => {
  it('reads a Segment sink for every shop from XIAOER_SEGMENT_WRITE_KEY and _ENDPOINT', () => {
    expect(config({}).cdpSegment).toBeUndefined();
    expect(config({ XIAOER_SEGMENT_WRITE_KEY: 'wk_123' }).cdpSegment).toEqual({ writeKey: 'wk_123', endpoint: undefined });
    expect(config({ XIAOER_SEGMENT_WRITE_KEY: 'wk_123', XIAOER_SEGMENT_ENDPOINT: 'https://events.eu1.segmentapis.com' }).cdpSegment).toEqual({ writeKey: 'wk_123', endpoint: 'https://events.eu1.segmentapis.com' });
  });

  it('rejects a Segment endpoint that is not an http(s) URL, an endpoint without a key, and an empty key', () => {
    expect(problems({ XIAOER_SEGMENT_WRITE_KEY: 'wk_123', XIAOER_SEGMENT_ENDPOINT: 'ftp://api.segment.io' })).toEqual(['XIAOER_SEGMENT_ENDPOINT: expected an http(s) URL such as https://api.segment.io']);
    expect(problems({ XIAOER_SEGMENT_ENDPOINT: 'https://api.segment.io' })).toEqual(['XIAOER_SEGMENT_WRITE_KEY: set XIAOER_SEGMENT_WRITE_KEY too']);
    expect(problems({ XIAOER_SEGMENT_WRITE_KEY: ' ' })).toEqual(['XIAOER_SEGMENT_WRITE_KEY: must not be empty']);
  });

  it('builds the sinks: environment ones for every shop, shop.yaml ones with keys from their variables', async () => {
    const sinks: CdpSinkSettings[] = [
      { id: 'crm', kind: 'webhook', url: 'https://crm.example.com/hook', secret_env: 'CRM_SECRET' },
      { id: 'seg', kind: 'segment', write_key_env: 'SHOP_SEGMENT_KEY' },
      { id: 'seg-eu', kind: 'segment', endpoint: 'https://events.eu1.segmentapis.com', write_key_env: 'UNSET_KEY' },
    ];
    const h = await appHarness({ bundle: tinyBundle({ cdp: { sinks } }) });
    const errors: unknown[] = [];
    const built = await cdpSinks(h.deps, config({ XIAOER_SEGMENT_WRITE_KEY: 'wk_env', CRM_SECRET: 'crm-secret-0123456789', SHOP_SEGMENT_KEY: 'wk_shop' }), { error: (o: unknown) => void errors.push(o) });
    expect(built).toEqual([
      { kind: 'segment', id: 'env-segment', endpoint: 'https://api.segment.io', writeKey: 'wk_env' },
      { id: `${h.shopId}:crm`, url: 'https://crm.example.com/hook', secret: 'crm-secret-0123456789', shopIds: [h.shopId] },
      { kind: 'segment', id: `${h.shopId}:seg`, endpoint: 'https://api.segment.io', writeKey: 'wk_shop', shopIds: [h.shopId] },
    ]);
    expect(errors).toEqual([expect.objectContaining({ event: 'cdp.sink_without_secret', sinkId: 'seg-eu', variable: 'UNSET_KEY' })]);
  });
});

describe('shopper rate limits configuration', () => {
  it('limits 30 conversations and 60 messages a minute per address by default; 0 turns a limit off', () => {
    expect(config({}).rateLimits).toEqual({ conversationsPerMinute: 30, messagesPerMinute: 60 });
    expect(config({ XIAOER_RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '0', XIAOER_RATE_LIMIT_MESSAGES_PER_MINUTE: '0' }).rateLimits).toEqual({ conversationsPerMinute: 0, messagesPerMinute: 0 });
    expect(problems({ XIAOER_RATE_LIMIT_MESSAGES_PER_MINUTE: '-1' })).toHaveLength(1);
    expect(problems({ XIAOER_RATE_LIMIT_CONVERSATIONS_PER_MINUTE: 'lots' })).toHaveLength(1);
  });
});

describe('several nodes configuration', () => {
  it('bounds turns in flight by store (128 on SQLite, 32 on PostgreSQL) unless set, and checks the Redis settings', () => {
    expect(config({}).maxTurnsInFlight).toBe(128);
    expect(config({ DATABASE_URL: 'postgres://x@127.0.0.1/db' }).maxTurnsInFlight).toBe(32);
    expect(config({ DATABASE_URL: 'postgres://x@127.0.0.1/db', XIAOER_MAX_TURNS_IN_FLIGHT: '8' }).maxTurnsInFlight).toBe(8);
    expect(config({ REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'xiaoer', queueWaitMs: 2000, drainSeconds: 10 });
    const bad = parseConfig({ REDIS_URL: 'http://127.0.0.1:6379', XIAOER_MAX_TURNS_IN_FLIGHT: '0', XIAOER_REDIS_PREFIX: 'a b', XIAOER_DRAIN_SECONDS: '0' });
    expect(bad.ok ? [] : bad.problems.map((p) => p.split(':')[0])).toEqual(['REDIS_URL', 'XIAOER_REDIS_PREFIX', 'XIAOER_MAX_TURNS_IN_FLIGHT', 'XIAOER_DRAIN_SECONDS']);
  });
});

describe('order webhook secrets', () => {
  it('takes a secret of at least 16 characters for each scheme, and refuses a short one at start', () => {
    expect(problems({ XIAOER_SHOPIFY_WEBHOOK_SECRET: 'shpss_0123456789abcdef', XIAOER_ORDER_WEBHOOK_SECRET: 'order-secret-0123456789' })).toEqual([]);
    expect(config({ XIAOER_SHOPIFY_WEBHOOK_SECRET: 'shpss_0123456789abcdef' }).secret('XIAOER_SHOPIFY_WEBHOOK_SECRET')).toBe('shpss_0123456789abcdef');
    expect(problems({ XIAOER_SHOPIFY_WEBHOOK_SECRET: 'short', XIAOER_ORDER_WEBHOOK_SECRET: 'x' })).toEqual([
      'XIAOER_SHOPIFY_WEBHOOK_SECRET: use at least 16 characters (Shopify shows the signing secret under Notifications → Webhooks)',
      'XIAOER_ORDER_WEBHOOK_SECRET: use at least 16 characters',
    ]);
  });
});

describe('WeCom configuration', () => {
  it('reaches qyapi.weixin.qq.com unless XIAOER_WECOM_API_BASE says otherwise, and refuses a base that is not http(s)', () => {
    expect(config({}).wecomApiBase).toBe('https://qyapi.weixin.qq.com');
    expect(config({ XIAOER_WECOM_API_BASE: 'http://127.0.0.1:8080/' }).wecomApiBase).toBe('http://127.0.0.1:8080');
    expect(problems({ XIAOER_WECOM_API_BASE: 'ftp://example.com' }).map((p) => p.split(':')[0])).toEqual(['XIAOER_WECOM_API_BASE']);
  });
});

describe('LLM configuration', () => {
  it('has no provider unless XIAOER_LLM_BASE_URL and _MODEL are set, and a 3 s timeout by default', () => {
    expect(config({}).llm).toEqual({ baseUrl: undefined, apiKey: undefined, model: undefined, timeoutMs: 3000, allowedHosts: [] });
    expect(config({ XIAOER_LLM_BASE_URL: 'https://api.deepseek.com/v1/', XIAOER_LLM_MODEL: 'deepseek-chat', XIAOER_LLM_API_KEY: 'sk-1', XIAOER_LLM_TIMEOUT_MS: '5000', XIAOER_LLM_ALLOWED_HOSTS: 'DashScope.aliyuncs.com, 10.0.0.5:11434' }).llm).toEqual({ baseUrl: 'https://api.deepseek.com/v1', apiKey: 'sk-1', model: 'deepseek-chat', timeoutMs: 5000, allowedHosts: ['dashscope.aliyuncs.com', '10.0.0.5:11434'] });
    // Ollama needs no key.
    expect(config({ XIAOER_LLM_BASE_URL: 'http://127.0.0.1:11434/v1', XIAOER_LLM_MODEL: 'qwen2.5:7b' }).llm.apiKey).toBeUndefined();
  });

  it('rejects half a provider, a URL that is not http(s), and a timeout out of range', () => {
    expect(problems({ XIAOER_LLM_BASE_URL: 'https://api.deepseek.com/v1' })).toEqual(['XIAOER_LLM_MODEL: set XIAOER_LLM_BASE_URL and XIAOER_LLM_MODEL together (the key too, unless the server needs none, like Ollama)']);
    expect(problems({ XIAOER_LLM_BASE_URL: 'file:///etc/passwd', XIAOER_LLM_MODEL: 'm' })[0]).toMatch(/^XIAOER_LLM_BASE_URL: expected the http\(s\) base URL/);
    expect(problems({ XIAOER_LLM_TIMEOUT_MS: '50' })[0]).toMatch(/^XIAOER_LLM_TIMEOUT_MS:/);
    expect(problems({ XIAOER_LLM_ALLOWED_HOSTS: 'https://evil.example/v1' })[0]).toMatch(/^XIAOER_LLM_ALLOWED_HOSTS: a comma-separated list of hosts/);
  });
});
