// One request to a shop's model, through every gate in front of it: is a provider configured and
// the use on, is the day's token budget left, the shop's rate not exceeded, the provider's circuit
// closed. Every refusal and failure is a value the turn falls back from, and every outcome is counted.
import { createHash } from 'node:crypto';
import type { ShopSettings } from '../../core/catalog/types.js';
import { maskPersonalData } from '../../core/guardrails/mask.js';
import type { ChatMessage } from '../../core/llm/prompt.js';
import type { LlmProvider, LlmUsageMeter, RateLimiter } from '../ports.js';
import { CircuitBreaker } from './circuit-breaker.js';

/** The node's provider (XIAOER_LLM_*), the default for every shop. */
export interface NodeLlmSettings {
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  model?: string | undefined;
  timeoutMs: number;
  /** Hosts (host or host:port) a shop's own `llm.base_url` may name (XIAOER_LLM_ALLOWED_HOSTS); none: shops use the node's provider only. */
  allowedHosts?: readonly string[];
}

/** The only environment variables a shop's `llm.api_key_env` may name: the operator's, set aside for shops' model keys. */
export const SHOP_KEY_PREFIX = 'XIAOER_LLM_KEY_';

/** A model use a shop can switch off (shop.yaml llm.understand / answer / agent_assist). */
export type LlmUse = 'understand' | 'answer' | 'agent_assist';

/** An outcome of asking, for metrics: ok, a provider failure, or a gate that refused. */
export interface LlmOutcome {
  shopId: string;
  use: string;
  outcome: string;
  tokens?: number;
  ms?: number;
  /** For generated words the guardrails blocked: the kinds of violation. */
  blocked?: string[];
}

/** What asking a model needs: the provider client, the shared usage meter and rate limiter, the node's settings. */
export interface LlmDeps {
  provider: LlmProvider;
  usage: LlmUsageMeter;
  limiter: RateLimiter;
  node: NodeLlmSettings;
  /** A secret by the name of the environment variable a shop gives (llm.api_key_env). */
  secret(name: string): string | undefined;
  /** Per provider (base URL), this process's view of its health. */
  breakers: Map<string, CircuitBreaker>;
  /** Told every outcome (metrics). */
  onOutcome?: (o: LlmOutcome) => void;
}

/** The provider a shop's requests go to, or undefined when it has none. */
export interface ResolvedProvider {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
}

/**
 * The shop's provider: its own in shop.yaml `llm` (key by env var name), else the node's; none when
 * switched off, or when its own endpoint is not on the operator's list of hosts (a shop admin must
 * not make the node send requests, or a key, anywhere they like).
 */
export function shopProvider(deps: Pick<LlmDeps, 'node' | 'secret'>, shop: ShopSettings): ResolvedProvider | undefined {
  const s = shop.llm;
  if (s && !s.enabled) return undefined;
  if (providerRefusal(deps, shop)) return undefined;
  const own = s?.base_url !== undefined;
  const baseUrl = (s?.base_url ?? deps.node.baseUrl)?.replace(/\/+$/, '');
  const model = s?.model ?? deps.node.model;
  if (!baseUrl || !model) return undefined;
  // A shop's own endpoint never gets the node's key: only the one its settings name (none for Ollama),
  // and only from the variables set aside for shops' keys.
  const keyName = s?.api_key_env?.startsWith(SHOP_KEY_PREFIX) ? s.api_key_env : undefined;
  const apiKey = keyName ? (deps.secret(keyName) ?? '') : own ? '' : (deps.node.apiKey ?? '');
  return { baseUrl, apiKey, model, timeoutMs: s?.timeout_ms ?? deps.node.timeoutMs };
}

/** Why a shop's own provider is refused: its host is not on XIAOER_LLM_ALLOWED_HOSTS. */
export function providerRefusal(deps: Pick<LlmDeps, 'node'>, shop: ShopSettings): 'provider_not_allowed' | undefined {
  const url = shop.llm?.base_url;
  if (!url || shop.llm?.enabled === false) return undefined;
  let host: string;
  try {
    host = new URL(url).host.toLowerCase();
  } catch {
    return 'provider_not_allowed';
  }
  return (deps.node.allowedHosts ?? []).some((h) => h.toLowerCase() === host) ? undefined : 'provider_not_allowed';
}

