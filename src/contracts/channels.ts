// The generic signed webhook channel (docs/channels.md): what a bridge POSTs for a shopper's message
// and what it gets back. Replies are not in the response: they are POSTed to the shop's
// channels.webhook.url from the outbox, as agents' messages are later.
import { z } from 'zod';

/** The bridge's id for the shopper, and for the message (resending the same id changes nothing). */
const channelId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const webhookChannelMessage = z.strictObject({
  user: channelId.describe("the shopper's id on the bridge's platform (the same shopper keeps one conversation)"),
  message_id: channelId.describe("the platform's id of this message: a resend with the same id is answered once"),
  text: z.string().min(1).max(8000).describe("the shopper's words"),
  product: z.string().min(1).max(64).optional().describe('the product the shopper is looking at, when the platform knows it: a new conversation starts on it (an id the shop does not have is ignored)'),
});

export const webhookChannelResponse = z.object({
  conversation_id: z.string(),
  message_id: z.string().describe('our id of the stored message'),
  duplicate: z.boolean().describe('true when this message id was received before: nothing new is sent'),
  replies: z.number().int().describe('how many replies were queued for the bridge'),
});

export type WebhookChannelMessage = z.infer<typeof webhookChannelMessage>;
export type WebhookChannelResponse = z.infer<typeof webhookChannelResponse>;
