// zod schemas of a shop bundle's files: the one place outside data is checked before it
// becomes domain types. Prices arrive in yuan and leave in minor units.
import { z } from 'zod';
import { ATTRIBUTE_TEMPLATES, type AttributeDeclaration, type ScaleLevels } from '../../core/catalog/types.js';
import { DEFAULT_LEVELS } from '../../core/knowledge/attribute-templates.js';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and "-" (at most 64)');
/** A product or FAQ id as the shop writes it (P01, F-12, baby-bodysuit). */
const catalogId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, ".", "_" and "-" (at most 64)');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const yuan = z
  .number({ error: 'expected a price in yuan' })
  .nonnegative('must be ≥ 0')
  .max(10_000_000, 'unrealistically high')
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'at most two decimals');
const toMinor = (n: number) => Math.round(n * 100);
const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'expected HH:MM');
const hours = z.strictObject({
  timezone: text(64),
  days: z.array(z.number().int().min(1).max(7)).min(1),
  open: hhmm,
  close: hhmm,
});
const scalarText = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

/** The name of an environment variable; `missing` is the message when the key is absent. */
const envName = (missing: string) => z.string({ error: (i) => (i.input === undefined ? missing : 'expected the name of an environment variable') }).regex(/^[A-Z][A-Z0-9_]{0,99}$/, 'the name of an environment variable (A-Z, 0-9, _)');

/** The source of a regular expression that compiles with these flags, at most `max` characters. */
export function regexSource(max: number, flags: string) {
  return z
    .string()
    .min(1)
    .max(max)
    .refine((src) => {
      try {
        new RegExp(src, flags);
        return true;
      } catch {
        return false;
      }
    }, 'not a valid regular expression');
}

/**
 * A web origin, scheme://host[:port] with nothing after it, normalised (lower case, default port
 * dropped). Only plain host names and IP addresses: the value goes into CSP and CORS headers.
 */
