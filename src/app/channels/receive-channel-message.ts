// Every channel's shopper messages in, the same way: a channel decodes what arrives into one
// channel-neutral inbound message (ports.ts ChannelInbound); it goes to the shopper's conversation on
// that channel (their newest, else a new one, on the product on screen when the shop has it) and is
// handled by the turn pipeline as a web message is, once per channel message id. What the AI and
// agents say back goes through the channel from the outbox (deliver-channel-events.ts).
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { ChannelInbound } from '../ports.js';
import type { KeyedLock } from '../conversations/keyed-lock.js';
import { checkMessageText, handleInboundMessage, type HandledMessage } from '../conversations/handle-inbound-message.js';
import { conversationOnChannel } from './channel-conversation.js';

/** What came of a channel's message: handled by the turn pipeline, or not answerable by it (media only). */
export type ReceivedChannelMessage = { kind: 'handled'; conversationId: string; handled: HandledMessage } | { kind: 'media_only' };

/**
 * Stores and answers the message; a resent message id is answered from storage and queues nothing
 * new. A message that can never be answered (blank, too large) throws its 4xx error and opens no
 * conversation; one that is only media is not handled (the AI reads no pictures yet).
 */
export async function receiveChannelMessage(deps: AppDeps & { lock: KeyedLock }, m: ChannelInbound): Promise<ReceivedChannelMessage> {
  if (m.text === undefined) return { kind: 'media_only' };
  checkMessageText(m.text, deps.maxMessageBytes);
  const c = await conversationOnChannel(deps, m.shopId, m.channel, m.channelUser, m.productId).catch((e: unknown) => {
    if (m.productId !== undefined && e instanceof XiaoerError && e.code === 'XIAOER_PRODUCT_NOT_FOUND') return conversationOnChannel(deps, m.shopId, m.channel, m.channelUser);
    throw e;
  });
  const handled = await handleInboundMessage(deps, { conversationId: c.id, text: m.text, clientMessageId: `${m.channel}:${m.messageId}` });
  return { kind: 'handled', conversationId: c.id, handled };
}
