// Runs evaluation cases through the real use cases (start a conversation, send each turn) and
// scores each expected field. A turn's outcome is read from the reply and its trace only.
import type { ReplyTrace, TraceUnderstanding } from '../../core/conversation/trace.js';
import { handleInboundMessage } from '../conversations/handle-inbound-message.js';
import type { KeyedLock } from '../conversations/keyed-lock.js';
import { startConversation } from '../conversations/start-conversation.js';
import type { AppDeps } from '../deps.js';
import type { EvalCase, Expect, UserSim } from './eval-case.js';
import { toolSetOf } from '../../core/commerce/backends.js';
import type { ToolArgs } from '../../core/sop/tools.js';
import { customerKeyOf } from '../../core/customer/turn-tags.js';

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
  /** Accuracy per field (`<field>_accuracy`), plus entity_precision, entity_recall and entity_f1. */
  metrics: Record<string, number>;
  counts: Record<string, { correct: number; total: number }>;
  failures: EvalFailure[];
  /** Per case: every tool call made, the conversation, and whether its write actions matched. */
  details: CaseDetail[];
}

/** What one case's conversation did. */
export interface CaseDetail {
  id: string;
  calls: { tool: string; args: ToolArgs }[];
  transcript: { user: string; bot: string }[];
  writeActionsOk?: boolean;
}

/** The rule-based shopper of a `user_sim` case, talking until a stop condition. */
async function simulateUser(sim: UserSim, send: (text: string, i: number) => Promise<TurnOutcome>): Promise<void> {
  let text: string | undefined = sim.opening;
  for (let i = 0; text !== undefined && i < sim.max_turns; i++) {
    const o = await send(text, i);
    if (o.traces.some((t) => t.handoff)) return;
    const said: string = o.text;
    text = sim.rules.find((r) => new RegExp(r.when, 'iu').test(said))?.say ?? sim.default;
    if (text === '###STOP###') return;
  }
}

/**
 * The same tool calls, whatever their order. Item lists are compared as the benchmark's database
 * keeps them: a list of items alone as a multiset, items with their new items as a multiset of
 * pairs (item i becomes new item i).
 */
function sameActions(made: { name: string; arguments: ToolArgs }[], expected: { name: string; arguments: ToolArgs }[]): boolean {
  const canonical = (args: ToolArgs): ToolArgs => {
    const items = args['item_ids'];
    const news = args['new_item_ids'];
    if (!Array.isArray(items)) return args;
    if (!Array.isArray(news)) return { ...args, item_ids: [...items].sort() };
    const pairs = items.map((id, i) => [id, news[i] ?? ''] as const).sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));
    return { ...args, item_ids: pairs.map(([a]) => a), new_item_ids: [...pairs.map(([, b]) => b), ...news.slice(items.length)] };
  };
  const key = (a: { name: string; arguments: ToolArgs }) => JSON.stringify([a.name, Object.entries(canonical(a.arguments)).sort(([x], [y]) => x.localeCompare(y))]);
  const left = made.map(key).sort();
  const right = expected.map(key).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
}

interface TurnOutcome {
  text: string;
  traces: ReplyTrace[];
  /** The tags the conversation's customer holds after the turn. */
  tags: string[];
  /** The customer's preferences after the turn, by name. */
  profile: Record<string, string>;
}

type Scorer = (expect: Expect, got: TurnOutcome) => { ok: boolean; expected: unknown; got: unknown } | undefined;

function faqOf(o: TurnOutcome): string | null {
  return o.traces.find((t) => t.source === 'faq')?.faqId ?? null;
}

function productsOf(o: TurnOutcome): string[] {
  return o.traces.flatMap((t) => [t.productId, ...(t.skus ?? [])].filter((x): x is string => typeof x === 'string'));
}

function understandingOf(o: TurnOutcome): TraceUnderstanding | undefined {
  return o.traces.find((t) => t.understanding)?.understanding;
}

type EntityValue = string | number | { min?: number; max?: number };

/** A canonical text for comparing entity values (key order of budgets does not matter). */
function valueKey(type: string, v: EntityValue): string {
  if (typeof v === 'object') return `${type}=${JSON.stringify({ min: v.min, max: v.max })}`;
  return `${type}=${typeof v === 'number' ? String(v) : v.normalize('NFKC')}`;
}

/** Expected vs extracted entities of a turn, as multisets of type=value keys. */
function entityMatch(expected: Record<string, EntityValue | EntityValue[]>, got: TraceUnderstanding['entities']): { tp: number; fp: number; fn: number; missing: string[]; extra: string[] } {
  const want = Object.entries(expected).flatMap(([type, v]) => (Array.isArray(v) ? v : [v]).map((x) => valueKey(type, x)));
  const have = got.map((e) => valueKey(e.type, e.value));
  const left = [...have];
  const missing: string[] = [];
  for (const w of want) {
    const i = left.indexOf(w);
    if (i >= 0) left.splice(i, 1);
    else missing.push(w);
  }
  return { tp: want.length - missing.length, fp: left.length, fn: missing.length, missing, extra: left };
}

