// The environment, parsed once at boot. Every problem is reported together; nothing else in the
// program reads process.env.
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  XIAOER_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  XIAOER_MAX_MESSAGE_BYTES: z.coerce.number().int().min(16).max(1_000_000).default(4096),
  XIAOER_DEMO_SHOP: z.string().default(resolve(packageRoot, 'shops/demo-zh')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  XIAOER_FOLLOW_UP_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  XIAOER_CDP_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  XIAOER_CDP_WEBHOOK_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
  XIAOER_SEGMENT_WRITE_KEY: z.string().trim().min(1, 'must not be empty').optional(),
  XIAOER_TRANSCRIPT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  XIAOER_DEMO_ADMIN_PASSWORD: z.string().min(10, 'use at least 10 characters').optional(),
  XIAOER_DEMO_AGENT_PASSWORD: z.string().min(10, 'use at least 10 characters').optional(),
  // Replaced: one password for both demo accounts let whoever knew the agent's sign in as admin.
  XIAOER_DEMO_STAFF_PASSWORD: z
    .string()
    .optional()
    .refine((v) => v === undefined, 'no longer read: set XIAOER_DEMO_ADMIN_PASSWORD and XIAOER_DEMO_AGENT_PASSWORD instead (the two demo accounts get different passwords)'),
  XIAOER_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'expected the http(s) URL shoppers and staff use, such as https://kefu.example.com' }).optional(),
  XIAOER_METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  // Order webhooks (docs/orders.md): read by name when a delivery comes, checked here at start.
  XIAOER_SHOPIFY_WEBHOOK_SECRET: z.string().min(16, 'use at least 16 characters (Shopify shows the signing secret under Notifications → Webhooks)').optional(),
  XIAOER_ORDER_WEBHOOK_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
  XIAOER_API_DOCS: z.enum(['on', 'off'], { error: 'expected on or off' }).default('on'),
  XIAOER_TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const r = parseTrustProxy(v);
      if (typeof r === 'string') {
        ctx.addIssue({ code: 'custom', message: r });
        return z.NEVER;
      }
      return r;
    }),
  XIAOER_RATE_LIMIT_CONVERSATIONS_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(30),
  XIAOER_RATE_LIMIT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(60),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  XIAOER_REDIS_PREFIX: z.string().regex(/^[\w.:-]{1,64}$/, 'letters, digits and . : _ - only, at most 64').default('xiaoer'),
  XIAOER_NODE_ID: z.string().trim().min(1).max(200).regex(/^[\w.:@-]+$/, 'letters, digits and . : @ _ - only').optional(),
  XIAOER_MAX_TURNS_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).optional(),
  XIAOER_QUEUE_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  XIAOER_DRAIN_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  XIAOER_SEGMENT_ENDPOINT: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://api.segment.io' }).optional(),
  XIAOER_LLM_BASE_URL: z.url({ protocol: /^https?$/, error: 'expected the http(s) base URL of an OpenAI-compatible API, such as https://api.deepseek.com/v1' }).optional(),
  XIAOER_LLM_API_KEY: z.string().trim().min(1, 'must not be empty').optional(),
  XIAOER_LLM_MODEL: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  XIAOER_LLM_TIMEOUT_MS: z.coerce.number().int().min(200).max(60_000).default(3_000),
  // Where WeCom's API is (docs/channels.md): a node setting, not a shop's, since each shop's secret travels to it.
  XIAOER_WECOM_API_BASE: z.url({ protocol: /^https?$/, error: 'expected the http(s) base URL of the WeCom API, such as https://qyapi.weixin.qq.com' }).default('https://qyapi.weixin.qq.com'),
  XIAOER_LLM_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
    .refine((hosts) => hosts.every((h) => /^[a-z0-9.-]+(:\d{1,5})?$/.test(h)), 'a comma-separated list of hosts (host or host:port), such as dashscope.aliyuncs.com,10.0.0.5:11434'),
})
  .refine((e) => (e.XIAOER_CDP_WEBHOOK_URL === undefined) === (e.XIAOER_CDP_WEBHOOK_SECRET === undefined), { message: 'set both or neither', path: ['XIAOER_CDP_WEBHOOK_SECRET'] })
  .refine((e) => (e.XIAOER_LLM_BASE_URL === undefined) === (e.XIAOER_LLM_MODEL === undefined), { message: 'set XIAOER_LLM_BASE_URL and XIAOER_LLM_MODEL together (the key too, unless the server needs none, like Ollama)', path: ['XIAOER_LLM_MODEL'] })
  .refine((e) => e.XIAOER_SEGMENT_ENDPOINT === undefined || e.XIAOER_SEGMENT_WRITE_KEY !== undefined, { message: 'set XIAOER_SEGMENT_WRITE_KEY too', path: ['XIAOER_SEGMENT_WRITE_KEY'] })
  .refine((e) => e.XIAOER_DEMO_ADMIN_PASSWORD === undefined || e.XIAOER_DEMO_ADMIN_PASSWORD !== e.XIAOER_DEMO_AGENT_PASSWORD, { message: 'must differ from XIAOER_DEMO_ADMIN_PASSWORD', path: ['XIAOER_DEMO_AGENT_PASSWORD'] });

