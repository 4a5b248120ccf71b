// What every turn needs besides the message: who the shopper is, and how its events are written.
import type { TurnContext } from '../../core/conversation/flow-turn.js';
import type { ConversationState } from '../../core/conversation/state.js';
import type { DomainEvent } from '../../core/events.js';
import type { AppDeps } from '../deps.js';
import type { OutboxEvent } from '../ports.js';

/** Who the shopper is: the signed-in customer as the order backend knows them, else the user the conversation authenticated as. */
export async function turnContext(deps: Pick<AppDeps, 'orders'>, shopId: string, customerId: string | null, authenticated: ConversationState['authenticated']): Promise<TurnContext> {
  const c = customerId ? await deps.orders.getCustomer(shopId, customerId) : undefined;
  if (c) return { customer: { id: c.id, name: c.name, segment: c.segment, tags: c.tags } };
  return authenticated ? { customer: { id: authenticated.customerId, name: authenticated.name, segment: 'regular', tags: [] } } : {};
}

/** A domain event as an outbox row. */
export function outboxEvent(deps: Pick<AppDeps, 'ids'>, shopId: string, createdAt: string, e: DomainEvent): OutboxEvent {
  return { id: deps.ids.next('evt'), shopId, conversationId: e.conversationId, event: e, createdAt };
}
