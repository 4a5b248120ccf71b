// The shopper's rating of a conversation (CSAT 1–5), asked once by the widget at the end: stored
// once, with a conversation.rated event for the shop's CDP and analytics.
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { OutcomeSource } from '../ports.js';
import { outboxEvent } from './turn-context.js';

/** Rates a conversation; a second rating is refused (XIAOER_ALREADY_RATED). */
export async function rateConversation(deps: Pick<AppDeps, 'store' | 'clock' | 'ids'> & { outcomes: OutcomeSource }, conversationId: string, score: number, comment: string | null): Promise<void> {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new XiaoerError('XIAOER_INVALID_RATING', 'a rating is a whole number from 1 to 5');
  const conversation = await deps.store.conversations.get(conversationId);
  if (!conversation) throw new XiaoerError('XIAOER_CONVERSATION_NOT_FOUND', `conversation ${conversationId} does not exist`);
  const now = deps.clock.now();
  if (!(await deps.outcomes.rate(conversation.shopId, conversationId, score, comment, now))) throw new XiaoerError('XIAOER_ALREADY_RATED', 'this conversation was rated already');
  await deps.store.outbox.append([outboxEvent(deps, conversation.shopId, now, { type: 'conversation.rated', conversationId, score })]);
}
