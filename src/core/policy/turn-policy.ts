// What a turn says, chosen by ordered rule tables: whether the offline outcome is sure enough to
// stand alone, and which candidate (the offline decision, or what a model proposed) the shopper
// gets. Each rule is data with an id; the first that holds decides and its id goes into the trace.
// Pure: candidates are plain values built before anything is chosen.
import type { Decision } from '../conversation/decision.js';
import type { Violation } from '../guardrails/types.js';

/** What the offline pipeline decided, reduced to what the policy reads. */
export interface OfflineFacts {
  /** The first reply's source (flow, faq, product, fallback…), or none when nothing was said. */
  source: string | undefined;
  /** The first reply's rule (not_sold, out_of_scope, suggestion…). */
  rule: string | undefined;
  /** The FAQ answer's confidence, when a FAQ entry answered. */
  confidence: number | undefined;
  /** The turn hands the conversation to a person. */
  handsOff: boolean;
  /** The shop's answer threshold: below it a FAQ answer was given on a clear lead, not on confidence. */
  answerThreshold: number;
}

/** The offline decision's facts. */
export function offlineFacts(d: Decision, answerThreshold: number): OfflineFacts {
  const first = d.replies[0];
  return {
    source: first?.trace.source,
    rule: first?.trace.rule,
    confidence: first?.trace.source === 'faq' ? first.trace.confidence : undefined,
    handsOff: d.effects.some((e) => e.kind === 'handoff') || d.state.handoff !== undefined,
    answerThreshold,
  };
}

interface Rule<F> {
  id: string;
  when: (f: F) => boolean;
}

/** Whether a model is asked: the offline outcome is unsure, and nothing firmer (a flow, a handoff, the catalog's "not sold") took the turn. */
const ASK_RULES: readonly (Rule<OfflineFacts> & { ask: boolean })[] = [
  { id: 'nothing_said', when: (f) => f.source === undefined, ask: false },
  { id: 'flow_took_turn', when: (f) => f.source === 'flow', ask: false },
  { id: 'handoff', when: (f) => f.handsOff || f.source === 'handoff', ask: false },
  { id: 'not_sold', when: (f) => f.source === 'fallback' && f.rule === 'not_sold', ask: false },
  { id: 'offline_fallback', when: (f) => f.source === 'fallback', ask: true },
  { id: 'asks_which_product', when: (f) => f.source === 'ask_product', ask: true },
  { id: 'faq_below_threshold', when: (f) => f.source === 'faq' && f.rule === undefined && (f.confidence ?? 1) < f.answerThreshold, ask: true },
  { id: 'offline_sure', when: () => true, ask: false },
];

/** Whether to ask a model about this turn, and the rule that says so. */
export function shouldAskModel(f: OfflineFacts): { ask: boolean; rule: string } {
  const r = ASK_RULES.find((x) => x.when(f)) ?? { id: 'offline_sure', ask: false };
  return { ask: r.ask, rule: r.id };
}

/** What a model's proposal came to, as a candidate beside the offline decision. */
export type ModelCandidate =
  /** Not asked (the offline outcome was sure, the use is off, no provider). */
  | { kind: 'not_asked' }
  /** Asked, and nothing usable came back: timeout, 429, 5xx, a cut stream, over budget, circuit open. */
  | { kind: 'failed'; reason: string }
  /** It answered with something that is not a command, or one naming what the release lacks. */
  | { kind: 'invalid'; reason: string }
  /** Its written answer broke a guardrail. */
  | { kind: 'blocked'; violations: Violation[] }
  /** It found nothing better than the offline answer (none, chitchat). */
  | { kind: 'keeps_offline'; command: string }
  /** A command the SOP engine or the knowledge layer ran. */
  | { kind: 'command'; command: string; decision: Decision }
  /** Words it wrote from the cited sources, passed by every guardrail. */
  | { kind: 'answer'; decision: Decision };

/** Which candidate the shopper gets. */
const CHOOSE_RULES: readonly (Rule<ModelCandidate> & { pick: 'offline' | 'model' })[] = [
  { id: 'model_not_asked', when: (c) => c.kind === 'not_asked', pick: 'offline' },
  { id: 'model_failed', when: (c) => c.kind === 'failed', pick: 'offline' },
  { id: 'model_invalid', when: (c) => c.kind === 'invalid', pick: 'offline' },
  { id: 'model_blocked', when: (c) => c.kind === 'blocked', pick: 'offline' },
  { id: 'model_keeps_offline', when: (c) => c.kind === 'keeps_offline', pick: 'offline' },
  // A handoff outside the agents' hours says nothing itself: the shop's closed message is added by the handoff rules.
  { id: 'model_command', when: (c) => c.kind === 'command' && (c.decision.replies.length > 0 || c.decision.effects.some((e) => e.kind === 'handoff')), pick: 'model' },
  { id: 'model_answer', when: (c) => c.kind === 'answer' && c.decision.replies.length > 0, pick: 'model' },
  // A command that ran and said nothing must not leave the shopper unanswered.
  { id: 'model_silent', when: () => true, pick: 'offline' },
];

/** The decision the shopper gets and the rule that chose it. */
export function chooseTurn(offline: Decision, model: ModelCandidate): { decision: Decision; rule: string; byModel: boolean } {
  const r = CHOOSE_RULES.find((x) => x.when(model)) ?? { id: 'model_silent', pick: 'offline' as const };
  const byModel = r.pick === 'model' && (model.kind === 'command' || model.kind === 'answer');
  return { decision: byModel ? model.decision : offline, rule: r.id, byModel };
}
