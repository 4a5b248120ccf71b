// The outcome report: what a shop's conversations and orders add up to over a date range, by the
// definitions of docs/analytics.md (this module is their one implementation). Pure: episodes,
// orders and `now` in, figures out, so the same ledger always gives the same numbers.
import type { Episode, ServedBy } from './episode.js';
import type { Experiment } from '../sop/experiments.js';
import { experimentResults, type ExperimentResult } from './experiments.js';
import { byCodePoint, clusterGaps, type GapCluster } from './gaps.js';
import { isPaid, netMinor, type OrderFact } from './order-facts.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** No shopper message for this long after the AI's last answer: resolved, assumed. */
const ASSUMED_AFTER_MS = 24 * HOUR;
/** Not reopened for this long: durable. */
const DURABLE_AFTER_MS = 7 * DAY;
const REPURCHASE_WITHIN_MS = 90 * DAY;
export const DEFAULT_ATTRIBUTION_DAYS = 3;

export type Resolution = 'handed_off' | 'confirmed' | 'abandoned' | 'assumed' | 'open';

const SERVED: readonly ServedBy[] = ['ai', 'human', 'ai_then_human'];

export interface Rate {
  conversations: number;
  converted: number;
  rate: number | null;
}

/** Every figure of `xiaoer analytics --json` and the console's dashboard (money in yuan). */
export interface OutcomeReport {
  range: { from: string; to: string };
  conversations: number;
  served_by: Record<ServedBy, number>;
  resolution: Record<Resolution | 'durable', number>;
  automation_rate: number | null;
  handoff_rate: number | null;
  /** Handoffs by their (first) reason, most first. */
  handoff_reasons: { reason: string; count: number }[];
  first_response_ms: { p50: number | null; p99: number | null };
  csat: { count: number; mean: number | null };
  inquiry_conversion: Record<ServedBy, Rate>;
  aov: Record<ServedBy | 'no_conversation', number | null>;
  revenue_attributed: number;
  repurchase_rate: number | null;
  flows: { flow: string; conversations: number; steps: { step: string; conversations: number; orders: number; revenue: number }[] }[];
  recommendations: { orders: number; revenue: number };
  gaps: GapCluster[];
  experiments: ExperimentResult[];
  /** The shop's intents shoppers asked for, by messages, most first (top 20). */
  top_intents: { intent: string; count: number }[];
}

/** What the report covers: [from, to) as instants, and the shop's attribution window. */
export interface ReportScope {
  from: string;
  to: string;
  now: string;
  attributionDays: number;
  /** The shop's experiments (shop.yaml), reported in this order. */
  experiments?: readonly Experiment[];
}

const ms = Date.parse;
const inRange = (t: string, s: ReportScope): boolean => ms(t) >= ms(s.from) && ms(t) < ms(s.to);
const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
const yuan = (minor: number): number => Math.round(minor) / 100;
const meanYuan = (minors: number[]): number | null => (minors.length === 0 ? null : Math.round(minors.reduce((s, x) => s + x, 0) / minors.length) / 100);

/** Nearest rank: the value at position ⌈p/100 · n⌉ of the sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

/** A conversation counts when the shopper wrote in it. */
export const counts = (e: Episode): e is Episode & { firstShopperAt: string } => e.firstShopperAt !== null;

/**
 * The resolution of an episode at `now`. `reopenedAt` is when the same known customer next started
 * a conversation that counts (null: never, or unknown customer).
 */
export function classify(e: Episode, now: string): Resolution {
  if (e.handedOff) return 'handed_off';
  if ((e.rating !== null && e.rating >= 4) || e.thanked) return 'confirmed';
  if (e.lastShopperUnanswered || e.endedOnFallback) return 'abandoned';
  if (e.lastAiAnswerAt && ms(now) - ms(e.lastAiAnswerAt) >= ASSUMED_AFTER_MS) return 'assumed';
  return 'open';
}

/** A resolved episode nobody came back about within 7 days (by `now`). */
export function isDurable(e: Episode, resolution: Resolution, now: string, nextStartOfCustomer: string | null): boolean {
  if ((resolution !== 'confirmed' && resolution !== 'assumed') || !e.lastAiAnswerAt) return false;
  const end = ms(e.lastAiAnswerAt) + DURABLE_AFTER_MS;
  if (ms(now) < end) return false;
  return nextStartOfCustomer === null || ms(nextStartOfCustomer) > end;
}

/**
 * Attributes each paid order of a known customer to that customer's latest counting episode whose
 * first shopper message is at or before the payment and at most the window before it (last touch).
 * `episodes` are all of the shop's that may take an order, in the range or not.
 */
