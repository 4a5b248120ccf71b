// When a conversation goes to a person, why, to which group and how urgently: a flow's `handoff`
// step, or the shop's rules (shop.yaml `handoff`): words, angry or negative sentiment, fallbacks
// in a row, VIP customers, price talk over something valuable. Outside the agents' hours the shopper is told so and the conversation
// waits in the queue as a ticket. Pure.
import type { ShopSettings } from '../catalog/types.js';
import type { FlowEffect } from '../sop/stepper.js';
import type { TraceUnderstanding } from './trace.js';
import type { Decision } from './decision.js';
import type { ConversationState } from './state.js';
import { transition, type Ownership } from './ownership.js';
import type { TurnContext } from './flow-turn.js';

/** A group of agents and the handoff reasons it takes. */
export interface AgentGroup {
  id: string;
  name: string;
  /** Reasons routed to this group (a flow's own reason, or angry, negative, consecutive_fallbacks, keyword, vip). */
  reasons: string[];
}

export interface HandoffSettings {
  /** Hand over on this sentiment or stronger: angry (default), negative, or never (off). */
  onSentiment: 'angry' | 'negative' | 'off';
  /** Fallbacks in a row that hand over; 0 never. */
  afterFallbacks: number;
  /** Hand VIP customers to a person at their first message. */
  vip: boolean;
  /** Hand over a shopper negotiating (one of `intents`) over a product worth at least `overMinor`. */
  highValue?: { overMinor: number; intents: string[] };
  /** Words that hand over wherever they appear (besides the shop's human-agent flow). */
  keywords: string[];
  /** Said when a rule (not a flow, which says its own) hands over. */
  message: string;
  /** Said instead outside the agents' hours: the conversation waits as a ticket. */
  closedMessage: string;
  groups: AgentGroup[];
  /** The agents' hours (the shop's business hours unless given). */
  hours: { timezone: string; days: number[]; open: string; close: string };
  /** What the agent will need, asked for at the handoff when the conversation does not know it yet (only for these groups, when given). */
  collect: { entity: string; ask: string; groups?: string[] }[];
}

/** What a turn hands over, if anything. */
export interface HandoffDecision {
  reason: string;
  group: string | null;
  priority: number;
  /** The rule's message to add (none when a flow's handoff step already said its own). */
  message?: string;
  /** Whether agents are working now. */
  open: boolean;
}

/** The shop's settings as defaults for what shop.yaml leaves out. */
export function handoffDefaults(language: 'zh-CN' | 'en', hours: HandoffSettings['hours']): HandoffSettings {
  const en = language === 'en';
  return {
    onSentiment: 'angry',
    afterFallbacks: 2,
    vip: false,
    keywords: [],
    message: en ? 'Let me get you a colleague; one moment please.' : '抱歉给您带来不便，已为您转接人工客服，请稍等～',
    closedMessage: en
      ? 'Our colleagues are offline right now. Leave your phone number or question here and we will contact you first thing when we are back.'
      : '人工客服现在不在线哦，您可以留下手机号和问题，上班后我们第一时间联系您～',
    groups: [],
    hours,
    collect: [],
  };
}

/** The shop's handoff settings: shop.yaml `handoff` over the defaults; without it only flows hand over. */
export function handoffSettings(shop: ShopSettings): HandoffSettings {
  const d = handoffDefaults(shop.language, shop.businessHours);
  const h = shop.handoff;
  if (!h) return { ...d, onSentiment: 'off', afterFallbacks: 0 };
  return {
    onSentiment: h.on_sentiment,
    afterFallbacks: h.after_fallbacks,
    vip: h.vip,
    ...(h.high_value ? { highValue: { overMinor: Math.round(h.high_value.over * 100), intents: h.high_value.intents } } : {}),
    keywords: h.keywords,
    message: h.message ?? d.message,
    closedMessage: h.closed_message ?? d.closedMessage,
    groups: h.groups,
    hours: h.hours ?? d.hours,
    collect: h.collect ?? [],
  };
}

/** Why the turn goes to a person: a flow's handoff step first, then the shop's rules in order. */
export function handoffReason(
  s: HandoffSettings,
  effects: readonly FlowEffect[],
  u: TraceUnderstanding | undefined,
  text: string,
  turn: { consecutiveFallbacks: number; flowRunning: boolean; first: boolean; valueMinor: number },
  ctx: TurnContext,
): { reason: string; byFlow: boolean } | undefined {
  const { consecutiveFallbacks, flowRunning, first: firstTurn } = turn;
  const flow = effects.find((e): e is Extract<FlowEffect, { kind: 'handoff' }> => e.kind === 'handoff');
  if (flow) return { reason: flow.reason, byFlow: true };
  const lower = text.toLowerCase();
  if (s.keywords.some((k) => lower.includes(k.toLowerCase()))) return { reason: 'keyword', byFlow: false };
  // A flow still running is the shop's procedure for this moment ("我要投诉" → the complaint flow
  // collects the order first and hands over itself): mood and misunderstandings do not cut it short.
  if (flowRunning) return undefined;
  if (u && s.onSentiment !== 'off') {
    if (u.sentiment === 'angry') return { reason: 'angry', byFlow: false };
    if (u.sentiment === 'negative' && s.onSentiment === 'negative') return { reason: 'negative', byFlow: false };
  }
  if (s.afterFallbacks > 0 && consecutiveFallbacks >= s.afterFallbacks) return { reason: 'consecutive_fallbacks', byFlow: false };
  if (s.vip && firstTurn && ctx.customer?.segment === 'vip') return { reason: 'vip', byFlow: false };
  if (s.highValue && u?.intent && s.highValue.intents.includes(u.intent) && turn.valueMinor >= s.highValue.overMinor) return { reason: 'high_value', byFlow: false };
  return undefined;
}

