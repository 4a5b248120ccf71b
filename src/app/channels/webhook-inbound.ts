// The generic signed webhook channel in: a bridge's shopper message (already verified by the route)
// decoded into the channel-neutral inbound message, and answered as every channel's is.
import type { ChannelInbound } from '../ports.js';

/** The channel name conversations from bridges are stored under. */
export const WEBHOOK_CHANNEL = 'webhook';

/** What a bridge sends: the shopper's id and the message's on its platform, the words, the product on screen. */
export interface WebhookInbound {
  user: string;
  message_id: string;
  text: string;
  product?: string | undefined;
}

/** The bridge's message as every channel's. */
export function webhookInbound(shopId: string, m: WebhookInbound): ChannelInbound {
  return { shopId, channel: WEBHOOK_CHANNEL, channelUser: m.user, messageId: m.message_id, text: m.text, ...(m.product !== undefined ? { productId: m.product } : {}) };
}