/** Scorers by field name; each later issue adds its own. */
const SCORERS: Record<string, Scorer> = {
  faq: (e, o) => (e.faq === undefined ? undefined : { ok: faqOf(o) === e.faq, expected: e.faq, got: faqOf(o) }),
  // Ids are the shop's, compared without case (a case may write af501 for AF501).
  product: (e, o) => (e.product === undefined ? undefined : { ok: productsOf(o).some((id) => id.toLowerCase() === e.product?.toLowerCase()), expected: e.product, got: o.traces.map((t) => t.productId ?? t.source) }),
  intent: (e, o) => {
    if (e.intent === undefined) return undefined;
    const got = understandingOf(o)?.intent ?? null;
    return { ok: got === e.intent, expected: e.intent, got };
  },
  sentiment: (e, o) => {
    if (e.sentiment === undefined) return undefined;
    const got = understandingOf(o)?.sentiment ?? null;
    return { ok: got === e.sentiment, expected: e.sentiment, got };
  },
  // A turn passes when every expected entity was found (subset); precision and recall are
  // counted separately over all turns, so extra entities still cost.
  entities: (e, o) => {
    if (e.entities === undefined) return undefined;
    const m = entityMatch(e.entities, understandingOf(o)?.entities ?? []);
    return { ok: m.fn === 0, expected: e.entities, got: { missing: m.missing, extra: m.extra } };
  },
  flow: (e, o) => {
    if (e.flow === undefined) return undefined;
    const last = o.traces.filter((t) => t.flow).at(-1)?.flow;
    const got = last ? `${last.id}/${last.step}` : null;
    return { ok: got === e.flow, expected: e.flow, got };
  },
  tools: (e, o) => {
    if (e.tools === undefined) return undefined;
    const got = o.traces.find((t) => t.tools)?.tools ?? [];
    const key = (xs: { tool: string; args: Record<string, string | string[]> }[]) => JSON.stringify(xs.map((x) => [x.tool, Object.entries(x.args).sort(([a], [b]) => a.localeCompare(b))]));
    return { ok: key(got) === key(e.tools), expected: e.tools, got };
  },
  handoff: (e, o) => {
    if (e.handoff === undefined) return undefined;
    const got = o.traces.some((t) => t.handoff);
    return { ok: got === e.handoff, expected: e.handoff, got };
  },
  profile: (e, o) => {
    if (e.profile === undefined) return undefined;
    const wrong = Object.entries(e.profile).filter(([k, v]) => o.profile[k] !== v);
    return { ok: wrong.length === 0, expected: e.profile, got: Object.fromEntries(wrong.map(([k]) => [k, o.profile[k] ?? null])) };
  },
  handoff_reason: (e, o) => {
    if (e.handoff_reason === undefined) return undefined;
    const got = o.traces.find((t) => t.handoff)?.handoff?.reason ?? null;
    return { ok: got === e.handoff_reason, expected: e.handoff_reason, got };
  },
  tags: (e, o) => {
    if (e.tags === undefined) return undefined;
    const missing = e.tags.filter((t) => !o.tags.includes(t));
    const extra = o.tags.filter((t) => !e.tags?.includes(t));
    return { ok: missing.length === 0 && extra.length === 0, expected: e.tags, got: { missing, extra } };
  },
  reply_not_contains: (e, o) => {
    if (!e.reply_not_contains) return undefined;
    const present = e.reply_not_contains.filter((s) => o.text.includes(s));
    return { ok: present.length === 0, expected: e.reply_not_contains, got: present.length ? `present: ${present.join(', ')}` : 'none present' };
  },
  answer_contains: (e, o) => {
    if (!e.answer_contains) return undefined;
    const missing = e.answer_contains.filter((s) => !o.text.includes(s));
    return { ok: missing.length === 0, expected: e.answer_contains, got: missing.length ? `missing: ${missing.join(', ')}` : 'all present' };
  },
};

/** Rounded to four decimals, as metrics are reported. */
const r4 = (x: number): number => Math.round(x * 10000) / 10000;

/** Runs every case in a fresh conversation on the shop's current release. */
/**
 * Relative dates in expectations (明天, 周五) resolve against this time unless a case gives its
 * own `now`: 2026-11-25 10:00 in Shanghai, a Wednesday.
 */
export const EVAL_REFERENCE_TIME = '2026-11-25T02:00:00.000Z';