/** The full decision: group by reason, priority (VIP and anger first), hours, and the words to say. */
export function decideHandoff(s: HandoffSettings, why: { reason: string; byFlow: boolean }, ctx: TurnContext, u: TraceUnderstanding | undefined, now: string, valueMinor = 0): HandoffDecision {
  const group = s.groups.find((g) => g.reasons.includes(why.reason))?.id ?? s.groups[0]?.id ?? null;
  const highValue = s.highValue !== undefined && valueMinor >= s.highValue.overMinor;
  const priority = (ctx.customer?.segment === 'vip' ? 2 : 0) + (highValue ? 1 : 0) + (u?.sentiment === 'angry' ? 1 : 0);
  const open = withinHours(s.hours, now);
  const message = !open ? s.closedMessage : why.byFlow ? undefined : s.message;
  return { reason: why.reason, group, priority, open, ...(message ? { message } : {}) };
}

/** Whether `now` falls in the hours (days 1 = Monday … 7 = Sunday, HH:MM local). */
export function withinHours(h: HandoffSettings['hours'], now: string): boolean {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: h.timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(now));
  } catch {
    return true;
  }
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  const hm = `${get('hour').padStart(2, '0')}:${get('minute').padStart(2, '0')}`;
  if (!h.days.includes(day)) return false;
  return h.open <= h.close ? hm >= h.open && hm < h.close : hm >= h.open || hm < h.close;
}

/** Minutes an agent takes per conversation on average, for the shopper's estimated wait. */
export const AVERAGE_HANDLE_MINUTES = 3;

/**
 * The turn's decision and ownership once the shop's handoff rules have looked at it: a conversation
 * the AI owns goes to the queue when a flow or a rule hands it over (the rule's message added, or
 * the closed-hours one). One already queued stays where it is.
 */
export function applyHandoff(
  s: HandoffSettings,
  decision: Decision,
  text: string,
  ctx: TurnContext,
  ownership: Ownership,
  now: string,
  /** What is at stake (minor units): the price of the product discussed. */
  valueMinor = 0,
): { decision: Decision; ownership: Ownership; handoff?: HandoffDecision } {
  if (ownership.owner !== 'ai') return { decision, ownership };
  const why = handoffReason(s, decision.effects, decision.understanding, text, { consecutiveFallbacks: decision.state.consecutiveFallbacks, flowRunning: decision.state.flow !== undefined, first: decision.state.turns <= 1, valueMinor }, ctx);
  if (!why) return { decision, ownership };
  const h = decideHandoff(s, why, ctx, decision.understanding, now, valueMinor);
  const moved = transition(ownership, { kind: 'request', reason: h.reason, group: h.group, priority: h.priority }, now);
  if (!moved.ok) return { decision, ownership };
  const releaseId = decision.replies[0]?.trace.releaseId ?? '';
  const ruleReply = (text: string, rule: string) => ({ text, trace: { releaseId, source: 'handoff' as const, rule, ...(decision.understanding ? { understanding: decision.understanding } : {}), handoff: { reason: h.reason } } });
  const replies = h.message ? [...decision.replies, ruleReply(h.message, h.reason)] : decision.replies.map((r) => ({ ...r, trace: { ...r.trace, handoff: { reason: h.reason } } }));
  // While the shopper waits, ask for what the agent will need and the conversation does not know yet.
  const missing = s.collect.find((c) => decision.state.memory?.[c.entity] === undefined && (!c.groups || (h.group !== null && c.groups.includes(h.group))));
  if (missing) replies.push(ruleReply(missing.ask, `collect:${missing.entity}`));
  // The AI stops its flow: the person takes it from here (the flow's slots stay in memory).
  const state = { ...decision.state, handoff: { reason: h.reason } };
  delete state.flow;
  return { decision: { ...decision, state, replies }, ownership: moved.ownership, handoff: h };
}

/**
 * The decision when someone asks for a person outright (the shopper's 转人工 button, a model's
 * handoff command): the shop's handoff words when agents are working (outside their hours the
 * handoff rules add the closed message), the flow dropped, and a handoff effect for applyHandoff.
 */
export function requestedHandoff(base: ConversationState, shop: ShopSettings, releaseId: string, reason: string, now: string): Decision {
  const s = handoffSettings(shop);
  const state: ConversationState = { ...base, handoff: { reason } };
  delete state.flow;
  const replies = withinHours(s.hours, now) ? [{ text: s.message, trace: { releaseId, source: 'handoff' as const, rule: reason } }] : [];
  return { state, replies, effects: [{ kind: 'handoff', reason }], calls: [] };
}

/** "目前排在第 2 位，预计等待约 6 分钟". */
export function queueMessage(language: 'zh-CN' | 'en', position: number): string {
  const minutes = position * AVERAGE_HANDLE_MINUTES;
  return language === 'en' ? `You are number ${position} in the queue; the wait is about ${minutes} minutes.` : `目前排在第 ${position} 位，预计等待约 ${minutes} 分钟。`;
}
