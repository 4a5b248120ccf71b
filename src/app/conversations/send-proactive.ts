// A message Xiaoer starts itself (a silent shopper's follow-up, an order's delivery): the flow's
// decision settled with its tools, saved with its replies and reply.sent events in one transaction
// under the conversation's version check.
import type { Decision } from '../../core/conversation/decision.js';
import type { TurnContext } from '../../core/conversation/flow-turn.js';
import type { KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import type { AppDeps } from '../deps.js';
import type { ConversationRecord, MessageRecord, OutboxEvent } from '../ports.js';
import { settleTurn } from './settle-turn.js';
import { outboxEvent, replyRecords } from './turn-context.js';

/**
 * Settles and saves; the replies sent, or undefined when the conversation moved on meanwhile.
 * `triggerId` names what started it (the idempotency key of its tool writes, and the events' replyTo).
 */
export async function sendProactive(
  deps: AppDeps,
  conversation: ConversationRecord,
  kb: KnowledgeBase,
  first: Decision,
  ctx: TurnContext,
  trigger: { id: string; source: string; replyTo: string | null },
): Promise<MessageRecord[] | undefined> {
  const now = deps.clock.now();
  const decision = await settleTurn(deps, { conversationId: conversation.id, shopId: conversation.shopId, customerId: conversation.customerId, messageId: trigger.id }, kb, first, ctx);
  const out = replyRecords(deps, conversation.id, decision, trigger.replyTo, now);
  const events: OutboxEvent[] = out.map((m) => outboxEvent(deps, conversation.shopId, now, { type: 'reply.sent', conversationId: conversation.id, messageId: m.id, replyTo: trigger.id, source: trigger.source }));
  const saved = await deps.store.transaction(async (tx) => {
    if (!(await tx.conversations.saveState(conversation.id, decision.state, conversation.version, now))) return false;
    await tx.messages.insert(out);
    await tx.outbox.append(events);
    return true;
  });
  return saved ? out : undefined;
}
