// A second, small data set for the admin console's experiments, top intents and handoff reasons:
// a copy of the demo shop as `demo-ab`, whose shop.yaml runs three experiments on its sales flow,
// with conversations whose replies record the arms and what each shopper message was understood
// as, handed-off visitors, and paid orders imported into the order ledger. The expected figures
// (EXPECTED_AB below) are counted by hand from the table in `loadExperimentsShop`.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundleDir } from '../src/adapters/bundle/read-bundle-dir.js';
import type { MessageRecord, OutboxEvent } from '../src/app/ports.js';
import { importOrders } from '../src/app/orders/import-orders.js';
import { importShop } from '../src/app/shops/import-shop.js';
import { publishShop } from '../src/app/shops/publish-shop.js';
import { initialState } from '../src/core/conversation/state.js';
import type { ReplyTrace, TraceUnderstanding } from '../src/core/conversation/trace.js';
import type { loadOutcomesFixture } from '../src/testing/outcomes-fixture.js';

type Deps = Awaited<ReturnType<typeof loadOutcomesFixture>>['deps'];

export const AB_SHOP = 'demo-ab';
export const AB_RANGE = { from: '2026-12-01', to: '2026-12-10' };

/** The experiments added to the demo shop's shop.yaml (flow `sales` and its steps exist in its sops/). */
const EXPERIMENTS_YAML = `
experiments:
  - { id: closing_script, flow: sales, step: closing, arms: [{ id: A, share: 50 }, { id: B, share: 50 }] }
  - { id: sales_lift, flow: sales, holdout: 10 }
  - { id: coupon_offer, flow: sales, step: offer_coupon, arms: [{ id: control, share: 50 }, { id: coupon, share: 50 }] }
`;

/**
 * One conversation: its customer (null: a visitor), the arms its replies recorded, the intent each
 * shopper message was understood as (one reply each; `twice`: the message got two replies), a
 * handoff and whether the customer paid an order an hour after the first message.
 */
interface Spec {
  id: string;
  customer: string | null;
  arms?: Record<string, string>;
  intents?: (string | null)[];
  twice?: boolean;
  handoff?: string;
  paid?: boolean;
}

/**
 * The small set, counted by hand:
 * - closing_script: A = s1 s2 s3 (s1 paid) → 3 exposed, 1 converted; B = s4 s5 s6 (s4, s5 paid) → 3, 2.
 * - sales_lift: treatment = s1…s6 → 6 exposed, 3 converted; holdout = s7 s8 → 2, 0; lift 0.5 − 0 = 0.5.
 * - intents, one per answered shopper message: shipping_time s1 s2 s4 s5 s8 (answered twice, once) = 5;
 *   size_advice s1 s3 s6 = 3; price_promotion s4 s7 = 2; s7's out_of_scope is left out.
 * - handoffs: v1 angry, v2 cancel_failed (a flow's own reason, shown as its id); ties in code-point order.
 */
const SMALL: Spec[] = [
  { id: 's1', customer: 'ab01', arms: { closing_script: 'A', sales_lift: 'treatment' }, intents: ['shipping_time', 'size_advice'], paid: true },
  { id: 's2', customer: 'ab02', arms: { closing_script: 'A', sales_lift: 'treatment' }, intents: ['shipping_time'] },
  { id: 's3', customer: 'ab03', arms: { closing_script: 'A', sales_lift: 'treatment' }, intents: ['size_advice'] },
  { id: 's4', customer: 'ab04', arms: { closing_script: 'B', sales_lift: 'treatment' }, intents: ['shipping_time', 'price_promotion'], paid: true },
  { id: 's5', customer: 'ab05', arms: { closing_script: 'B', sales_lift: 'treatment' }, intents: ['shipping_time'], paid: true },
  { id: 's6', customer: 'ab06', arms: { closing_script: 'B', sales_lift: 'treatment' }, intents: ['size_advice'] },
  { id: 's7', customer: 'ab07', arms: { sales_lift: 'holdout' }, intents: ['price_promotion', 'out_of_scope'] },
  { id: 's8', customer: 'ab08', arms: { sales_lift: 'holdout' }, intents: ['shipping_time'], twice: true },
  { id: 'v1', customer: null, handoff: 'angry' },
  { id: 'v2', customer: null, handoff: 'cancel_failed' },
];

/** coupon_offer, big enough to be read: control 100 exposed, the first 30 paid; coupon 100, the first 45. */
const BIG: Spec[] = (['control', 'coupon'] as const).flatMap((arm, a) =>
  Array.from({ length: 100 }, (_, i) => ({ id: `${arm}-${i}`, customer: `bg${a}${String(i).padStart(3, '0')}`, arms: { coupon_offer: arm }, paid: i < (arm === 'control' ? 30 : 45) })),
);

