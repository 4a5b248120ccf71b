// A customer's personal data on request (PIPL): everything Xiaoer holds about them as one JSON
// document, and its erasure — tags, preferences, the words of their conversations and what those remembered —
// announced to the CDP sinks so they erase theirs.
import type { AppDeps } from '../deps.js';
import type { ConversationRecord, CustomerPreferenceRecord, CustomerTagRecord, MessageRecord, OutboxEvent, OutcomeSource } from '../ports.js';
import { foldBeforeErasing } from '../analytics/outcome-ledger.js';
import { outboxEvent } from '../conversations/turn-context.js';
import type { Customer, Order } from '../../core/commerce/order.js';

/** All a customer's data. */
export interface CustomerExport {
  shopId: string;
  customerKey: string;
  exportedAt: string;
  profile: Customer | null;
  orders: Order[];
  tags: CustomerTagRecord[];
  preferences: CustomerPreferenceRecord[];
  conversations: { id: string; createdAt: string; messages: Pick<MessageRecord, 'id' | 'direction' | 'text' | 'createdAt'>[]; events: OutboxEvent[] }[];
}

const ALL_TIME = '0000-01-01T00:00:00.000Z';
const MAX_MESSAGES = 100_000;

/** The conversations a key stands for: a customer's, or the one of `visitor:<conversation id>`. */
async function conversationsOf(deps: Pick<AppDeps, 'store'>, shopId: string, customerKey: string): Promise<ConversationRecord[]> {
  if (!customerKey.startsWith('visitor:')) return deps.store.conversations.listOfCustomer(shopId, customerKey);
  const c = await deps.store.conversations.get(customerKey.slice('visitor:'.length));
  return c && c.shopId === shopId && c.customerId === null ? [c] : [];
}

/** Everything held about the customer (or visitor), expired tags included. */
export async function exportCustomerData(deps: Pick<AppDeps, 'store' | 'orders' | 'clock'>, shopId: string, customerKey: string): Promise<CustomerExport> {
  const visitor = customerKey.startsWith('visitor:');
  const conversations = await conversationsOf(deps, shopId, customerKey);
  return {
    shopId,
    customerKey,
    exportedAt: deps.clock.now(),
    profile: visitor ? null : ((await deps.orders.getCustomer(shopId, customerKey)) ?? null),
    orders: visitor ? [] : await deps.orders.listOrders(shopId, customerKey),
    tags: await deps.store.customers.listTags(shopId, customerKey, ALL_TIME),
    preferences: await deps.store.customers.listPreferences(shopId, customerKey),
    conversations: await Promise.all(
      conversations.map(async (c) => ({
        id: c.id,
        createdAt: c.createdAt,
        messages: (await deps.store.messages.list(c.id, MAX_MESSAGES)).map((m) => ({ id: m.id, direction: m.direction, text: m.text, createdAt: m.createdAt })),
        events: await deps.store.outbox.list(c.id),
      })),
    ),
  };
}

/**
 * Erases the customer's tags, preferences and the words of their conversations, in one transaction with the
 * customer.erased event, then the profile in the order backend (orders stay: commercial records).
 */
export async function eraseCustomerData(deps: Pick<AppDeps, 'store' | 'clock' | 'ids' | 'orders'> & { outcomes?: OutcomeSource }, shopId: string, customerKey: string): Promise<{ tags: number; conversations: number; profile: boolean }> {
  const now = deps.clock.now();
  const conversations = await conversationsOf(deps, shopId, customerKey);
  // The outcome ledger keeps the conversations' facts, without the shopper's words.
  const ledger = await foldBeforeErasing(deps, conversations.map((c) => c.id));
  const erased = await deps.store.transaction(async (tx) => {
    const tags = await tx.customers.deleteTags(shopId, customerKey);
    await tx.customers.deletePreferences(shopId, customerKey);
    for (const c of conversations) await tx.conversations.eraseText(c.id, now);
    await tx.outbox.append([outboxEvent(deps, shopId, now, { type: 'customer.erased', conversationId: null, customerKey, conversations: conversations.length })]);
    return { tags, conversations: conversations.length };
  });
  await ledger.keep(now);
  const profile = customerKey.startsWith('visitor:') ? false : await deps.orders.eraseCustomer(shopId, customerKey);
  return { ...erased, profile };
}
