// A message Xiaoer starts itself (a silent shopper's follow-up, an order's delivery): the flow's
// decision settled with its tools and concluded like any turn, so its replies, tags, preferences
// and events are what a shopper's turn would keep. Saved by the caller's recordTurn.
import { concludeTurn, type ConcludedTurn } from '../../core/conversation/conclude-turn.js';
import type { Decision } from '../../core/conversation/decision.js';
import type { TurnContext } from '../../core/conversation/flow-turn.js';
import type { KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import type { AppDeps } from '../deps.js';
import type { ConversationRecord } from '../ports.js';
import { settleTurn } from './settle-turn.js';
import { commerceOf } from '../commerce/commerce-drivers.js';

/**
 * The proactive turn to save. `trigger.id` names what started it (the idempotency key of its tool
 * writes, the events' message id); `replyTo` goes on its messages.
 */
export async function proactiveTurn(
  deps: AppDeps,
  conversation: ConversationRecord,
  kb: KnowledgeBase,
  first: Decision,
  ctx: TurnContext,
  trigger: { id: string; source: string; replyTo: string | null },
): Promise<ConcludedTurn> {
  const now = deps.clock.now();
  const scope = { conversationId: conversation.id, shopId: conversation.shopId, customerId: conversation.customerId, messageId: trigger.id, now };
  const decision = await settleTurn(commerceOf(deps.commerce, kb.release.bundle.shop), scope, kb, first, ctx);
  return concludeTurn({
    conversation,
    trigger: { kind: 'proactive', ...trigger },
    decision,
    ...(kb.release.bundle.tags ? { taxonomy: kb.release.bundle.tags } : {}),
    ...(ctx.customer?.preferences ? { profile: ctx.customer.preferences } : {}),
    now,
    newId: (prefix) => deps.ids.next(prefix),
  });
}
