// A sandbox worker thread's entry: one release in a throw-away in-memory database, serving tries
// (a conversation) and the shop's tests one request at a time, off the server's event loop.
// Nothing here reaches the real store, the CDP or the analytics: the outbox fills and is dropped
// with the worker.
import { parentPort } from 'node:worker_threads';
import { handleInboundMessage } from '../app/conversations/handle-inbound-message.js';
import { startConversation } from '../app/conversations/start-conversation.js';
import { EVAL_REFERENCE_TIME } from '../app/evaluation/run-eval.js';
import { XiaoerError } from '../app/errors.js';
import type { MessageRecord, SandboxSetup, SandboxTurn } from '../app/ports.js';
import { seedOrders } from '../app/shops/import-shop.js';
import type { ShopBundle } from '../core/catalog/types.js';
import { customerKeyOf } from '../core/customer/turn-tags.js';
import { transition } from '../core/conversation/ownership.js';
import { openStore } from '../adapters/store/kysely-store.js';
import { runShopTests } from './sandbox-tests.js';
import { wire } from './wire.js';
import type { SandboxAnswer, SandboxConversation, SandboxRequest } from './sandbox-messages.js';

type Deps = ReturnType<typeof wire>;

/** The opened release and what earlier requests left that the next one must not see. */
interface Sandbox {
  deps: Deps;
  shopId: string;
  /** Customer keys tags and preferences may have been learned for since the last reset. */
  touched: Set<string>;
}

/**
 * Every request runs at the evaluation reference time, as the shop's tests do, so a try and a
 * test of the same words (and the seed's order dates) behave alike.
 */
const referenceClock = { now: () => EVAL_REFERENCE_TIME };

let sandbox: Sandbox | undefined;

/** Stores the release as the shop's current one and loads it, so a bad image fails here. */
async function open(req: Extract<SandboxRequest, { kind: 'open' }>): Promise<Sandbox> {
  // The release was compiled from a validated bundle and stored by us: its shape is trusted,
  // only its identity is checked.
  const release = JSON.parse(new TextDecoder().decode(req.json)) as { id?: unknown; shopId?: unknown; bundle?: ShopBundle };
  const { shopId, bundle } = release;
  if (release.id !== req.releaseId || typeof shopId !== 'string' || !bundle) throw new Error(`the bytes given are not release ${req.releaseId}`);
  const store = await openStore({ kind: 'sqlite', file: ':memory:' });
  const deps: Deps = { ...wire(store, req.maxMessageBytes), clock: referenceClock };
  const now = referenceClock.now();
  await store.shops.put(bundle, now);
  await store.releases.putJson({ id: req.releaseId, shopId }, req.json, now);
  await store.releases.putImage(req.releaseId, req.image, now);
  await store.transaction((tx) => tx.shops.setCurrentRelease(shopId, req.releaseId));
  await deps.knowledge.get(req.releaseId);
  return { deps, shopId, touched: new Set() };
}

/**
 * Puts the seed's customers and orders back (none when the setup has no seed), forgets the tags
 * and preferences earlier requests taught, and closes the conversations they handed to people
 * (a handoff is told its place in the queue), so every try and every test case starts alike.
 */
async function reset(s: Sandbox, setup: SandboxSetup, customerId: string | undefined): Promise<void> {
  const { store } = s.deps;
  await seedOrders(s.deps, s.shopId, setup.seed ?? { customers: [], orders: [] });
  for (const owner of ['queued', 'agent'] as const) {
    for (const c of await store.conversations.listByOwner(s.shopId, owner)) {
      const closed = transition(c.ownership, { kind: 'close' }, referenceClock.now());
      if (closed.ok) await store.conversations.setOwnership(c.id, closed.ownership);
    }
  }
  for (const key of s.touched) {
    await store.customers.deleteTags(s.shopId, key);
    await store.customers.deletePreferences(s.shopId, key);
  }
  s.touched.clear();
  if (customerId !== undefined) s.touched.add(customerId);
}

/** Every reply of a turn carries its trace; the greeting's says `smalltalk/welcome`. */
const turnReplies = (messages: MessageRecord[]): SandboxTurn['replies'] => messages.flatMap((m) => (m.trace ? [{ text: m.text, trace: m.trace }] : []));

/**
 * One conversation on fresh seed data. The first turn is the opening (user ''), with the greeting,
 * so the console shows the chat as a shopper sees it; then one turn per message.
 */
async function converse(s: Sandbox, setup: SandboxSetup, c: SandboxConversation): Promise<SandboxTurn[]> {
  await reset(s, setup, c.customerId);
  const conv = await startConversation(s.deps, { shopId: s.shopId, ...(c.productId !== undefined ? { pageProductId: c.productId } : {}), ...(c.customerId !== undefined ? { customerId: c.customerId } : {}) });
  const turns: SandboxTurn[] = [{ user: '', replies: turnReplies([conv.greeting]) }];
  for (const [i, text] of c.messages.entries()) {
    const handled = await handleInboundMessage(s.deps, { conversationId: conv.id, text, clientMessageId: `try-${i}` });
    turns.push({ user: text, replies: turnReplies(handled.replies) });
  }
  // A customer identified during the conversation holds tags too.
  const saved = await s.deps.store.conversations.get(conv.id);
  if (saved) s.touched.add(customerKeyOf(saved));
  return turns;
}

async function handle(req: SandboxRequest): Promise<SandboxAnswer> {
  try {
    if (req.kind === 'open') {
      if (sandbox) throw new Error('this sandbox worker holds a release already');
      sandbox = await open(req);
      return { id: req.id, ok: true, result: null };
    }
    const s = sandbox;
    if (!s) throw new Error('the sandbox worker has no release yet');
    if (req.kind === 'converse') return { id: req.id, ok: true, result: await converse(s, req.setup, req.conversation) };
    const result = await runShopTests(s.deps, s.shopId, req.tests, (c) => reset(s, req.setup, c.customer));
    return { id: req.id, ok: true, result };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { id: req.id, ok: false, message, ...(err instanceof XiaoerError ? { code: err.code } : {}) };
  }
}

// One request at a time, in arrival order: requests share the one database and its seed.
let line: Promise<void> = Promise.resolve();
parentPort?.on('message', (req: SandboxRequest) => {
  line = line.then(async () => parentPort?.postMessage(await handle(req)));
});
