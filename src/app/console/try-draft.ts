// Trying the draft before publishing: one sentence against the draft and the live release side by
// side, or a whole conversation against the draft, in a sandbox (a throw-away database in a
// worker), so nothing a shopper, an agent, the analytics or the CDP sees is touched.
import type { SandboxTurn } from '../ports.js';
import type { ConsoleDeps } from './console-deps.js';
import { compileDraft, compiledBytes, sandboxSetup, storedBytes } from './draft-release.js';

/** One reply and what produced it. */
export interface TriedReply {
  text: string;
  intent: string | null;
  confidence: number | null;
  entities: { type: string; value: string }[];
  faq: string | null;
  flow: string | null;
  source: string;
  /** The whole trace (ReplyTrace) as plain data. */
  trace: Record<string, unknown>;
}

/** A reply with the parts of its trace the console shows first. */
export function triedReply(r: SandboxTurn['replies'][number]): TriedReply {
  const u = r.trace.understanding;
  const flow = r.trace.flow;
  return {
    text: r.text,
    intent: u?.intent ?? null,
    // A shop without intents has no intent to be confident in.
    confidence: u && u.intent !== null ? u.confidence : null,
    entities: (u?.entities ?? []).map((e) => ({ type: e.type, value: typeof e.value === 'object' ? JSON.stringify(e.value) : String(e.value) })),
    faq: r.trace.faqId ?? null,
    flow: flow ? `${flow.id}/${flow.step} (${flow.template})` : null,
    source: r.trace.source,
    trace: Object.fromEntries(Object.entries(r.trace)),
  };
}

type Deps = Pick<ConsoleDeps, 'store' | 'clock' | 'compiler' | 'sandbox'>;

/** The sentence answered by the draft and by the live release (null when the shop has none). */
export async function tryText(deps: Deps, shopId: string, text: string, productId?: string) {
  const draft = (await compileDraft(deps, shopId)).release;
  const setup = await sandboxSetup(deps, shopId);
  const conversation = { messages: [text], ...(productId ? { productId } : {}) };
  const answer = (turns: SandboxTurn[]) => (turns.at(-1)?.replies ?? []).map(triedReply);
  const live = (await deps.store.shops.get(shopId))?.currentReleaseId ?? null;
  const [d, l] = await Promise.all([
    deps.sandbox.converse(draft.id, compiledBytes(draft), setup, conversation),
    live ? deps.sandbox.converse(live, storedBytes(deps, live), setup, conversation) : Promise.resolve(null),
  ]);
  return { draft: { releaseId: draft.id, replies: answer(d) }, live: live && l ? { releaseId: live, replies: answer(l) } : null };
}

/** A whole conversation (the shopper's messages so far) answered by the draft, turn by turn (the greeting first, with user ''). */
export async function simulateDraft(deps: Deps, shopId: string, messages: string[], options: { productId?: string; customerId?: string }) {
  const draft = (await compileDraft(deps, shopId)).release;
  const turns = await deps.sandbox.converse(draft.id, compiledBytes(draft), await sandboxSetup(deps, shopId), { messages, ...options });
  return { releaseId: draft.id, turns: turns.map((t) => ({ user: t.user, replies: t.replies.map(triedReply) })) };
}
