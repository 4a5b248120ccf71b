import { describe, expect, it } from 'vitest';
import type { ShopLlmSettings, ShopSettings } from '../../core/catalog/types.js';
import { shopProvider, useEnabled } from './ask-model.js';

const node = { baseUrl: 'https://api.deepseek.com/v1', apiKey: 'sk-node', model: 'deepseek-chat', timeoutMs: 3000 };
const secrets: Record<string, string> = { SHOP_QWEN_KEY: 'sk-shop' };
const deps = (n: Partial<typeof node> = {}) => ({ node: { ...node, ...n }, secret: (name: string) => secrets[name] });
const llm = (s: Partial<ShopLlmSettings>): ShopLlmSettings => ({ enabled: true, understand: true, answer: true, agent_assist: true, daily_tokens: 1000, per_minute: 10, allowed_commitments: [], send_personal_data: false, ...s });
const shop = (s?: Partial<ShopLlmSettings>) => ({ ...(s ? { llm: llm(s) } : {}) }) as ShopSettings;

describe('which provider a shop uses', () => {
  it('is the node\'s for a shop without settings, and none when the node has none', () => {
    expect(shopProvider(deps(), shop())).toEqual({ baseUrl: 'https://api.deepseek.com/v1', apiKey: 'sk-node', model: 'deepseek-chat', timeoutMs: 3000 });
    expect(shopProvider(deps({ baseUrl: undefined, model: undefined }), shop())).toBeUndefined();
  });
  it('is the shop\'s own, with the key its env var names, and never the node\'s key on another endpoint', () => {
    expect(shopProvider(deps(), shop({ base_url: 'https://dashscope.aliyuncs.com/compatible-mode/v1/', model: 'qwen-plus', api_key_env: 'SHOP_QWEN_KEY', timeout_ms: 5000 }))).toEqual({ baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1', apiKey: 'sk-shop', model: 'qwen-plus', timeoutMs: 5000 });
    expect(shopProvider(deps(), shop({ base_url: 'http://10.0.0.5:11434/v1', model: 'qwen2.5:7b' }))?.apiKey).toBe('');
  });
  it('is none for a shop that switched the model off, and each use can be off on its own', () => {
    expect(shopProvider(deps(), shop({ enabled: false }))).toBeUndefined();
    expect(useEnabled(deps(), shop({ answer: false }), 'answer')).toBe(false);
    expect(useEnabled(deps(), shop({ answer: false }), 'understand')).toBe(true);
    expect(useEnabled(deps(), shop(), 'agent_assist')).toBe(true);
  });
});