/** proxy-addr's names for address ranges, as Fastify accepts them. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Which proxies' X-Forwarded-For to believe for the client address (login attempts are limited
 * per address): none (unset, '' or 'false'), or the proxies' addresses, CIDR ranges and the names
 * loopback, linklocal and uniquelocal, comma-separated. 'true' (believe anyone) is refused: a client
 * reaching the server directly could then pick its own address. Returns a message when invalid.
 */
export function parseTrustProxy(value: string | undefined): false | string[] | string {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'false') return false;
  if (v === 'true') return 'name the proxies (addresses, CIDR ranges or loopback, comma-separated); true would trust any client';
  const list = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const item of list) {
    if (PROXY_RANGES.has(item)) continue;
    const [address = '', prefix, extra] = item.split('/');
    const family = isIP(address);
    const bits = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits))) return `not an IP address, CIDR range or loopback/linklocal/uniquelocal: ${item}`;
  }
  return list;
}

/** The server's settings. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  maxMessageBytes: number;
  /** The node's LLM provider for every shop (XIAOER_LLM_*); undefined: no model, offline only (each shop may still name its own in shop.yaml). */
  llm: { baseUrl: string | undefined; apiKey: string | undefined; model: string | undefined; timeoutMs: number; allowedHosts: string[] };
  /** Bundle folder imported and published on first start; undefined when XIAOER_DEMO_SHOP=none. */
  demoShopDir: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Built web apps (the chat widget page). */
  webDir: string;
  /** How often silent shoppers are looked for (customer_silent flows); 0 turns it off. */
  followUpSeconds: number;
  /** A webhook sink for every shop (XIAOER_CDP_WEBHOOK_URL and _SECRET). */
  cdpWebhook: { url: string; secret: string } | undefined;
  /** A Segment sink for every shop (XIAOER_SEGMENT_WRITE_KEY, and _ENDPOINT or api.segment.io). */
  cdpSegment: { writeKey: string; endpoint: string | undefined } | undefined;
  /** Secrets shop.yaml's CDP sinks name, looked up in the environment read at boot. */
  secret(name: string): string | undefined;
  /** Conversations idle this many days lose their words (PIPL retention); 0 keeps them. */
  transcriptRetentionDays: number;
  /** Proxies whose X-Forwarded-For gives the client's address (parseTrustProxy); false: none. */
  trustProxy: false | string[];
  /** Conversations opened and messages sent per minute per client address; 0 turns one off. */
  rateLimits: { conversationsPerMinute: number; messagesPerMinute: number };
  /** Passwords of the demo shop's `admin` and `agent1`, created on first run (each random and logged once when unset). */
  demoStaffPasswords: { admin: string | undefined; agent: string | undefined };
  /** The URL shoppers and staff use (XIAOER_PUBLIC_URL); when https, cookies are Secure and HSTS is sent. */
  publicUrl: string | undefined;
  /** When set, /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** Whether the OpenAPI docs are served at /docs (XIAOER_API_DOCS=off hides them). */
  apiDocs: boolean;
  /** Redis shared by several nodes (Socket.IO adapter, rate limits, release changes); undefined: one node on its own. */
  redisUrl: string | undefined;
  /** Prefix of Redis keys and channels, so deployments can share one Redis. */
  redisPrefix: string;
  /** This node's name in logs, heartbeats and leases (default host name and process id). */
  nodeId: string | undefined;
  /**
   * Turns this node computes at once; more wait in line, fairly between shops. Default 128 on
   * SQLite (its group commit batches concurrent turns: 32 cost 10–25 % of throughput in
   * `npm run bench`), 32 on PostgreSQL (each turn in flight holds a lock connection).
   */
  maxTurnsInFlight: number;
  /** How long a shopper's request waits in line before it is acknowledged with 202 and answered later. */
  queueWaitMs: number;
  /** On SIGTERM: the bound on finishing in-flight turns before the process exits. */
  drainSeconds: number;
  /** The WeCom API every shop's 微信客服 account is reached at (XIAOER_WECOM_API_BASE). */
  wecomApiBase: string;
}