/** What the console must show for `demo-ab` over AB_RANGE (docs/analytics.md), worked out above. */
export const EXPECTED_AB = {
  handoff_reasons: [
    { reason: 'angry', count: 1 },
    { reason: 'cancel_failed', count: 1 },
  ],
  top_intents: [
    { intent: 'shipping_time', count: 5 },
    { intent: 'size_advice', count: 3 },
    { intent: 'price_promotion', count: 2 },
  ],
  // Rates k/n to four decimals; intervals: the 95% Wilson interval (z = 1.96) of k in n, worked
  // out once by hand (p̂ = k/n, centre (p̂ + z²/2n)/(1 + z²/n), half-width
  // z·√(p̂(1−p̂)/n + z²/4n²)/(1 + z²/n)), to four decimals; shown as percentages with one decimal.
  experiments: [
    {
      id: 'closing_script',
      flow: 'sales',
      kind: 'arms',
      arms: [
        { arm: 'A', conversations: 3, converted: 1, rate: '33.3%', interval: '6.2%–79.2%' }, // [0.0615, 0.7923]
        { arm: 'B', conversations: 3, converted: 2, rate: '66.7%', interval: '20.8%–93.9%' }, // [0.2077, 0.9385]
      ],
      lift: null,
      too_few: true,
    },
    {
      id: 'sales_lift',
      flow: 'sales',
      kind: 'holdout',
      arms: [
        { arm: 'treatment', conversations: 6, converted: 3, rate: '50.0%', interval: '18.8%–81.2%' }, // [0.1876, 0.8124]
        { arm: 'holdout', conversations: 2, converted: 0, rate: '0.0%', interval: '0.0%–65.8%' }, // [0, 0.6576]
      ],
      lift: '+50.0', // 0.5 − 0
      too_few: true,
    },
    {
      id: 'coupon_offer',
      flow: 'sales',
      kind: 'arms',
      arms: [
        { arm: 'control', conversations: 100, converted: 30, rate: '30.0%', interval: '21.9%–39.6%' }, // [0.2189, 0.3959]
        { arm: 'coupon', conversations: 100, converted: 45, rate: '45.0%', interval: '35.6%–54.8%' }, // [0.3561, 0.5476]
      ],
      lift: null,
      too_few: false,
    },
  ],
} as const;

const understood = (intent: string): TraceUnderstanding => ({ intent, confidence: 0.9, alternatives: [], entities: [], sentiment: 'neutral', sentimentScore: 0, sentimentCues: [] });

/** Imports and publishes `demo-ab` into the store behind `deps` and loads the conversations and orders. */
export async function loadExperimentsShop(deps: Deps): Promise<void> {
  // The demo shop's bundle as a shop owner would write it, with the experiments in its shop.yaml.
  const dir = await mkdtemp(join(tmpdir(), 'xiaoer-demo-ab-'));
  try {
    await cp(fileURLToPath(new URL('../shops/demo-zh/', import.meta.url)), dir, { recursive: true });
    const shopYaml = await readFile(join(dir, 'shop.yaml'), 'utf8');
    await writeFile(join(dir, 'shop.yaml'), shopYaml.replace(/^id: demo-zh$/m, `id: ${AB_SHOP}`) + EXPERIMENTS_YAML);
    const read = await readBundleDir(dir);
    if (!read.ok) throw new Error(read.errors.join('\n'));
    await importShop(deps, read.bundle);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const { releaseId } = await publishShop(deps, AB_SHOP);

  const specs = [...SMALL, ...BIG];
  const customers = specs.flatMap((s) => (s.customer ? [s.customer] : []));
  await deps.orders.seed(AB_SHOP, customers.map((id, i) => ({ id, shopId: AB_SHOP, name: id, phone: `1390001${String(i).padStart(4, '0')}`, segment: 'regular' as const, tags: [] })), []);

  const orderRows: Record<string, string>[] = [];
  for (const [i, s] of specs.entries()) {
    // One conversation every 40 minutes from 2026-12-02 00:00 UTC: all inside AB_RANGE.
    const start = Date.parse('2026-12-02T00:00:00.000Z') + i * 40 * 60_000;
    const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
    await deps.store.conversations.insert({ id: `ab-${s.id}`, shopId: AB_SHOP, customerId: s.customer, releaseId, state: initialState(), version: 0, createdAt: at(0), updatedAt: at(0) });
    const messages: MessageRecord[] = [];
    const events: OutboxEvent[] = [];
    const message = (n: number, direction: 'in' | 'out', t: number, trace: ReplyTrace | null, replyTo: string | null) =>
      messages.push({ id: `ab-${s.id}-m${n}`, conversationId: `ab-${s.id}`, direction, text: direction === 'in' ? '请问…' : '…', clientMessageId: null, replyTo, trace, createdAt: at(t) });
    const reply = (intent: string | null): ReplyTrace => ({
      releaseId,
      source: 'flow',
      flow: { id: 'sales', step: 'closing', template: 'closing', variant: 0, outcome: 'waiting' },
      ...(intent ? { understanding: understood(intent) } : {}),
      ...(s.arms ? { experiments: s.arms } : {}),
    });
    if (s.handoff) {
      message(1, 'in', 2, null, null);
      message(2, 'out', 3, { releaseId, source: 'handoff', rule: s.handoff, handoff: { reason: s.handoff } }, `ab-${s.id}-m1`);
      events.push({ id: `evt-ab-${s.id}`, shopId: AB_SHOP, conversationId: `ab-${s.id}`, createdAt: at(3), event: { type: 'handoff.requested', conversationId: `ab-${s.id}`, messageId: `ab-${s.id}-m1`, reason: s.handoff } });
    } else {
      let n = 0;
      for (const [k, intent] of (s.intents ?? [null]).entries()) {
        const asked = `ab-${s.id}-m${++n}`;
        message(n, 'in', 2 + k * 60, null, null);
        message(++n, 'out', 3 + k * 60, reply(intent), asked);
        if (s.twice) message(++n, 'out', 4 + k * 60, reply(intent), asked);
      }
    }
    await deps.store.messages.insert(messages);
    if (events.length) await deps.store.outbox.append(events);
    if (s.paid && s.customer) orderRows.push({ order_id: `ab-${s.id}`, customer_id: s.customer, total: '99.00', placed_at: at(3600), paid_at: at(3600) });
  }
  const imported = await importOrders(deps, AB_SHOP, orderRows);
  if (imported.errors.length || imported.applied !== orderRows.length) throw new Error(`orders import: ${JSON.stringify(imported)}`);
}
