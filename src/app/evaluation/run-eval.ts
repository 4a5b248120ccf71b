// Runs evaluation cases through the real use cases (start a conversation, send each turn) and
// scores each expected field. A turn's outcome is read from the reply and its trace only.
import type { ReplyTrace } from '../../core/conversation/trace.js';
import { handleInboundMessage } from '../conversations/handle-inbound-message.js';
import type { KeyedLock } from '../conversations/keyed-lock.js';
import { startConversation } from '../conversations/start-conversation.js';
import type { AppDeps } from '../deps.js';
import type { EvalCase, Expect } from './eval-case.js';

/** One field of one turn that did not match. */
export interface EvalFailure {
  case: string;
  turn: number;
  field: string;
  user: string;
  expected: unknown;
  got: unknown;
  reply: string;
}

/** Totals: accuracy per scored field (0..1), and every failure. */
export interface EvalReport {
  cases: number;
  turns: number;
  metrics: Record<string, number>;
  counts: Record<string, { correct: number; total: number }>;
  failures: EvalFailure[];
}

interface TurnOutcome {
  text: string;
  traces: ReplyTrace[];
}

type Scorer = (expect: Expect, got: TurnOutcome) => { ok: boolean; expected: unknown; got: unknown } | undefined;

function faqOf(o: TurnOutcome): string | null {
  return o.traces.find((t) => t.source === 'faq')?.faqId ?? null;
}

function productsOf(o: TurnOutcome): string[] {
  return o.traces.flatMap((t) => [t.productId, ...(t.skus ?? [])].filter((x): x is string => typeof x === 'string'));
}

/** Scorers by field name; each later issue adds its own. */
const SCORERS: Record<string, Scorer> = {
  faq: (e, o) => (e.faq === undefined ? undefined : { ok: faqOf(o) === e.faq, expected: e.faq, got: faqOf(o) }),
  product: (e, o) => (e.product === undefined ? undefined : { ok: productsOf(o).includes(e.product), expected: e.product, got: o.traces.map((t) => t.productId ?? t.source) }),
  answer_contains: (e, o) => {
    if (!e.answer_contains) return undefined;
    const missing = e.answer_contains.filter((s) => !o.text.includes(s));
    return { ok: missing.length === 0, expected: e.answer_contains, got: missing.length ? `missing: ${missing.join(', ')}` : 'all present' };
  },
};

/** Runs every case in a fresh conversation on the shop's current release. */
export async function runEval(deps: AppDeps & { lock: KeyedLock }, shopId: string, cases: EvalCase[]): Promise<EvalReport> {
  const counts: Record<string, { correct: number; total: number }> = {};
  const failures: EvalFailure[] = [];
  let turns = 0;
  for (const c of cases) {
    const conv = await startConversation(deps, { shopId, ...(c.page ? { pageProductId: c.page } : {}) });
    for (const [i, turn] of c.turns.entries()) {
      turns++;
      const r = await handleInboundMessage(deps, { conversationId: conv.id, text: turn.user, clientMessageId: `eval-${i}` });
      const outcome: TurnOutcome = { text: r.replies.map((m) => m.text).join('\n'), traces: r.replies.flatMap((m) => (m.trace ? [m.trace] : [])) };
      for (const [field, scorer] of Object.entries(SCORERS)) {
        const s = scorer(turn.expect, outcome);
        if (!s) continue;
        const n = (counts[field] ??= { correct: 0, total: 0 });
        n.total++;
        if (s.ok) n.correct++;
        else failures.push({ case: c.id, turn: i + 1, field, user: turn.user, expected: s.expected, got: s.got, reply: outcome.text });
      }
    }
  }
  const metrics = Object.fromEntries(Object.entries(counts).map(([f, n]) => [`${f}_accuracy`, n.total ? Math.round((n.correct / n.total) * 10000) / 10000 : 0]));
  return { cases: cases.length, turns, metrics, counts, failures };
}
