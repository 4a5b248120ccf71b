// HTTP and Socket.IO payloads of the conversation API, shared by the server and the web apps.
import { z } from 'zod';

const id = z.string().min(1).max(128).regex(/^[\w.:-]+$/, 'use letters, digits, "_", ".", ":" and "-"');

/** POST /api/v1/conversations */
export const createConversationBody = z.strictObject({
  shop: z.string().min(1).max(64).describe('shop id, e.g. demo-zh'),
  customer: z.strictObject({ id: id.describe("the shop's customer id (trusted only for shops without `identity` in shop.yaml)") }).optional(),
  identity: z.strictObject({ token: z.string().min(16).max(4096).describe("a JWT (HS256) from the shop's site: sub = customer id, aud = shop id, exp") }).optional(),
  page: z.strictObject({ productId: z.string().min(1).max(64) }).optional().describe('the product page the chat is opened on'),
});

/** POST /api/v1/conversations/:id/identify */
export const identifyBody = z.strictObject({ token: z.string().min(16).max(4096) });
export const identifyResponse = z.object({ conversationId: z.string(), customerId: z.string(), mergedTags: z.number().int() });

/** A reply's trace: which FAQ entry, catalog fields or rule produced it, with scores. */
export const traceSchema = z
  .object({
    releaseId: z.string(),
    source: z.string(),
  })
  .catchall(z.unknown());

/** A message of a conversation. */
export const messageSchema = z.object({
  id: z.string(),
  direction: z.enum(['in', 'out']),
  text: z.string(),
  clientMessageId: z.string().nullable(),
  replyTo: z.string().nullable(),
  trace: traceSchema.nullable(),
  createdAt: z.string(),
});

export const createConversationResponse = z.object({
  id: z.string(),
  token: z.string().describe('the shopper’s credential for this conversation: send it as `Authorization: Bearer <token>` (HTTP) or `token` (Socket.IO); shown only here'),
  shop: z.string(),
  releaseId: z.string(),
  greeting: messageSchema,
});

/** POST /api/v1/conversations/:id/messages */
export const postMessageBody = z.strictObject({
  text: z.string().describe('the shopper’s message; at most XIAOER_MAX_MESSAGE_BYTES bytes (default 4096)'),
  clientMessageId: id.describe('unique per message from this client; resending it returns the first result'),
  page: z.strictObject({ productId: z.string().min(1).max(64) }).optional(),
});

export const replySchema = z.object({ id: z.string(), text: z.string(), trace: traceSchema });

export const postMessageResponse = z.object({
  message: messageSchema,
  replies: z.array(replySchema),
  duplicate: z.boolean(),
  queued: z
    .object({ position: z.number().int().min(1), notice: z.string() })
    .optional()
    .describe('202: the node is busy; the message is stored and will be answered (pushed over Socket.IO, and in the transcript)'),
});

export const conversationParams = z.strictObject({ id: z.string().min(1).max(64) });

/** Over Socket.IO a shopper shows the conversation's access token, or the signed-in customer's identity token. */
const socketCredential = {
  token: z.string().min(1).max(256).optional().describe('the access token `conversation:start` returned'),
  identity: z.strictObject({ token: z.string().min(16).max(4096) }).optional().describe("or the identity token of the customer the conversation belongs to"),
};

/** Socket.IO `conversation:resume` */
export const resumeConversationBody = z.strictObject({ id: conversationParams.shape.id, ...socketCredential });

/** Socket.IO `message:send` */
export const sendMessageBody = postMessageBody.extend({ conversationId: conversationParams.shape.id, ...socketCredential });

export const listMessagesResponse = z.object({ messages: z.array(messageSchema) });

/** Every error response. */
export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.string()).optional(), retryAfterSeconds: z.number().int().optional().describe('429 and 503: seconds until a retry can succeed (also the Retry-After header)') }),
});

/** Socket.IO acknowledgement: the same payloads as HTTP, or the same error body. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: z.infer<typeof errorResponse>['error'] };

export type CreateConversationBody = z.infer<typeof createConversationBody>;
export type CreateConversationResponse = z.infer<typeof createConversationResponse>;
export type PostMessageBody = z.infer<typeof postMessageBody>;
export type PostMessageResponse = z.infer<typeof postMessageResponse>;
export type MessageDto = z.infer<typeof messageSchema>;

/** POST /api/v1/conversations/:id/rating */
export const ratingBody = z.strictObject({
  score: z.number().int().min(1).max(5).describe('1 (very unhappy) to 5 (very happy)'),
  comment: z.string().trim().max(500).optional(),
});
export const ratingResponse = z.object({ ok: z.literal(true) });

/** POST /api/v1/conversations/:id/handoff: the shopper's 转人工 button. */
export const handoffResponse = z.object({
  owner: z.enum(['ai', 'queued', 'agent', 'closed']).describe('who has the conversation now: queued for a person, or already with one'),
  changed: z.boolean().describe('false when it was already queued or with a person (nothing was said again)'),
  replies: z.array(replySchema).describe('what the shopper is told: the handoff words and their place in line, or the closed-hours message'),
});
export type HandoffResponse = z.infer<typeof handoffResponse>;
