// Test helper: loads the hand-computed outcomes data set (src/integration/analytics/
// outcomes.fixture.yaml, FIXTURE-FORMAT.md) into a store the way the running system fills it:
// conversations, messages, handoff events and ratings written as turns write them; orders sent
// through the real Shopify and order webhooks (signed, replays sent twice) and the CSV import.
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { importOrders, type OrdersImport } from '../app/orders/import-orders.js';
import type { MessageRecord, OutboxEvent } from '../app/ports.js';
import { readBundleDir } from '../adapters/bundle/read-bundle-dir.js';
import type { OpenedStore } from '../adapters/store/kysely-store.js';
import { initialState } from '../core/conversation/state.js';
import type { ReplyTrace } from '../core/conversation/trace.js';
import { buildServer } from '../server/build-server.js';
import { signature } from '../app/cdp/deliver-events.js';
import { appHarness } from './app-harness.js';

interface FixtureMessage { at: string; from: 'shopper' | 'ai' | 'handoff' | 'agent' | 'note'; text?: string; source?: string; rule?: string; flow?: { id: string; step: string }; products?: string[]; reason?: string; agent?: string }
interface FixtureOrder { id: string; via: 'shopify' | 'webhook' | 'csv'; customer: { id?: string; phone?: string; email?: string }; total: number; placed: string; paid?: string; cancelled?: string; products: string[]; refunds?: { id: string; amount: number; at: string }[]; replay?: boolean }

/** The data set as written. */
export interface OutcomesFixture {
  shop: string;
  now: string;
  range: { from: string; to: string };
  customers: { id: string; phone?: string; email?: string }[];
  conversations: { id: string; customer: string | null; started: string; rating?: number; messages: FixtureMessage[] }[];
  orders: FixtureOrder[];
  expected: Record<string, unknown>;
}

export const SHOPIFY_SECRET = 'shpss_test_secret_0123456789';
export const ORDER_SECRET = 'order-webhook-secret-0123456789';
const yuanText = (y: number) => y.toFixed(2);

/** Reads the data set. */
export async function readOutcomesFixture(): Promise<OutcomesFixture> {
  return parseYaml(await readFile(fileURLToPath(new URL('../integration/analytics/outcomes.fixture.yaml', import.meta.url)), 'utf8')) as OutcomesFixture;
}

