// The shopper asks for a person with a button (the widget's 转人工), not a sentence the AI has to
// understand: the conversation goes to the queue by the shop's handoff rules (its group, hours,
// the closed message, the details to collect) exactly as the human_agent flow would send it, and
// the shopper is told their place in line. Asking again while queued or with an agent changes nothing.
import { applyHandoff, handoffSettings, requestedHandoff } from '../../core/conversation/handoff.js';
import { concludeTurn } from '../../core/conversation/conclude-turn.js';
import { AI_OWNED, type Ownership } from '../../core/conversation/ownership.js';
import { commerceOf } from '../commerce/commerce-drivers.js';
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { MessageRecord } from '../ports.js';
import { withQueuePosition } from './handle-inbound-message.js';
import type { KeyedLock } from './keyed-lock.js';
import { recordTurn, type TurnRun } from './record-turn.js';
import { turnContext } from './turn-context.js';

/** What the request did: the words said (none when nothing changed) and who owns the conversation now. */
export interface RequestedHandoff {
  shopId: string;
  replies: MessageRecord[];
  ownership: Ownership;
  ownershipChanged: boolean;
}

/** The reason a shopper's own request is routed by (shop.yaml handoff groups may name it). */
export const CUSTOMER_REQUEST = 'customer_request';

/** Hands the conversation to a person because the shopper asked; idempotent while it is queued or with an agent. */
export async function requestHandoff(deps: AppDeps & { lock: KeyedLock }, conversationId: string): Promise<RequestedHandoff> {
  return recordTurn(deps, conversationId, async (conversation): Promise<TurnRun<RequestedHandoff>> => {
    if (!conversation) throw new XiaoerError('XIAOER_CONVERSATION_NOT_FOUND', `conversation ${conversationId} does not exist`);
    const shopId = conversation.shopId;
    const now = deps.clock.now();
    // A closed conversation is the AI's again when the shopper comes back, and then goes to a person.
    const reopened = conversation.ownership.owner === 'closed';
    const before = reopened ? AI_OWNED(now) : conversation.ownership;
    if (before.owner !== 'ai') return { done: { shopId, replies: [], ownership: before, ownershipChanged: false } };
    const kb = await deps.knowledge.get(conversation.releaseId);
    const shop = kb.release.bundle.shop;
    const ctx = await turnContext(deps, commerceOf(deps.commerce, shop), shopId, conversation.customerId, conversation.state.authenticated);
    const state = { ...conversation.state };
    if (reopened) delete state.handoff;
    const focus = state.focusProductId ? kb.productsById.get(state.focusProductId) : undefined;
    const valueMinor = focus ? Math.max(...focus.variants.map((v) => v.priceMinor)) : 0;
    const first = requestedHandoff(state, shop, kb.release.id, CUSTOMER_REQUEST, now);
    const applied = applyHandoff(handoffSettings(shop), first, '', ctx, before, now, valueMinor);
    const decision = applied.handoff?.open ? await withQueuePosition(deps, shopId, conversation.id, applied.ownership, applied.decision, shop.language) : applied.decision;
    const concluded = concludeTurn({
      conversation,
      trigger: { kind: 'proactive', id: deps.ids.next('hnd'), replyTo: null, source: 'handoff_request' },
      decision,
      ownership: applied.ownership,
      ...(applied.handoff ? { handoff: applied.handoff } : {}),
      now,
      newId: (prefix) => deps.ids.next(prefix),
    });
    const moved = concluded.ownership !== undefined;
    return { save: concluded, result: { shopId, replies: concluded.messages, ownership: concluded.ownership ?? before, ownershipChanged: moved } };
  });
}
