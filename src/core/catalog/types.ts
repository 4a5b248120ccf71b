// Domain types of a shop's imported data: settings, products with variants, and FAQ entries.
// Money is held in minor units (fen / cents) so no float ever reaches a shopper.
import type { TagTaxonomy } from '../customer/tags.js';
import type { Experiment } from '../sop/experiments.js';
import type { Flow } from '../sop/types.js';

/** Shop-level settings from shop.yaml. */
export interface ShopSettings {
  id: string;
  name: string;
  language: 'zh-CN' | 'en';
  currency: string;
  greeting: string;
  fallback: string;
  businessHours: { timezone: string; days: number[]; open: string; close: string };
  dictionary: string[];
  /** Groups of words that mean the same; the first of each group is the canonical one. */
  synonyms: string[][];
  /** 0..1: minimum knowledge-answer confidence before the fallback is used. */
  answerThreshold: number;
  /** Regular expressions (source) an order number matches as a whole; absent in older imports. */
  orderIdPatterns?: string[];
  /** Coupons flows may issue (issue_coupon); absent in older imports. */
  coupons?: Coupon[];
  /** Where orders live: absent for our own order database; `tau2-retail` for the benchmark's
   * retail domain, loaded from its db.json (a path relative to the bundle folder). Data: the
   * tools and the driver each kind has are looked up by it (core/commerce/backends.ts). */
  backend?: { kind: 'tau2-retail'; db: string };
  /**
   * How shoppers are identified: by tokens signed with the secret in `secret_env`, and/or, when
   * `trust` is 'customer-id', by a bare customer id (demos, sites that authenticate upstream).
   */
  identity?: { secret_env?: string; trust?: 'customer-id' };
  /** Origins (scheme://host[:port], normalised) of the shop's sites that may embed the chat page; absent: none besides our own. */
  allowed_origins?: string[];
  /** Category template whose attribute declarations apply to the attributes its products state (none by default). */
  template?: AttributeTemplate;
  /** The shop's declared product attributes: names, other words shoppers use, and how values read; absent: all inferred. */
  attributes?: AttributeDeclaration[];
  /** Sinks of the shop's CDP (signed webhooks, Segment); each secret is read from the environment variable it names. */
  cdp?: { sinks: CdpSinkSettings[] };
  /** A/B experiments on the SOPs: script arms (templates branch on experiment.<id>) or a holdout from a flow. */
  experiments?: Experiment[];
  /** Outcome analytics: how many days after a conversation an order still counts as its conversion (3 when absent). */
  analytics?: { attribution_days?: number };
  /** Who may send order webhooks: the environment variables holding each scheme's secret (else XIAOER_SHOPIFY_WEBHOOK_SECRET / XIAOER_ORDER_WEBHOOK_SECRET). */
  orders?: { shopify_secret_env?: string; webhook_secret_env?: string };
  /** Channels besides the web widget; each secret is read from the environment variable it names (XIAOER_WECOM_*, XIAOER_CHANNEL_*). */
  channels?: ChannelSettings;
  /** The optional LLM (docs/llm.md): uses, provider override, budgets and the commitments it may make; absent: the node's provider with defaults. */
  llm?: ShopLlmSettings;
  /** Rules that hand a conversation to a person besides flow handoff steps, agent groups and hours (absent: flows only). */
  handoff?: {
    on_sentiment: 'angry' | 'negative' | 'off';
    after_fallbacks: number;
    vip: boolean;
    high_value?: { over: number; intents: string[] };
    keywords: string[];
    message?: string;
    closed_message?: string;
    groups: { id: string; name: string; reasons: string[] }[];
    hours?: { timezone: string; days: number[]; open: string; close: string };
    /** Entities the agent will need, asked for at the handoff when unknown. */
    collect?: { entity: string; ask: string; groups?: string[] }[];
    /** Give queued conversations to online agents of their group with room (else agents claim them). */
    auto_assign: boolean;
    /** Conversations an agent holds at once before auto-assignment passes them by. */
    agent_capacity: number;
  };
}

/** shop.yaml `llm`: which model uses a shop has on, its provider (when not the node's), budgets and allowlist. */
export interface ShopLlmSettings {
  enabled: boolean;
  understand: boolean;
  answer: boolean;
  agent_assist: boolean;
  base_url?: string;
  model?: string;
  /** The environment variable holding the API key (never the key itself). */
  api_key_env?: string;
  timeout_ms?: number;
  daily_tokens: number;
  per_minute: number;
  allowed_commitments: string[];
  send_personal_data: boolean;
}

/** Category templates giving default attribute declarations (docs/shop-bundle.md). */
export const ATTRIBUTE_TEMPLATES = ['apparel', 'beauty', 'food', 'electronics'] as const;
export type AttributeTemplate = (typeof ATTRIBUTE_TEMPLATES)[number];