/** Imports and publishes the fixture's shop into `store`, loads the data set; the deps run on the fixture's clock. */
export async function loadOutcomesFixture(store: OpenedStore, fixture: OutcomesFixture, secrets: Record<string, string> = {}) {
  const read = await readBundleDir(fileURLToPath(new URL(`../../shops/${fixture.shop}/`, import.meta.url)));
  if (!read.ok) throw new Error(read.errors.join('\n'));
  const h = await appHarness({ store, bundle: read.bundle, secrets: { XIAOER_SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET, XIAOER_ORDER_WEBHOOK_SECRET: ORDER_SECRET, ...secrets } });
  const deps = { ...h.deps, clock: { now: () => fixture.now } };
  const shopId = h.shopId;
  const kb = await deps.knowledge.get(h.releaseId);
  const skuOf = (productId: string) => kb.productsById.get(productId)?.variants[0]?.sku ?? productId;
  await deps.orders.seed(shopId, fixture.customers.map((c) => ({ id: c.id, shopId, name: c.id, phone: c.phone ?? '', ...(c.email ? { email: c.email } : {}), segment: 'regular' as const, tags: [] })), []);

  let n = 0;
  for (const c of fixture.conversations) {
    await deps.store.conversations.insert({ id: c.id, shopId, customerId: c.customer, releaseId: h.releaseId, state: initialState(), version: 0, createdAt: c.started, updatedAt: c.started });
    const messages: MessageRecord[] = [];
    const events: OutboxEvent[] = [];
    let lastIn: string | null = null;
    for (const m of c.messages) {
      const id = `${c.id}-m${++n}`;
      if (m.from === 'shopper') {
        messages.push({ id, conversationId: c.id, direction: 'in', text: m.text ?? '', clientMessageId: null, replyTo: null, trace: null, createdAt: m.at });
        lastIn = id;
        continue;
      }
      const trace: ReplyTrace =
        m.from === 'ai'
          ? { releaseId: h.releaseId, source: (m.source ?? 'faq') as ReplyTrace['source'], ...(m.rule ? { rule: m.rule } : {}), ...(m.flow ? { flow: { id: m.flow.id, step: m.flow.step, template: 'say', variant: 0, outcome: 'waiting' } } : {}), ...(m.products ? { productIds: m.products } : {}) }
          : m.from === 'handoff'
            ? { releaseId: h.releaseId, source: 'handoff', rule: m.reason ?? 'customer_request', handoff: { reason: m.reason ?? 'customer_request' } }
            : { releaseId: h.releaseId, source: m.from === 'agent' ? 'agent' : 'note', agentId: m.agent ?? 'a1' };
      messages.push({ id, conversationId: c.id, direction: m.from === 'note' ? 'note' : 'out', text: '…', clientMessageId: null, replyTo: m.from === 'ai' || m.from === 'handoff' ? lastIn : null, trace, createdAt: m.at });
      if (m.from === 'handoff') events.push({ id: `evt-${id}`, shopId, conversationId: c.id, createdAt: m.at, event: { type: 'handoff.requested', conversationId: c.id, messageId: lastIn ?? id, reason: m.reason ?? 'customer_request' } });
    }
    await deps.store.messages.insert(messages);
    await deps.store.outbox.append(events);
    if (c.rating !== undefined) await deps.outcomes.rate(shopId, c.id, c.rating, null, c.started);
  }

  const deliveries: { source: string; status: number; duplicate?: boolean }[] = [];
  const server = await buildServer(deps, { logLevel: 'silent' });
  try {
    const shopify = async (topic: string, webhookId: string, body: object) => {
      const raw = JSON.stringify(body);
      const hmac = createHmac('sha256', SHOPIFY_SECRET).update(raw).digest('base64');
      const r = await server.app.inject({ method: 'POST', url: `/api/v1/shops/${shopId}/webhooks/shopify`, headers: { 'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-hmac-sha256': hmac, 'x-shopify-webhook-id': webhookId }, payload: raw });
      deliveries.push({ source: 'shopify', status: r.statusCode, duplicate: r.json<{ duplicate?: boolean }>().duplicate });
    };
    const generic = async (deliveryId: string, body: object) => {
      const raw = JSON.stringify(body);
      const signed = signature(ORDER_SECRET, Math.floor(Date.parse(fixture.now) / 1000), raw);
      const r = await server.app.inject({ method: 'POST', url: `/api/v1/shops/${shopId}/webhooks/orders`, headers: { 'content-type': 'application/json', 'x-xiaoer-signature': signed, 'x-xiaoer-delivery-id': deliveryId }, payload: raw });
      deliveries.push({ source: 'webhook', status: r.statusCode, duplicate: r.json<{ duplicate?: boolean }>().duplicate });
    };
    const csvRows: string[] = ['order_id,customer_id,phone,email,total,placed_at,paid_at,cancelled_at,skus,refund_id,refund_amount,refund_at'];
    for (const o of fixture.orders) {
      for (let copy = 0; copy < (o.replay ? 2 : 1); copy++) {
        if (o.via === 'shopify') {
          const order = (extra: object) => ({ id: Number(o.id), created_at: o.placed, processed_at: o.placed, total_price: yuanText(o.total), currency: 'CNY', customer: Object.keys(o.customer).length ? o.customer : null, line_items: o.products.map((p, i) => ({ product_id: 7000 + i, sku: skuOf(p), quantity: 1 })), ...extra });
          await shopify('orders/create', `${o.id}-create`, order({ updated_at: o.placed, financial_status: 'pending' }));
          if (o.paid) await shopify('orders/paid', `${o.id}-paid`, order({ updated_at: o.paid, financial_status: 'paid' }));
          if (o.cancelled) await shopify('orders/cancelled', `${o.id}-cancelled`, order({ updated_at: o.cancelled, cancelled_at: o.cancelled, financial_status: 'refunded' }));
          for (const r of o.refunds ?? []) await shopify('refunds/create', `${o.id}-${r.id}`, { id: r.id, order_id: Number(o.id), created_at: r.at, transactions: [{ kind: 'refund', status: 'success', amount: yuanText(r.amount) }] });
        } else if (o.via === 'webhook') {
          await generic(`${o.id}-create`, { order_id: o.id, customer: o.customer, total: yuanText(o.total), placed_at: o.placed, items: o.products.map((p) => ({ sku: skuOf(p) })) });
          if (o.paid) await generic(`${o.id}-paid`, { order_id: o.id, paid_at: o.paid });
          if (o.cancelled) await generic(`${o.id}-cancelled`, { order_id: o.id, cancelled_at: o.cancelled });
          for (const r of o.refunds ?? []) await generic(`${o.id}-${r.id}`, { order_id: o.id, refund: { id: r.id, amount: yuanText(r.amount), at: r.at } });
        } else if (copy === 0) {
          for (const r of o.refunds?.length ? o.refunds : [undefined]) {
            csvRows.push([o.id, o.customer.id ?? '', o.customer.phone ?? '', o.customer.email ?? '', yuanText(o.total), o.placed, o.paid ?? '', o.cancelled ?? '', o.products.map(skuOf).join('|'), r?.id ?? '', r ? yuanText(r.amount) : '', r?.at ?? ''].join(','));
          }
        }
      }
    }
    const rows = parseCsv(csvRows.join('\n'), { columns: true }) as Record<string, string>[];
    const csv: OrdersImport[] = [await importOrders(deps, shopId, rows), await importOrders(deps, shopId, rows)];
    return { deps, shopId, releaseId: h.releaseId, deliveries, csv };
  } finally {
    await server.app.close();
  }
}
