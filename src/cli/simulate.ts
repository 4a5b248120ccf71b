// The SOP simulator: a shop bundle running on a throw-away in-memory database with its seed
// orders, so flows can be tried and checked without touching live data.
import { handleInboundMessage, type HandledMessage } from '../app/conversations/handle-inbound-message.js';
import type { EvalCase } from '../app/evaluation/eval-case.js';
import { runEval, type EvalReport } from '../app/evaluation/run-eval.js';
import { startConversation } from '../app/conversations/start-conversation.js';
import { importShop, seedOrders } from '../app/shops/import-shop.js';
import { publishShop } from '../app/shops/publish-shop.js';
import type { ShopSeed } from '../app/shops/seed-schema.js';
import type { ShopBundle } from '../core/catalog/types.js';
import type { RetailDb } from '../core/retail/types.js';
import type { ReplyTrace } from '../core/conversation/trace.js';
import { openStore } from '../adapters/store/kysely-store.js';
import { wire } from '../server/wire.js';

/** A running simulation: one shop, fresh conversations on demand. */
export interface Simulation {
  deps: ReturnType<typeof wire>;
  shopId: string;
  /** Starts a conversation (as a signed-in customer when given). */
  open(customerId?: string): Promise<(text: string) => Promise<HandledMessage>>;
  /** Runs conversation fixtures, each on freshly seeded orders, and scores them. */
  check(cases: EvalCase[]): Promise<EvalReport>;
  close(): Promise<void>;
}

/** Imports and publishes the bundle into a new in-memory database. */
export async function createSimulation(bundle: ShopBundle, seed: ShopSeed | undefined, retail?: RetailDb): Promise<Simulation> {
  const store = await openStore({ kind: 'sqlite', file: ':memory:' });
  const deps = wire(store, 1_000_000);
  await importShop(deps, bundle, seed, retail);
  await publishShop(deps, bundle.shop.id);
  let n = 0;
  return {
    deps,
    shopId: bundle.shop.id,
    async open(customerId) {
      const c = await startConversation(deps, { shopId: bundle.shop.id, ...(customerId ? { customerId } : {}) });
      return (text) => handleInboundMessage(deps, { conversationId: c.id, text, clientMessageId: `sim-${++n}` });
    },
    // Every conversation starts from the seed: a cancelled order in one does not leak into the next.
    check: (cases) =>
      runEval(deps, bundle.shop.id, cases, async () => {
        if (seed) await seedOrders(deps, bundle.shop.id, seed);
        if (retail) await deps.retail.load(bundle.shop.id, retail);
      }),
    close: () => store.close(),
  };
}

/** One line saying where a reply came from: flow/step/template, or the knowledge source. */
export function describeTrace(t: ReplyTrace | null): string {
  if (!t) return '';
  const parts: string[] = [];
  if (t.flow) parts.push(`flow ${t.flow.id}/${t.flow.step}${t.flow.template ? ` template ${t.flow.template}#${t.flow.variant}` : ''} (${t.flow.outcome})`);
  else parts.push(`${t.source}${t.faqId ? ` ${t.faqId}` : ''}${t.productId ? ` ${t.productId}` : ''}${t.rule ? ` ${t.rule}` : ''}`);
  const u = t.understanding;
  if (u) {
    parts.push(`intent ${u.intent ?? '-'} ${u.confidence}`);
    if (u.entities.length) parts.push(`entities ${u.entities.map((e) => `${e.type}=${typeof e.value === 'object' ? JSON.stringify(e.value) : e.value}`).join(' ')}`);
    if (u.sentiment !== 'neutral') parts.push(`sentiment ${u.sentiment}`);
  }
  if (t.tools?.length) parts.push(`tools ${t.tools.map((c) => `${c.tool}(${Object.entries(c.args).map(([k, v]) => `${k}=${v}`).join(', ')})`).join(' ')}`);
  if (t.handoff) parts.push(`handoff ${t.handoff.reason}`);
  parts.push(t.releaseId);
  return parts.join(' · ');
}