const webOrigin = z
  .string()
  .max(300)
  .transform((v, ctx) => {
    const problem = 'expected an origin such as https://shop.example.com (http or https, host and optional port; no path, query or wildcard)';
    if (!/^https?:\/\/[^/?#@\s*]+$/i.test(v)) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    let origin: string;
    try {
      origin = new URL(v).origin;
    } catch {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    if (!/^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/.test(origin)) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return origin;
  });

const ATTRIBUTE_KINDS = ['text', 'number', 'scale', 'list'] as const;
const word = (max: number) => scalarText.pipe(z.string().min(1, 'must not be empty').max(max, `at most ${max} characters`));
const LEVEL_NAMES = ['yes', 'caution', 'no'] as const;

/** One declared attribute of shop.yaml; `kind` defaults to text, and each kind takes only its own settings. */
const attributeDeclaration = z
  .strictObject({
    name: text(50),
    aliases: z.array(word(50)).max(50).default([]),
    questions: z.array(word(50)).max(100).default([]).describe('words of shoppers\' questions that ask about this attribute (能带上飞机)'),
    kind: z.enum(ATTRIBUTE_KINDS, { error: 'expected text, number, scale or list' }).default('text'),
    unit: text(20).optional().describe('number: the unit added to a value written as a bare number (W, ml)'),
    levels: z
      .strictObject({ yes: z.array(word(30)).max(50).optional(), caution: z.array(word(30)).max(50).optional(), no: z.array(word(30)).max(50).optional() })
      .optional()
      .describe("scale: the shop's words for yes, caution and no (可以 / 慎用 / 禁用); a level left out keeps the built-in words"),
    separator: z.string().min(1).max(5).optional().describe('list: what separates the items (default: 、 , ， ; ； / |)'),
  })
  .superRefine((a, ctx) => {
    const only = [['unit', a.unit, 'number'], ['levels', a.levels, 'scale'], ['separator', a.separator, 'list']] as const;
    for (const [setting, value, kind] of only) {
      if (value !== undefined && a.kind !== kind) ctx.addIssue({ code: 'custom', path: [setting], message: `${setting} is a setting of kind: ${kind} (this attribute is kind: ${a.kind})` });
    }
    const seen = new Map<string, string>();
    for (const level of LEVEL_NAMES) {
      (a.levels?.[level] ?? []).forEach((w, i) => {
        const other = seen.get(w);
        if (other !== undefined && other !== level) ctx.addIssue({ code: 'custom', path: ['levels', level, i], message: `"${w}" is also a ${other} word; a value word must mean one level` });
        seen.set(w, level);
      });
    }
  })
  .transform((a): AttributeDeclaration => {
    const base = { name: a.name, aliases: a.aliases, questions: a.questions };
    if (a.kind === 'number') return { ...base, kind: 'number', ...(a.unit ? { unit: a.unit } : {}) };
    if (a.kind === 'list') return { ...base, kind: 'list', ...(a.separator ? { separator: a.separator } : {}) };
    if (a.kind === 'text') return { ...base, kind: 'text' };
    // A level the shop leaves out keeps the built-in words, less those the shop gave another level.
    const given = new Set(LEVEL_NAMES.flatMap((l) => a.levels?.[l] ?? []));
    const level = (l: keyof ScaleLevels) => a.levels?.[l] ?? DEFAULT_LEVELS[l].filter((w) => !given.has(w));
    return { ...base, kind: 'scale', levels: { yes: level('yes'), caution: level('caution'), no: level('no') } };
  });

/** shop.yaml */
export const shopFileSchema = z.strictObject({
  id: slug,
  name: text(100),
  language: z.enum(['zh-CN', 'en']),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as CNY').default('CNY'),
  greeting: text(500),
  fallback: text(500),
  businessHours: hours.default({ timezone: 'Asia/Shanghai', days: [1, 2, 3, 4, 5, 6, 7], open: '09:00', close: '23:00' }),
  dictionary: z.array(scalarText.pipe(z.string().min(1).max(32))).max(10_000).default([]),
  synonyms: z.array(z.array(scalarText.pipe(z.string().min(1).max(32))).min(2, 'a synonym group needs at least two words').max(50)).max(5_000).default([]),
  answerThreshold: z.number().min(0).max(1).default(0.15),
  orderIdPatterns: z
    .array(
      regexSource(100, 'u'),
    )
    .max(10)
    .default(['\\d{18,19}']),
  coupons: z
    .array(
      z
        .strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'use letters, digits, "_" and "-"'), title: text(50), min_spend: yuan.default(0), discount: yuan, valid_days: z.number().int().min(1).max(366) })
        .refine((c) => c.min_spend === 0 || c.discount < c.min_spend, 'the discount must be below the minimum spend')
        .transform((c) => ({ id: c.id, title: c.title, minSpendMinor: toMinor(c.min_spend), discountMinor: toMinor(c.discount), validDays: c.valid_days })),
    )
    .max(100)
    .default([]),
  template: z.enum(ATTRIBUTE_TEMPLATES, { error: `expected one of ${ATTRIBUTE_TEMPLATES.join(', ')}` }).optional().describe('default declarations of common attributes of one product category'),
  attributes: z
    .array(attributeDeclaration)
    .max(500)
    .superRefine((list, ctx) => {
      // A name or alias standing for two attributes would make a question ambiguous.
      const owner = new Map<string, number>();
      list.forEach((a, i) => {
        [a.name, ...a.aliases].forEach((n, k) => {
          const key = n.normalize('NFKC').toLowerCase();
          const prev = owner.get(key);
          if (prev !== undefined && prev !== i) ctx.addIssue({ code: 'custom', path: [i, ...(k === 0 ? ['name'] : ['aliases', k - 1])], message: `"${n}" already names attributes.${prev}` });
          owner.set(key, i);
        });
      });
    })
    .optional()
    .describe("the shop's product attributes: name, other names, question words and kind (text, number, scale, list)"),
  backend: z.strictObject({ kind: z.literal('tau2-retail'), db: z.string().min(1).max(500) }).optional(),
  identity: z
    .strictObject({
      secret_env: z.string().regex(/^[A-Z][A-Z0-9_]{0,99}$/, 'the name of an environment variable (A-Z, 0-9, _)').optional().describe("the shop's site signs customer tokens with the secret in this variable"),
      trust: z.literal('customer-id').optional().describe('take a bare customer id as given (demos, sites that authenticate shoppers upstream): anyone may then claim any customer'),
    })
    .refine((i) => i.secret_env !== undefined || i.trust !== undefined, 'give secret_env, trust: customer-id, or both')
    .optional()
    .describe('how shoppers are identified; without it every shopper is an anonymous visitor'),
  allowed_origins: z
    .array(webOrigin)
    .max(50)
    .transform((origins) => [...new Set(origins)])
    .optional()
    .describe("the shop's sites that may embed the chat page (and, later, call the API from the browser)"),
  experiments: z
    .array(
      z.union([
        z.strictObject({
          id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'use lowercase letters, digits and "_" (templates read it as experiment.<id>)'),
          flow: z.string().min(1).max(64),
          step: z.string().min(1).max(64).optional().describe('exposure counts only when this step is reached'),
          arms: z
            .array(z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, "_" and "-"'), share: z.number().positive().max(100) }))
            .min(2, 'an experiment needs at least two arms')
            .max(10)
            .refine((arms) => new Set(arms.map((a) => a.id)).size === arms.length, 'arm ids must be unique'),
        }),
        z.strictObject({
          id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'use lowercase letters, digits and "_"'),
          flow: z.string().min(1).max(64),
          holdout: z.number().positive().max(50).describe('percent of known customers who never get the flow, to measure its lift'),
        }),
      ]),
    )
    .max(20)
    .refine((list) => new Set(list.map((e) => e.id)).size === list.length, 'experiment ids must be unique')
    .optional()
    .describe('A/B tests of flows and scripts, assigned per known customer (docs/analytics.md)'),
  analytics: z
    .strictObject({ attribution_days: z.number().int().min(1).max(90).optional().describe('days after a conversation within which an order counts as its conversion (default 3)') })
    .optional()
    .describe('outcome analytics settings (docs/analytics.md)'),
  orders: z
    .strictObject({
      shopify_secret_env: envName('the environment variable holding this shop’s Shopify webhook secret').optional(),
      webhook_secret_env: envName('the environment variable holding this shop’s order webhook secret').optional(),
    })
    .optional()
    .describe('order webhooks: which environment variables hold the secrets (docs/orders.md)'),
  channels: z
    .strictObject({
      wecom: z
        .strictObject({
          corpId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'the corp id (我的企业 → 企业ID, it starts with ww)'),
          openKfId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'the kf account id (open_kfid, it starts with wk)'),
          secretEnv: z.string().regex(/^XIAOER_WECOM_[A-Z0-9_]{1,80}$/, 'the name of an environment variable starting with XIAOER_WECOM_ (the operator sets those aside for WeCom secrets)').describe('the environment variable holding the Secret of the app with kf API access'),
          tokenEnv: z.string().regex(/^XIAOER_WECOM_[A-Z0-9_]{1,80}$/, 'the name of an environment variable starting with XIAOER_WECOM_ (the operator sets those aside for WeCom secrets)').describe('the environment variable holding the callback Token'),
          aesKeyEnv: z.string().regex(/^XIAOER_WECOM_[A-Z0-9_]{1,80}$/, 'the name of an environment variable starting with XIAOER_WECOM_ (the operator sets those aside for WeCom secrets)').describe('the environment variable holding the callback EncodingAESKey'),
          agents: z.enum(['xiaoer', 'wecom']).optional().describe("where the shop's agents work: xiaoer (our workspace, the default) or wecom (WeCom's own app: a handoff moves the session to WeCom's queue)"),
        })
        .optional()
        .describe('WeCom 微信客服 (docs/channels.md): the corp, the kf account and where the node keeps its secrets'),
      webhook: z
        .strictObject({
          url: z.url({ protocol: /^https?$/, error: 'expected the http(s) URL replies are posted to' }).max(2000),
          secret_env: z.string().regex(/^XIAOER_CHANNEL_[A-Z0-9_]{1,80}$/, 'the name of an environment variable starting with XIAOER_CHANNEL_ (the operator sets those aside for channel secrets)').describe('the variable holding the secret both directions are signed with'),
        })
        .optional()
        .describe('the generic signed webhook channel for bridges (docs/channels.md): messages POSTed in, replies POSTed to url'),
      product_url: z
        .url({ protocol: /^https?$/, error: 'expected the http(s) address of a product page, with {product} for its id' })
        .max(500)
        .refine((u) => u.includes('{product}') || u.includes('%7Bproduct%7D'), 'put {product} where the product id goes, e.g. https://shop.example.com/item/{product}')
        .optional()
        .describe("a product's page on the shop's site ({product} stands for its id): channels that show text only send it with a product's name, price and stock"),
    })
    .optional()
    .describe('channels besides the web widget (docs/channels.md)'),
  handoff: z
    .strictObject({
      on_sentiment: z.enum(['angry', 'negative', 'off']).default('angry'),
      after_fallbacks: z.number().int().min(0).max(20).default(2),
      vip: z.boolean().default(false),
      high_value: z.strictObject({ over: yuan, intents: z.array(z.string().min(1).max(64)).min(1).max(20).default(['price_promotion']) }).optional(),
      keywords: z.array(text(30)).max(100).default([]),
      message: text(500).optional(),
      closed_message: text(500).optional(),
      groups: z
        .array(z.strictObject({ id: slug, name: text(50), reasons: z.array(z.string().regex(/^[a-z0-9_:-]{1,64}$/, 'a handoff reason such as angry or complaint')).max(50).default([]) }))
        .max(50)
        .default([])
        .refine((gs) => new Set(gs.map((g) => g.id)).size === gs.length, 'group ids must be unique'),
      hours: hours.optional(),
      collect: z.array(z.strictObject({ entity: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'an entity type such as order_id'), ask: text(200), groups: z.array(slug).max(50).optional() })).max(10).optional(),
      auto_assign: z.boolean().default(false),
      agent_capacity: z.number().int().min(1).max(50).default(5),
    })
    .optional()
    .describe('when conversations go to a person besides flow handoff steps, and to which agent group'),
  llm: z
    .strictObject({
      enabled: z.boolean().default(true).describe('false: never ask a model for this shop, even when the node has a provider'),
      understand: z.boolean().default(true).describe('ask the model what a message the offline pipeline is unsure of means (as commands the SOPs and knowledge run)'),
      answer: z.boolean().default(true).describe('let the model write answers from the FAQ entries and product data it is given, checked by the guardrails'),
      agent_assist: z.boolean().default(true).describe('handoff summaries, suggested replies and tag suggestions in the agent workspace'),
      base_url: z.url({ protocol: /^https?$/, error: 'expected the http(s) base URL of an OpenAI-compatible API, such as https://api.deepseek.com/v1' }).max(500).optional().describe('used only when its host is on the node\'s XIAOER_LLM_ALLOWED_HOSTS'),
      model: z.string().trim().min(1).max(100).optional(),
      api_key_env: z.string().regex(/^XIAOER_LLM_KEY_[A-Z0-9_]{1,80}$/, 'the name of an environment variable starting with XIAOER_LLM_KEY_ (the operator sets those aside for shops\' model keys)').optional(),
      timeout_ms: z.number().int().min(200).max(60_000).optional(),
      daily_tokens: z.number().int().min(0).max(1_000_000_000).default(500_000).describe('tokens the shop may spend a day; over it, the offline answer'),
      per_minute: z.number().int().min(0).max(100_000).default(60).describe('model requests a minute for the shop'),
      allowed_commitments: z.array(text(50)).max(100).default([]).describe('phrases generated text may promise (包邮, 7天无理由退货); any other refund, compensation, discount or free-item wording is blocked'),
      send_personal_data: z.boolean().default(false).describe('send phone numbers, addresses and order ids to the provider unmasked'),
    })
    .optional()
    .describe('the optional LLM (docs/llm.md): which uses are on, the provider if not the node’s, budgets and allowed commitments'),
  cdp: z
    .strictObject({
      sinks: z
        .array(
          z.discriminatedUnion(
            'kind',
            [
              z.strictObject({
                id: slug,
                kind: z.literal('webhook'),
                url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(2000),
                secret_env: envName('the name of the environment variable holding the signing secret'),
              }),
              z.strictObject({
                id: slug,
                kind: z.literal('segment'),
                endpoint: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://api.segment.io' }).max(2000).optional(),
                write_key_env: envName('the name of the environment variable holding the Segment write key'),
              }),
            ],
            { error: 'expected webhook or segment' },
          ),
        )
        .max(20)
        .superRefine((sinks, ctx) => {
          // A sink id keys its deliveries: two sinks with one id would share (and lose) them.
          const seen = new Set<string>();
          sinks.forEach((s, i) => {
            if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `sink id "${s.id}" is used twice` });
            seen.add(s.id);
          });
        }),
    })
    .optional(),
});