/** The words of a yes / caution / no attribute (孕妇可用: 可以 | 慎用 | 禁用), as the shop writes its values. */
export interface ScaleLevels {
  yes: string[];
  caution: string[];
  no: string[];
}

/** How an attribute's values read: free text, a number with a unit, a yes/caution/no scale, or a list. */
export type AttributeKind =
  | { kind: 'text' }
  | { kind: 'number'; unit?: string }
  | { kind: 'scale'; levels: ScaleLevels }
  | { kind: 'list'; separator?: string };

/** One declared product attribute: its name as the shop writes it, other names, question words and kind. */
export type AttributeDeclaration = {
  name: string;
  /** Other names of the attribute (a column 孕期可用 is the same attribute as 孕妇可用). */
  aliases: string[];
  /** Words of shoppers' questions that ask about it (能带上飞机 → 是否含锂电池). */
  questions: string[];
} & AttributeKind;

/** One CDP sink of shop.yaml: a signed webhook, or Segment's HTTP Tracking API (endpoint defaults to api.segment.io). */
/** shop.yaml `channels`: the shop's product pages (for cards a channel shows as text and a link), WeCom, the signed webhook. */
export interface ChannelSettings {
  /** A product's page on the shop's site, `{product}` standing for its id. */
  product_url?: string;
  wecom?: WecomChannelSettings;
  webhook?: WebhookChannelSettings;
}

/** A WeCom 微信客服 account: the corp, the kf account, and the names of the variables holding its secret, callback token and AES key. */
export interface WecomChannelSettings {
  corpId: string;
  openKfId: string;
  secretEnv: string;
  tokenEnv: string;
  aesKeyEnv: string;
  /**
   * Where the shop's agents work: `xiaoer` (the default), in our workspace, the WeCom session staying
   * with the API so their replies are sent through it; `wecom`, in WeCom's own app, a handoff moving
   * the session to WeCom's queue (service_state 2) and a hand-back returning it to the API (1).
   */
  agents?: 'xiaoer' | 'wecom';
}

/** The generic signed webhook channel: a bridge (an ISV app for 千牛, 抖店, 京东…) posts shoppers' messages in and takes replies at `url`. */
export interface WebhookChannelSettings {
  /** Where replies, agents' messages and handoff changes are POSTed (signed). */
  url: string;
  /** The variable holding the secret both directions are signed with (XIAOER_CHANNEL_*). */
  secret_env: string;
}

export type CdpSinkSettings = { id: string; kind: 'webhook'; url: string; secret_env: string } | { id: string; kind: 'segment'; endpoint?: string; write_key_env: string };

/** A coupon the shop hands out, e.g. 满199减20 valid for 7 days after issue. */
export interface Coupon {
  id: string;
  title: string;
  minSpendMinor: number;
  discountMinor: number;
  validDays: number;
}

/** The apparel template's descriptive attributes, all optional; other categories state `facts`. */
export interface ProductAttributes {
  material?: string;
  standard?: string;
  thickness?: string;
  season?: string[];
  suitable_for?: string[];
  not_suitable_for?: string[];
  care?: string;
  origin?: string;
  features?: string[];
}

/** One sellable SKU of a product. */
export interface Variant {
  sku: string;
  options: Record<string, string>;
  priceMinor: number;
  stock: number;
  /** Only whether it is in stock is known (stock 1 or 0), not how many. */
  countless?: boolean;
}

/** A catalog product with its variants. */
export interface Product {
  id: string;
  name: string;
  aliases: string[];
  category: string;
  priceMinor: number;
  description: string;
  attributes: ProductAttributes;
  /** The shop's own attributes by the name it gives them (保质期 → 24个月, 孕妇可用 → 慎用), as written. */
  facts?: Record<string, string>;
  sizeChart: Record<string, string>[];
  variants: Variant[];
}

/** One knowledge-base entry. */
export interface FaqEntry {
  id: string;
  question: string;
  similar: string[];
  answer: string;
  tags: string[];
}

/** One intent a shop's classifier learns, from intents.yaml. */
export interface IntentDefinition {
  id: string;
  label: { zh?: string; en?: string };
  description?: string;
  examples: string[];
}

/** A shop dictionary entity (e.g. audience: 孕妇 ← 孕妈, 怀孕…), from intents.yaml. */
export interface CustomEntityDefinition {
  type: string;
  values: { value: string; synonyms: string[] }[];
}

/** Everything a shop bundle holds once validated. */
export interface ShopBundle {
  shop: ShopSettings;
  products: Product[];
  faq: FaqEntry[];
  /** Absent when the bundle has no intents.yaml (or was imported before intents existed). */
  intents?: IntentDefinition[];
  entities?: CustomEntityDefinition[];
  /** The shop's SOP flows (sops/*.yaml), validated; absent when it has none. */
  sops?: Flow[];
  /** The tag taxonomy and rules (tags.yaml); absent when the shop has none. */
  tags?: TagTaxonomy;
}
