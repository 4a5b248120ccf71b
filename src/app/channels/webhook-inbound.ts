// The generic signed webhook channel in: a bridge's shopper message (already verified by the route)
// becomes an inbound message of the shopper's conversation on the `webhook` channel, answered by the
// same turn pipeline as the web; the answer goes back to the bridge from the outbox.
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { KeyedLock } from '../conversations/keyed-lock.js';
import { checkMessageText, handleInboundMessage, type HandledMessage } from '../conversations/handle-inbound-message.js';
import { conversationOnChannel } from './channel-conversation.js';

/** The channel name conversations from bridges are stored under. */
export const WEBHOOK_CHANNEL = 'webhook';

/** What a bridge sends: the shopper's id and the message's on its platform, the words, the product on screen. */
export interface WebhookInbound {
  user: string;
  message_id: string;
  text: string;
  product?: string | undefined;
}

/** Stores and answers the message; a resent message id is answered from storage and queues nothing new. */
export async function receiveWebhookMessage(deps: AppDeps & { lock: KeyedLock }, shopId: string, m: WebhookInbound): Promise<{ handled: HandledMessage; response: { conversation_id: string; message_id: string; duplicate: boolean; replies: number } }> {
  // A message that can never be answered opens no conversation.
  checkMessageText(m.text, deps.maxMessageBytes);
  // The platform's product id is a hint: one the shop does not have (delisted, another shop's) opens the conversation without it.
  const c = await conversationOnChannel(deps, shopId, WEBHOOK_CHANNEL, m.user, m.product).catch((e: unknown) => {
    if (e instanceof XiaoerError && e.code === 'XIAOER_PRODUCT_NOT_FOUND') return conversationOnChannel(deps, shopId, WEBHOOK_CHANNEL, m.user);
    throw e;
  });
  const handled = await handleInboundMessage(deps, { conversationId: c.id, text: m.text, clientMessageId: `webhook:${m.message_id}` });
  return { handled, response: { conversation_id: c.id, message_id: handled.message.id, duplicate: handled.duplicate, replies: handled.duplicate ? 0 : handled.replies.length } };
}