const variantSchema = z.strictObject({
  sku: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, ".", "_" and "-"'),
  options: z.record(z.string().min(1).max(32), scalarText.pipe(z.string().min(1).max(64))).default({}),
  price: yuan.optional(),
  stock: z.number({ error: 'expected a whole number ≥ 0' }).int('expected a whole number ≥ 0').min(0, 'expected a whole number ≥ 0'),
});

const productSchema = z.strictObject({
  id: catalogId,
  name: text(100),
  aliases: z.array(text(50)).max(20).default([]),
  category: text(50),
  price: yuan.optional().describe('the list price; may be left out when every variant has its own'),
  description: z.string().max(2000).default(''),
  attributes: z.strictObject({
    material: text(200).optional(),
    standard: text(200).optional(),
    thickness: text(50).optional(),
    season: z.array(text(20)).optional(),
    suitable_for: z.array(text(50)).optional(),
    not_suitable_for: z.array(text(50)).optional(),
    care: text(500).optional(),
    origin: text(100).optional(),
    features: z.array(text(100)).optional(),
  }).default({}),
  facts: z
    .record(text(50), scalarText.pipe(z.string().min(1).max(1000)))
    .refine((f) => Object.keys(f).length <= 100, 'at most 100 facts')
    .optional()
    .describe("the shop's own attributes by the name it gives them (保质期, 功率, 孕妇可用…), answered by that name"),
  size_chart: z.array(z.record(z.string().min(1).max(32), scalarText)).max(100).default([]),
  variants: z.array(variantSchema).min(1, 'a product needs at least one variant').max(500),
}).refine((p) => p.price !== undefined || p.variants.every((v) => v.price !== undefined), { message: 'give the product a price, or every variant its own', path: ['price'] });