/** Whether a shop has a use on (a provider, the shop's switch, the use's switch). */
export function useEnabled(deps: Pick<LlmDeps, 'node' | 'secret'>, shop: ShopSettings, use: LlmUse): boolean {
  if (!shopProvider(deps, shop)) return false;
  const s = shop.llm;
  return s === undefined || s[use];
}

/** What came back, or why nothing did. */
export type Asked =
  | { ok: true; text: string; model: string; tokens: number; ms: number }
  | { ok: false; reason: string; model?: string; ms?: number };

/** Defaults of shop.yaml `llm` for a shop that has none. */
const DEFAULT_DAILY_TOKENS = 500_000;
const DEFAULT_PER_MINUTE = 60;

/** Asks the shop's model once; `now` is ISO time (the budget day is its UTC date). Never throws: a failing meter or limiter is a reason too. */
export async function askModel(deps: LlmDeps, shopId: string, shop: ShopSettings, use: LlmUse, request: { messages: ChatMessage[]; maxTokens: number; json: boolean }, now: string): Promise<Asked> {
  const done = (a: Asked): Asked => {
    deps.onOutcome?.({ shopId, use, outcome: a.ok ? 'ok' : a.reason, ...(a.ok ? { tokens: a.tokens } : {}), ...(a.ms !== undefined ? { ms: a.ms } : {}) });
    return a;
  };
  const refused = providerRefusal(deps, shop);
  if (refused) return done({ ok: false, reason: refused });
  const provider = shopProvider(deps, shop);
  if (!provider || !useEnabled(deps, shop, use)) return done({ ok: false, reason: 'off' });
  const nowMs = Date.parse(now);
  const day = now.slice(0, 10);
  const budget = shop.llm?.daily_tokens ?? DEFAULT_DAILY_TOKENS;
  const per = shop.llm?.per_minute ?? DEFAULT_PER_MINUTE;
  const key = `llm:${shopId}`;
  try {
    // Checked before the request and counted after it: turns in flight at once may overshoot the budget by their own tokens.
    if ((await deps.usage.used(shopId, day)) >= budget) return done({ ok: false, reason: 'budget', model: provider.model });
    if (!(await deps.limiter.peek(key, per, 60_000, nowMs)).allowed) return done({ ok: false, reason: 'rate_limit', model: provider.model });
  } catch {
    return done({ ok: false, reason: 'gate_unavailable', model: provider.model });
  }
  // One breaker per provider and key: one shop's exhausted quota must not silence the others.
  const breakerKey = `${provider.baseUrl}#${createHash('sha256').update(provider.apiKey).digest('hex').slice(0, 16)}`;
  let breaker = deps.breakers.get(breakerKey);
  if (!breaker) deps.breakers.set(breakerKey, (breaker = new CircuitBreaker()));
  if (!breaker.allow(nowMs)) return done({ ok: false, reason: 'circuit_open', model: provider.model });
  try {
    if (!(await deps.limiter.take(key, per, 60_000, nowMs)).allowed) return done({ ok: false, reason: 'rate_limit', model: provider.model });
  } catch {
    return done({ ok: false, reason: 'gate_unavailable', model: provider.model });
  }
  const r = await deps.provider.complete({ ...provider, messages: request.messages, maxTokens: request.maxTokens, json: request.json });
  // A refusal (bad key, unknown model) or a 429 (a quota) is the provider's answer, not its ill health.
  breaker.record(r.ok || r.reason === 'refused' || r.reason === 'rate_limited', nowMs + r.ms);
  if (!r.ok) return done({ ok: false, reason: r.reason, model: provider.model, ms: r.ms });
  const tokens = tokenCount(r.usage.promptTokens) + tokenCount(r.usage.completionTokens);
  await deps.usage.add(shopId, day, tokens).catch(() => undefined);
  return done({ ok: true, text: r.text, model: provider.model, tokens, ms: r.ms });
}

/** A provider's token count as a whole number we can add up (it may send fractions, NaN or 1e400). */
function tokenCount(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.min(Math.round(n), 10_000_000) : 0;
}

/** The default order number pattern (shop.yaml orderIdPatterns' default, for releases imported before it). */
const DEFAULT_ORDER_PATTERNS = ['\\d{18,19}'];

/** A shopper's text as it may leave for the shop's provider: personal data masked unless the shop allows sending it. */
export function textForProvider(shop: ShopSettings, text: string): string {
  return shop.llm?.send_personal_data ? text : maskPersonalData(text, { orderIdPatterns: shop.orderIdPatterns ?? DEFAULT_ORDER_PATTERNS }).text;
}