export function attribute(episodes: readonly Episode[], orders: readonly OrderFact[], windowDays: number): Map<string, OrderFact[]> {
  const byCustomer = new Map<string, (Episode & { firstShopperAt: string })[]>();
  for (const e of episodes) if (counts(e) && e.customerId !== null) push(byCustomer, e.customerId, e);
  const attributed = new Map<string, OrderFact[]>();
  for (const o of orders) {
    if (!isPaid(o) || o.customerId === null) continue;
    const paid = ms(o.paidAt);
    let best: (Episode & { firstShopperAt: string }) | undefined;
    for (const e of byCustomer.get(o.customerId) ?? []) {
      const t = ms(e.firstShopperAt);
      if (t > paid || paid - t > windowDays * DAY) continue;
      if (!best || t > ms(best.firstShopperAt) || (t === ms(best.firstShopperAt) && e.conversationId > best.conversationId)) best = e;
    }
    if (best) push(attributed, best.conversationId, o);
  }
  return attributed;
}

/** The report over `scope`: episodes of every conversation that may matter, and the shop's orders. */
export function outcomeReport(all: readonly Episode[], orders: readonly OrderFact[], scope: ReportScope): OutcomeReport {
  const episodes = all.filter((e) => counts(e) && inRange(e.startedAt, scope));
  const attributed = attribute(all, orders, scope.attributionDays);
  const resolution: OutcomeReport['resolution'] = { confirmed: 0, assumed: 0, abandoned: 0, handed_off: 0, open: 0, durable: 0 };
  const served: Record<ServedBy, number> = { ai: 0, human: 0, ai_then_human: 0 };
  const conversion = Object.fromEntries(SERVED.map((s) => [s, { conversations: 0, converted: 0 }])) as Record<ServedBy, { conversations: number; converted: number }>;
  const aovMinors: Record<ServedBy, number[]> = { ai: [], human: [], ai_then_human: [] };
  const starts = startsByCustomer(all);
  let revenueMinor = 0;
  const ratings: number[] = [];
  const firstResponses: number[] = [];
  const mine: { e: Episode; orders: OrderFact[] }[] = [];
  for (const e of episodes) {
    const r = classify(e, scope.now);
    resolution[r]++;
    if (isDurable(e, r, scope.now, nextStart(starts, e))) resolution.durable++;
    served[e.servedBy]++;
    if (e.rating !== null) ratings.push(e.rating);
    if (e.firstResponseMs !== null) firstResponses.push(e.firstResponseMs);
    const os = attributed.get(e.conversationId) ?? [];
    if (e.customerId !== null) {
      conversion[e.servedBy].conversations++;
      if (os.length > 0) conversion[e.servedBy].converted++;
    }
    for (const o of os) {
      aovMinors[e.servedBy].push(o.totalMinor);
      revenueMinor += netMinor(o);
    }
    if (os.length > 0) mine.push({ e, orders: os });
  }
  const attributedIds = new Set([...attributed.values()].flat().map((o) => o.id));
  const silent = orders.filter((o) => isPaid(o) && inRange(o.paidAt, scope) && !attributedIds.has(o.id)).map((o) => o.totalMinor);
  firstResponses.sort((a, b) => a - b);
  const n = episodes.length;
  return {
    range: { from: scope.from, to: scope.to },
    conversations: n,
    served_by: served,
    resolution,
    automation_rate: rate(resolution.confirmed + resolution.assumed, n),
    handoff_rate: rate(resolution.handed_off, n),
    handoff_reasons: ranked(episodes.flatMap((e) => (e.handedOff ? [e.handoffReason ?? 'unknown'] : []))).map(([reason, count]) => ({ reason, count })),
    first_response_ms: { p50: percentile(firstResponses, 50), p99: percentile(firstResponses, 99) },
    csat: { count: ratings.length, mean: ratings.length === 0 ? null : Math.round((ratings.reduce((s, x) => s + x, 0) / ratings.length) * 100) / 100 },
    inquiry_conversion: Object.fromEntries(SERVED.map((s) => [s, { ...conversion[s], rate: rate(conversion[s].converted, conversion[s].conversations) }])) as Record<ServedBy, Rate>,
    aov: { ai: meanYuan(aovMinors.ai), human: meanYuan(aovMinors.human), ai_then_human: meanYuan(aovMinors.ai_then_human), no_conversation: meanYuan(silent) },
    revenue_attributed: yuan(revenueMinor),
    repurchase_rate: repurchaseRate(mine, orders),
    flows: flowFunnel(episodes, mine),
    recommendations: recommendationsOf(mine),
    gaps: clusterGaps(episodes.flatMap((e) => e.gaps).sort((a, b) => ms(a.at) - ms(b.at)).map((g) => g.text)),
    top_intents: ranked(episodes.flatMap((e) => e.intents ?? [])).slice(0, 20).map(([intent, count]) => ({ intent, count })),
    experiments: experimentResults(scope.experiments ?? [], episodes, (e) => (attributed.get(e.conversationId)?.length ?? 0) > 0),
  };
}