/** One catalog/*.yaml file: a list of products. */
export const catalogFileSchema = z.array(productSchema).max(100_000);

/** faq.yaml */
export const faqFileSchema = z
  .array(
    z.strictObject({
      id: catalogId,
      question: text(500),
      similar: z.array(text(500)).max(100).default([]),
      answer: text(4000),
      tags: z.array(text(30)).max(20).default([]),
    }),
  )
  .max(100_000);

const intentId = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'use lowercase letters, digits and "_" (at most 64)').refine((id) => id !== 'out_of_scope', 'out_of_scope is reserved for messages that match no intent');

/** intents.yaml (optional): the intents a shop's classifier learns and its custom entities. */
export const intentsFileSchema = z.strictObject({
  intents: z
    .array(
      z.strictObject({
        id: intentId,
        label: z.strictObject({ zh: text(50).optional(), en: text(50).optional() }).refine((l) => l.zh !== undefined || l.en !== undefined, 'give a zh or en label'),
        description: text(500).optional(),
        examples: z.array(scalarText.pipe(z.string().min(1, 'must not be empty').max(300, 'at most 300 characters'))).min(3, 'give at least 3 examples').max(5_000),
      }),
    )
    .max(500),
  entities: z
    .array(
      z.strictObject({
        type: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'use lowercase letters, digits and "_"'),
        values: z.array(z.strictObject({ value: text(50), synonyms: z.array(scalarText.pipe(z.string().min(1).max(50))).max(200).default([]) })).min(1).max(1_000),
      }),
    )
    .max(50)
    .default([]),
});