export async function runEval(baseDeps: AppDeps & { lock: KeyedLock }, shopId: string, cases: EvalCase[], beforeCase?: () => Promise<void>): Promise<EvalReport> {
  const counts: Record<string, { correct: number; total: number }> = {};
  const failures: EvalFailure[] = [];
  const details: CaseDetail[] = [];
  const entityCounts = { tp: 0, fp: 0, fn: 0 };
  const tagCounts = { tp: 0, fp: 0, fn: 0 };
  let turns = 0;
  const score = (field: string, ok: boolean, failure: Omit<EvalFailure, 'field'>) => {
    const n = (counts[field] ??= { correct: 0, total: 0 });
    n.total++;
    if (ok) n.correct++;
    else failures.push({ ...failure, field });
  };
  for (const c of cases) {
    await beforeCase?.();
    const at = c.now ? new Date(c.now).toISOString() : EVAL_REFERENCE_TIME;
    const deps = { ...baseDeps, clock: { now: () => at } };
    const conv = await startConversation(deps, { shopId, ...(c.page ? { pageProductId: c.page } : {}), ...(c.customer ? { customerId: c.customer } : {}) });
    const tools = toolSetOf((await deps.knowledge.get(conv.releaseId)).release.bundle.shop);
    const detail: CaseDetail = { id: c.id, calls: [], transcript: [] };
    const send = async (text: string, i: number): Promise<TurnOutcome> => {
      turns++;
      const r = await handleInboundMessage(deps, { conversationId: conv.id, text, clientMessageId: `eval-${i}` });
      const saved = await deps.store.conversations.get(conv.id);
      const key = saved ? customerKeyOf(saved) : undefined;
      const tags = key ? (await deps.store.customers.listTags(shopId, key, at)).map((t) => t.tag) : [];
      const profile = key ? Object.fromEntries((await deps.store.customers.listPreferences(shopId, key)).map((p) => [p.name, p.value])) : {};
      const outcome: TurnOutcome = { text: r.replies.map((m) => m.text).join('\n'), traces: r.replies.flatMap((m) => (m.trace ? [m.trace] : [])), tags, profile };
      detail.calls.push(...(outcome.traces.find((t) => t.tools)?.tools ?? []));
      detail.transcript.push({ user: text, bot: outcome.text });
      return outcome;
    };
    if ('turns' in c) {
      for (const [i, turn] of c.turns.entries()) {
        const outcome = await send(turn.user, i);
        if (turn.expect.tags) {
          tagCounts.tp += turn.expect.tags.filter((t) => outcome.tags.includes(t)).length;
          tagCounts.fn += turn.expect.tags.filter((t) => !outcome.tags.includes(t)).length;
          tagCounts.fp += outcome.tags.filter((t) => !turn.expect.tags?.includes(t)).length;
        }
        if (turn.expect.entities) {
          const m = entityMatch(turn.expect.entities, understandingOf(outcome)?.entities ?? []);
          entityCounts.tp += m.tp;
          entityCounts.fp += m.fp;
          entityCounts.fn += m.fn;
        }
        for (const [field, scorer] of Object.entries(SCORERS)) {
          const s = scorer(turn.expect, outcome);
          if (s) score(field, s.ok, { case: c.id, turn: i + 1, user: turn.user, expected: s.expected, got: s.got, reply: outcome.text });
        }
      }
    } else {
      await simulateUser(c.user_sim, send);
    }
    const expected = c.expect?.write_actions;
    if (expected) {
      const made = detail.calls.filter((x) => tools[x.tool]?.writes).map((x) => ({ name: x.tool, arguments: x.args }));
      const ok = sameActions(made, expected);
      detail.writeActionsOk = ok;
      const last = detail.transcript.at(-1);
      score('write_actions', ok, { case: c.id, turn: detail.transcript.length, user: last?.user ?? '', expected, got: made, reply: last?.bot ?? '' });
    }
    details.push(detail);
  }
  const metrics = Object.fromEntries(Object.entries(counts).map(([f, n]) => [`${f}_accuracy`, n.total ? Math.round((n.correct / n.total) * 10000) / 10000 : 0]));
  const { tp, fp, fn } = entityCounts;
  if (tp + fp + fn > 0) {
    const precision = tp + fp ? tp / (tp + fp) : 1;
    const recall = tp + fn ? tp / (tp + fn) : 1;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    Object.assign(metrics, { entity_precision: r4(precision), entity_recall: r4(recall), entity_f1: r4(f1) });
  }
  if (tagCounts.tp + tagCounts.fp + tagCounts.fn > 0) {
    metrics['tag_precision'] = r4(tagCounts.tp + tagCounts.fp ? tagCounts.tp / (tagCounts.tp + tagCounts.fp) : 1);
    metrics['tag_recall'] = r4(tagCounts.tp + tagCounts.fn ? tagCounts.tp / (tagCounts.tp + tagCounts.fn) : 1);
  }
  if (counts['write_actions']) metrics['write_actions_exact'] = metrics['write_actions_accuracy'] ?? 0;
  // The share of cases every expectation of which held: what a shop owner reads first.
  const failed = new Set(failures.map((f) => f.case));
  if (cases.length > 0) metrics['cases_passed'] = r4((cases.length - cases.filter((c) => failed.has(c.id)).length) / cases.length);
  return { cases: cases.length, turns, metrics, counts, failures, details };
}
