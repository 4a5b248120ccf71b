// HTTP and Socket.IO payloads of the agent workspace API (staff accounts, queue, takeover), shared
// by the server and web/agent. Every route is under /api/v1/agent and needs a session cookie.
import { z } from 'zod';

const id = z.string().min(1).max(128).regex(/^[\w.:-]+$/, 'use letters, digits, "_", ".", ":" and "-"');

/** POST /api/v1/auth/login → 200 staffSchema and a session cookie (xiaoer_session, HttpOnly, SameSite=Strict). */
export const loginBody = z.strictObject({
  shop: z.string().min(1).max(64),
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

/** Who is signed in: GET /api/v1/auth/me. */
export const staffSchema = z.object({
  id: z.string(),
  shop: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['admin', 'agent']),
  groups: z.array(z.string()),
});

/** Who owns a conversation: the AI, the queue, an agent, or nobody any more. */
export const ownerSchema = z.enum(['ai', 'queued', 'agent', 'closed']);

/** A conversation as lists show it. */
export const conversationSummarySchema = z.object({
  id: z.string(),
  customerKey: z.string(),
  customerName: z.string().nullable(),
  /**
   * The channel the shopper writes through: `web` (the widget or the REST API), `wecom` (WeCom 微信客服),
   * `webhook` (a signed webhook channel); a client shows any other value as it is.
   */
  channel: z.string().describe('web | wecom | webhook (others as they come)'),
  owner: ownerSchema,
  agentId: z.string().nullable(),
  group: z.string().nullable(),
  /** Why it was handed to a person (explicit_request, angry, consecutive_fallbacks, sop:complaint, vip, keyword…). */
  reason: z.string().nullable(),
  priority: z.number(),
  /** When it entered the queue (queued), or was taken (agent). */
  since: z.string(),
  updatedAt: z.string(),
  lastMessage: z.object({ text: z.string(), author: z.enum(['shopper', 'ai', 'agent']), createdAt: z.string() }).nullable(),
});

/** GET /api/v1/agent/queue (the shop's queued conversations, highest priority then longest wait first) and GET /api/v1/agent/conversations (mine). */
export const conversationListSchema = z.object({ conversations: z.array(conversationSummarySchema) });

/** A message in the workspace: who wrote it, and for the AI's replies the trace. Notes are internal, never shown to the shopper. */
export const workspaceMessageSchema = z.object({
  id: z.string(),
  author: z.enum(['shopper', 'ai', 'agent', 'note']),
  agentId: z.string().nullable(),
  text: z.string(),
  trace: z.object({ releaseId: z.string(), source: z.string() }).catchall(z.unknown()).nullable(),
  createdAt: z.string(),
});

/** An order of the customer, newest first where listed: its items as "name ×qty". */
const purchaseSchema = z.object({ orderId: z.string(), status: z.string(), items: z.array(z.string()), totalMinor: z.number(), placedAt: z.string() });

/** GET /api/v1/agent/conversations/:id */
export const conversationDetailSchema = z.object({
  conversation: conversationSummarySchema,
  messages: z.array(workspaceMessageSchema),
  customer: z.object({
    key: z.string(),
    name: z.string().nullable(),
    segment: z.string().nullable(),
    tags: z.array(z.object({ tag: z.string(), group: z.string(), rule: z.string(), confidence: z.number(), messageId: z.string(), setAt: z.string() })),
    preferences: z.array(z.object({ name: z.string(), value: z.string(), source: z.string(), messageId: z.string().nullable(), setAt: z.string() })),
    orders: z.array(purchaseSchema),
    /** What the AI made of the conversation so far (from the replies' traces). */
    summary: z.string().nullable(),
  }),
});

/** POST /api/v1/agent/conversations/:id/messages (the agent writes to the shopper; only the owning agent). */
export const agentMessageBody = z.strictObject({ text: z.string().min(1).max(4000), clientMessageId: id.max(64) });

/** POST /api/v1/agent/conversations/:id/notes (internal). */
export const noteBody = z.strictObject({ text: z.string().min(1).max(4000) });

/** POST /api/v1/agent/conversations/:id/transfer: to an agent of the shop, or back to the queue of a group. */
export const transferBody = z.union([z.strictObject({ agentId: id.max(64) }), z.strictObject({ group: id.max(64) })]);

/** GET /api/v1/agent/conversations/:id/suggestions: replies from the knowledge base and the SOP templates for the shopper's last message. */
export const suggestionsSchema = z.object({
  suggestions: z.array(z.object({ id: z.string(), kind: z.enum(['faq', 'product', 'template']), title: z.string(), text: z.string(), score: z.number() })),
});

/**
 * POST /api/v1/agent/conversations/:id/assist: the shop's model summarises the conversation and
 * suggests replies and tags (shop.yaml llm.agent_assist). A reply with `ok: false` broke a
 * guardrail (its violations say how) and is shown as a warning, never offered for sending; every
 * tag quotes the shopper message that justifies it. `available: false` says why there is no help:
 * off (no provider, or the use switched off), budget, rate_limit, circuit_open, timeout,
 * rate_limited, server_error, refused, cut, network, malformed.
 */
export const assistSchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    summary: z.string(),
    replies: z.array(z.object({ text: z.string(), sources: z.array(z.string()), ok: z.boolean(), violations: z.array(z.object({ kind: z.string(), text: z.string(), detail: z.string().optional() })) })),
    tags: z.array(z.object({ tag: z.string(), label: z.string(), messageId: z.string(), quote: z.string() })),
    /** Suggestions the checks dropped (a tag not in the taxonomy, a quote not in its message) or over the limits. */
    dropped: z.object({ replies: z.number().int(), tags: z.number().int() }),
    model: z.string(),
    tokens: z.number().int(),
    ms: z.number(),
  }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);