/** Parses an environment; returns every problem as "NAME: message" when it is invalid. */
export function parseConfig(env: Record<string, string | undefined>): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const r = envSchema.safeParse(env);
  if (!r.success) return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const e = r.data;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dataDir: resolve(e.XIAOER_DATA_DIR),
      databaseUrl: e.DATABASE_URL,
      maxMessageBytes: e.XIAOER_MAX_MESSAGE_BYTES,
      demoShopDir: e.XIAOER_DEMO_SHOP === 'none' ? undefined : resolve(e.XIAOER_DEMO_SHOP),
      logLevel: e.LOG_LEVEL,
      webDir: resolve(packageRoot, 'dist/web'),
      followUpSeconds: e.XIAOER_FOLLOW_UP_SECONDS,
      cdpWebhook: e.XIAOER_CDP_WEBHOOK_URL && e.XIAOER_CDP_WEBHOOK_SECRET ? { url: e.XIAOER_CDP_WEBHOOK_URL, secret: e.XIAOER_CDP_WEBHOOK_SECRET } : undefined,
      cdpSegment: e.XIAOER_SEGMENT_WRITE_KEY ? { writeKey: e.XIAOER_SEGMENT_WRITE_KEY, endpoint: e.XIAOER_SEGMENT_ENDPOINT } : undefined,
      secret: (name) => env[name],
      demoStaffPasswords: { admin: e.XIAOER_DEMO_ADMIN_PASSWORD, agent: e.XIAOER_DEMO_AGENT_PASSWORD },
      publicUrl: e.XIAOER_PUBLIC_URL,
      metricsToken: e.XIAOER_METRICS_TOKEN,
      apiDocs: e.XIAOER_API_DOCS === 'on',
      redisUrl: e.REDIS_URL,
      redisPrefix: e.XIAOER_REDIS_PREFIX,
      nodeId: e.XIAOER_NODE_ID,
      maxTurnsInFlight: e.XIAOER_MAX_TURNS_IN_FLIGHT ?? (e.DATABASE_URL ? 32 : 128),
      queueWaitMs: e.XIAOER_QUEUE_WAIT_MS,
      drainSeconds: e.XIAOER_DRAIN_SECONDS,
      wecomApiBase: e.XIAOER_WECOM_API_BASE.replace(/\/+$/, ''),
      trustProxy: e.XIAOER_TRUST_PROXY,
      rateLimits: { conversationsPerMinute: e.XIAOER_RATE_LIMIT_CONVERSATIONS_PER_MINUTE, messagesPerMinute: e.XIAOER_RATE_LIMIT_MESSAGES_PER_MINUTE },
      transcriptRetentionDays: e.XIAOER_TRANSCRIPT_RETENTION_DAYS,
      llm: { baseUrl: e.XIAOER_LLM_BASE_URL?.replace(/\/+$/, ''), apiKey: e.XIAOER_LLM_API_KEY, model: e.XIAOER_LLM_MODEL, timeoutMs: e.XIAOER_LLM_TIMEOUT_MS, allowedHosts: e.XIAOER_LLM_ALLOWED_HOSTS },
    },
  };
}

/** Reads process.env; exits with every problem printed when the environment is invalid. */
export function loadConfig(): Config {
  const r = parseConfig(process.env);
  if (!r.ok) {
    console.error('xiaoer: invalid environment:\n' + r.problems.map((p) => `  ${p}`).join('\n'));
    process.exit(2);
  }
  return r.config;
}
