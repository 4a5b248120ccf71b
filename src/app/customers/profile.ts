// A customer's profile as the shop sees it: who they are (order backend), what they prefer (with
// provenance), their tags (with evidence), what they bought, and a summary of their last
// conversation. Preferences can be edited; an edit is provenance too ("edit") and is streamed.
import { isPreferenceName, PREFERENCE_NAMES } from '../../core/customer/preferences.js';
import { summarizeConversation } from '../../core/customer/summary.js';
import { calendarDay } from '../../core/understanding/understand.js';
import { formatDate } from '../../core/understanding/entities.js';
import type { Customer } from '../../core/commerce/order.js';
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { CustomerPreferenceRecord, CustomerTagRecord } from '../ports.js';
import { outboxEvent } from '../conversations/turn-context.js';
import { preferencesEvent } from '../../core/customer/turn-preferences.js';

export interface CustomerProfile {
  shopId: string;
  customerKey: string;
  customer: Customer | null;
  preferences: CustomerPreferenceRecord[];
  tags: CustomerTagRecord[];
  purchases: { orderId: string; placedAt: string; status: string; items: string[]; totalMinor: number }[];
  lastConversation: { id: string; at: string; summary: string } | null;
}

/** Messages of the last conversation read for its summary. */
const SUMMARY_MESSAGES = 500;

/** The profile of a customer (or `visitor:<conversation id>`). */
export async function customerProfile(deps: Pick<AppDeps, 'store' | 'orders' | 'knowledge' | 'clock'>, shopId: string, customerKey: string): Promise<CustomerProfile> {
  const shop = await deps.store.shops.get(shopId);
  if (!shop) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `no shop ${shopId}`);
  const visitor = customerKey.startsWith('visitor:');
  const [customer, preferences, tags, orders] = await Promise.all([
    visitor ? undefined : deps.orders.getCustomer(shopId, customerKey),
    deps.store.customers.listPreferences(shopId, customerKey),
    deps.store.customers.listTags(shopId, customerKey, deps.clock.now()),
    visitor ? [] : deps.orders.listOrders(shopId, customerKey),
  ]);
  const conversations = visitor ? [await deps.store.conversations.get(customerKey.slice('visitor:'.length))].filter((c) => c?.shopId === shopId) : await deps.store.conversations.listOfCustomer(shopId, customerKey);
  const last = conversations.filter((c) => c !== undefined).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  let lastConversation: CustomerProfile['lastConversation'] = null;
  if (last) {
    const kb = await deps.knowledge.get(last.releaseId);
    const traces = (await deps.store.messages.list(last.id, SUMMARY_MESSAGES)).flatMap((m) => (m.direction === 'out' && m.trace ? [m.trace] : []));
    const day = calendarDay(new Date(last.updatedAt), kb.release.bundle.shop.businessHours.timezone);
    const date = formatDate(day.year, day.month, day.day);
    const names = {
      flow: (id: string) => { const f = kb.sops.flows.get(id); return f ? (f.name.zh ?? f.name.en) : undefined; },
      faq: (id: string) => kb.faqById.get(id)?.question,
      product: (id: string) => kb.productsById.get(id)?.name,
    };
    lastConversation = { id: last.id, at: last.updatedAt, summary: summarizeConversation(date, traces, names, kb.release.bundle.shop.language) };
  }
  return {
    shopId,
    customerKey,
    customer: customer ?? null,
    preferences,
    tags,
    purchases: [...orders]
      .sort((a, b) => b.placedAt.localeCompare(a.placedAt))
      .map((o) => ({ orderId: o.id, placedAt: o.placedAt, status: o.status, items: o.items.map((i) => `${i.name} ×${i.qty}`), totalMinor: o.totalMinor })),
    lastConversation,
  };
}

/** Sets preferences by hand (a shop's staff, the customer's own settings); streamed like learned ones. */
/**
 * Whether the shop knows this customer: a visitor whose conversation is the shop's, or a customer id
 * the order system knows or a conversation of the shop was identified as.
 */
export async function customerExists(deps: Pick<AppDeps, 'store' | 'orders'>, shopId: string, customerKey: string): Promise<boolean> {
  if (customerKey.startsWith('visitor:')) return (await deps.store.conversations.get(customerKey.slice('visitor:'.length)))?.shopId === shopId;
  if (await deps.orders.getCustomer(shopId, customerKey)) return true;
  return (await deps.store.conversations.listOfCustomer(shopId, customerKey)).length > 0;
}

export async function editPreferences(deps: Pick<AppDeps, 'store' | 'clock' | 'ids' | 'orders'>, shopId: string, customerKey: string, values: Readonly<Record<string, string>>): Promise<CustomerPreferenceRecord[]> {
  if (!(await deps.store.shops.get(shopId))) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `no shop ${shopId}`);
  const problems = Object.entries(values).flatMap(([name, value]) => [
    ...(isPreferenceName(name) ? [] : [`${name}: not a preference (one of ${PREFERENCE_NAMES.join(', ')})`]),
    ...(value.trim() === '' || [...value].length > 50 ? [`${name}: the value must be 1 to 50 characters`] : []),
  ]);
  if (problems.length || Object.keys(values).length === 0) throw new XiaoerError('XIAOER_INVALID_PREFERENCE', problems[0] ?? 'no preference given', problems);
  if (!(await customerExists(deps, shopId, customerKey))) throw new XiaoerError('XIAOER_CUSTOMER_NOT_FOUND', `no customer ${customerKey} in shop ${shopId}`);
  const now = deps.clock.now();
  const records: CustomerPreferenceRecord[] = Object.entries(values).map(([name, value]) => ({ shopId, customerKey, name, value: value.trim(), confidence: 1, source: 'edit', conversationId: null, messageId: null, setAt: now }));
  await deps.store.transaction(async (tx) => {
    await tx.customers.upsertPreferences(records);
    await tx.outbox.append([outboxEvent(deps, shopId, now, preferencesEvent(null, customerKey, records))]);
  });
  return records;
}