/** Values with their counts, most first (ties in code-point order). */
function ranked(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]));
}

/** Each known customer's counting conversations' first-message times, sorted. */
function startsByCustomer(all: readonly Episode[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const e of all) {
    if (!counts(e) || e.customerId === null) continue;
    push(m, e.customerId, ms(e.startedAt));
  }
  for (const list of m.values()) list.sort((a, b) => a - b);
  return m;
}

/** Appends to the list kept under `key` (a copy per append made these folds quadratic per customer). */
function push<T>(m: Map<string, T[]>, key: string, value: T): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

/** When the episode's customer next started a conversation after its last answer; null if never. */
function nextStart(starts: Map<string, number[]>, e: Episode): string | null {
  if (e.customerId === null || !e.lastAiAnswerAt) return null;
  const after = ms(e.lastAiAnswerAt);
  const t = (starts.get(e.customerId) ?? []).find((s) => s > after);
  return t === undefined ? null : new Date(t).toISOString();
}

function repurchaseRate(mine: { e: Episode; orders: OrderFact[] }[], orders: readonly OrderFact[]): number | null {
  const firstPaid = new Map<string, number>();
  for (const { e, orders: os } of mine) {
    for (const o of os) {
      const t = ms(o.paidAt ?? '');
      const c = e.customerId ?? '';
      if (!firstPaid.has(c) || t < (firstPaid.get(c) ?? Infinity)) firstPaid.set(c, t);
    }
  }
  // Paid times by customer, so each customer looks at their own orders, not at every order.
  const paidTimes = new Map<string, number[]>();
  for (const o of orders) if (isPaid(o) && o.customerId !== null && firstPaid.has(o.customerId)) push(paidTimes, o.customerId, ms(o.paidAt));
  let again = 0;
  for (const [customer, t] of firstPaid) {
    if ((paidTimes.get(customer) ?? []).some((p) => p > t && p - t <= REPURCHASE_WITHIN_MS)) again++;
  }
  return rate(again, firstPaid.size);
}

function flowFunnel(episodes: Episode[], mine: { e: Episode; orders: OrderFact[] }[]): OutcomeReport['flows'] {
  const flows = new Map<string, { conversations: Set<string>; steps: Map<string, { conversations: Set<string>; orders: number; revenueMinor: number }> }>();
  const stepOf = (flow: string, step: string) => {
    const f = flows.get(flow) ?? { conversations: new Set<string>(), steps: new Map() };
    flows.set(flow, f);
    const s = f.steps.get(step) ?? { conversations: new Set<string>(), orders: 0, revenueMinor: 0 };
    f.steps.set(step, s);
    return { f, s };
  };
  for (const e of episodes) {
    for (const fs of e.flowSteps) {
      const { f, s } = stepOf(fs.flow, fs.step);
      f.conversations.add(e.conversationId);
      s.conversations.add(e.conversationId);
    }
  }
  for (const { e, orders } of mine) {
    for (const o of orders) {
      const last = e.flowSteps.filter((fs) => ms(fs.at) <= ms(o.paidAt ?? '')).at(-1);
      if (!last) continue;
      const { s } = stepOf(last.flow, last.step);
      s.orders++;
      s.revenueMinor += netMinor(o);
    }
  }
  return [...flows.entries()]
    .sort(([a], [b]) => byCodePoint(a, b))
    .map(([flow, f]) => ({
      flow,
      conversations: f.conversations.size,
      steps: [...f.steps.entries()]
        .map(([step, s]) => ({ step, conversations: s.conversations.size, orders: s.orders, revenue: yuan(s.revenueMinor) }))
        .sort((a, b) => b.conversations - a.conversations || byCodePoint(a.step, b.step)),
    }));
}

function recommendationsOf(mine: { e: Episode; orders: OrderFact[] }[]): OutcomeReport['recommendations'] {
  let count = 0;
  let revenueMinor = 0;
  for (const { e, orders } of mine) {
    for (const o of orders) {
      const named = new Set(e.recommended.filter((r) => ms(r.at) <= ms(o.paidAt ?? '')).map((r) => r.productId));
      if (o.products.some((p) => named.has(p))) {
        count++;
        revenueMinor += netMinor(o);
      }
    }
  }
  return { orders: count, revenue: yuan(revenueMinor) };
}
