// What every turn needs besides the message: who the shopper is, and how its events are written.
import type { TurnContext } from '../../core/conversation/flow-turn.js';
import type { ConversationState } from '../../core/conversation/state.js';
import type { DomainEvent } from '../../core/events.js';
import type { AppDeps } from '../deps.js';
import type { Commerce, OutboxEvent } from '../ports.js';

/** Orders whose goods the customer has received: what "上次买的" refers to. */
const RECEIVED: ReadonlySet<string> = new Set(['delivered', 'return_requested', 'exchange_requested']);

/**
 * Who the shopper is: the signed-in customer as the shop's order system knows them (with their
 * stored preferences and purchases), else the customer the conversation proved to be.
 */
export async function turnContext(deps: Pick<AppDeps, 'store'>, commerce: Commerce, shopId: string, customerId: string | null, authenticated: ConversationState['authenticated']): Promise<TurnContext> {
  const c = customerId ? await commerce.getCustomer(shopId, customerId) : undefined;
  if (!c) return authenticated ? authenticatedContext(authenticated) : {};
  const [prefs, orders] = await Promise.all([deps.store.customers.listPreferences(shopId, c.id), commerce.listOrders(shopId, c.id)]);
  const last = orders.filter((o) => RECEIVED.has(o.status)).sort((a, b) => b.placedAt.localeCompare(a.placedAt))[0];
  return {
    customer: {
      id: c.id,
      name: c.name,
      segment: c.segment,
      tags: c.tags,
      preferences: Object.fromEntries(prefs.map((p) => [p.name, p.value])),
      orders: orders.length,
      ...(last?.items[0] ? { lastPurchase: last.items[0].name } : {}),
    },
  };
}

/** The turn context of a customer the conversation proved to be without a profile of theirs: no segment or tags of their own. */
export function authenticatedContext(authenticated: NonNullable<ConversationState['authenticated']>): TurnContext {
  return { customer: { id: authenticated.customerId, name: authenticated.name, segment: 'regular', tags: [] } };
}

/** A domain event as an outbox row. */
export function outboxEvent(deps: Pick<AppDeps, 'ids'>, shopId: string, createdAt: string, e: DomainEvent): OutboxEvent {
  return { id: deps.ids.next('evt'), shopId, conversationId: e.conversationId, event: e, createdAt };
}