export type AgentAssist = z.infer<typeof assistSchema>;

export const agentConversationParams = z.strictObject({ id: z.string().min(1).max(64) });

/**
 * Socket.IO namespace /agent (the session cookie authenticates the connection; each socket joins its
 * shop's room). Server → client events:
 * - `queue:changed` { conversation: conversationSummary } whenever a conversation's owner changes;
 * - `message:new` { conversationId, messages: workspaceMessage[] } for every message of a
 *   conversation the agent may see (shopper, AI, agent, note).
 */
export const queueChangedEvent = z.object({ conversation: conversationSummarySchema });
export const agentMessageEvent = z.object({ conversationId: z.string(), messages: z.array(workspaceMessageSchema) });

export type Staff = z.infer<typeof staffSchema>;
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;
export type WorkspaceMessage = z.infer<typeof workspaceMessageSchema>;

/** GET /api/v1/agent/customers/:key (a customer id, or visitor:<conversation id>) and PATCH …/preferences. */
export const customerParams = z.strictObject({ key: z.string().min(1).max(200).regex(/^[\w.:-]+$/) });
export const customerProfileSchema = z.object({
  key: z.string(),
  customer: z.object({ id: z.string(), name: z.string(), segment: z.string(), tags: z.array(z.string()) }).nullable(),
  preferences: z.array(z.object({ name: z.string(), value: z.string(), confidence: z.number(), source: z.string(), conversationId: z.string().nullable(), messageId: z.string().nullable(), setAt: z.string() })),
  tags: z.array(z.object({ tag: z.string(), group: z.string(), rule: z.string(), confidence: z.number(), conversationId: z.string(), messageId: z.string(), setAt: z.string(), expiresAt: z.string().nullable() })),
  purchases: z.array(purchaseSchema),
  lastConversation: z.object({ id: z.string(), at: z.string(), summary: z.string() }).nullable(),
});
/** Sets preferences by hand: name → value (size, height, weight, skin_type, budget, color, category, audience). */
export const editPreferencesBody = z.strictObject({ preferences: z.record(z.string().max(64), z.string().max(200)) });

/** GET /api/v1/agent/cdp/dead (admins): the shop's CDP dead-letter list; POST /api/v1/agent/cdp/redrive sends it again. */
export const deadLettersSchema = z.object({
  deliveries: z.array(z.object({ sinkId: z.string(), eventId: z.string(), type: z.string(), customerKey: z.string(), attempts: z.number(), deadAt: z.string().nullable(), lastError: z.string().nullable() })),
});
export const redriveSchema = z.object({ redriven: z.number().int() });