const tagId = text(30);
const tagLeaf = z.union([
  z.strictObject({ intent: intentId.or(z.literal('out_of_scope')), min_confidence: z.number().min(0).max(1).default(0.5) }).transform((c) => ({ intent: c.intent, minConfidence: c.min_confidence })),
  z.strictObject({ entity: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), value: scalarText.pipe(z.string().min(1).max(50)).optional() }).transform((c) => ({ entity: c.entity, ...(c.value !== undefined ? { value: c.value } : {}) })),
  z.strictObject({ keywords: z.array(scalarText.pipe(z.string().min(1).max(30))).min(1).max(100) }),
  z.strictObject({ step: z.string().regex(/^[a-z][a-z0-9_]*\/[a-z][a-z0-9_]*$/, 'expected "flow/step"') }),
]);

/** tags.yaml (optional): the tag taxonomy and the rules that set tags from conversations. */
export const tagsFileSchema = z.strictObject({
  groups: z.array(z.strictObject({ id: slug, label: z.strictObject({ zh: text(30).optional(), en: text(30).optional() }) })).min(1).max(50),
  tags: z
    .array(z.strictObject({ id: tagId, group: slug, expires_days: z.number().int().min(1).max(3650).optional() }).transform((t) => ({ id: t.id, group: t.group, ...(t.expires_days ? { expiresDays: t.expires_days } : {}) })))
    .max(2_000),
  rules: z
    .array(
      z.strictObject({
        id: slug,
        tag: tagId,
        when: z.union([tagLeaf, z.strictObject({ all: z.array(tagLeaf).min(1).max(20) }), z.strictObject({ any: z.array(tagLeaf).min(1).max(20) })]),
        confidence: z.number().min(0).max(1).default(1),
      }),
    )
    .max(5_000),
});

export type IntentsFile = z.infer<typeof intentsFileSchema>;
export type ShopFile = z.infer<typeof shopFileSchema>;
export type CatalogFile = z.infer<typeof catalogFileSchema>;
export type FaqFile = z.infer<typeof faqFileSchema>;

export { toMinor };
