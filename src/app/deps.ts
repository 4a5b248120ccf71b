// What every use case receives: the ports, chosen by a composition root (server, CLI, tests).
import type { Segmenter } from '../core/understanding/segmenter.js';
import type { KnowledgeCache } from './shops/knowledge-cache.js';
import type { CommerceDrivers } from './commerce/commerce-drivers.js';
import type { LlmDeps } from './llm/ask-model.js';
import type { Clock, Ids, OrderBackend, ReleaseCompiler, RetailBackend, Store } from './ports.js';

/** The wired ports and shared caches. */
export interface AppDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  knowledge: KnowledgeCache;
  /** Compiles releases at publish (with `segmenter`). */
  compiler: ReleaseCompiler;
  /** The word segmentation engine releases are compiled and loaded with (jieba, from an adapter). */
  segmenter: Segmenter;
  /** The built-in order store: customers, orders and coupons (seeded at import, read by the profile and the delivery sweep). */
  orders: OrderBackend;
  /** The tau2-bench retail records of shops on that backend (loaded at import). */
  retail: RetailBackend;
  /** A driver per kind of order system: what a turn's tools and customer look-ups go through (`commerceOf`). */
  commerce: CommerceDrivers;
  /** A secret by the name of the environment variable a shop's settings give (identity, CDP). */
  secret(name: string): string | undefined;
  /** Inbound text larger than this many UTF-8 bytes is refused (XIAOER_MESSAGE_TOO_LARGE). */
  maxMessageBytes: number;
  /** The optional LLM (docs/llm.md); absent: every turn is decided offline. */
  llm?: LlmDeps;
}
