// A conversation's transcript, oldest first.
import { XiaoerError } from '../errors.js';
import type { AppDeps } from '../deps.js';
import type { MessageRecord } from '../ports.js';

/** Returns up to `limit` newest messages of the conversation, oldest first. */
export async function listMessages(deps: Pick<AppDeps, 'store'>, conversationId: string, limit = 200): Promise<MessageRecord[]> {
  const conversation = await deps.store.conversations.get(conversationId);
  if (!conversation) throw new XiaoerError('XIAOER_CONVERSATION_NOT_FOUND', `conversation ${conversationId} does not exist`);
  // Staff notes are internal: never part of what the shopper's channels read.
  return (await deps.store.messages.list(conversationId, limit)).filter((m) => m.direction !== 'note');
}
