// A channel's shopper keeps one conversation per shop: their newest on that channel, else a new one.
import type { AppDeps } from '../deps.js';
import type { MessageRecord } from '../ports.js';
import { startConversation } from '../conversations/start-conversation.js';

/** The shopper's conversation on `channel`; `greeting` is set when it was just started. */
export async function conversationOnChannel(deps: AppDeps, shopId: string, channel: string, channelUser: string, pageProductId?: string): Promise<{ id: string; greeting: MessageRecord | undefined }> {
  const found = await deps.store.conversations.findByChannelUser(shopId, channel, channelUser);
  if (found) return { id: found.id, greeting: undefined };
  const started = await startConversation(deps, { shopId, channel, channelUser, ...(pageProductId !== undefined ? { pageProductId } : {}) });
  return { id: started.id, greeting: started.greeting };
}
