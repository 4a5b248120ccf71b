// One conversation's outcome facts, folded from its messages, events and rating: who served it,
// how fast, whether it was handed off, thanked or rated, where its flows went and what the AI
// recommended. Facts only: what they add up to at a given time is `classify` (outcomes.ts).
// docs/analytics.md defines every term.

/** A message as the fold needs it. */
export interface EpisodeMessage {
  id: string;
  direction: 'in' | 'out' | 'note';
  at: string;
  /** The trace source of an outbound message (agent, handoff, faq, fallback…); null when it has none. */
  source: string | null;
  rule?: string;
  replyTo?: string | null;
  flow?: { id: string; step: string };
  productIds?: string[];
  /** The intent the reply's turn understood the shopper's message as (trace.understanding.intent). */
  intent?: string | null;
  /** Experiment arms the reply exposed the customer to (trace.experiments). */
  experiments?: Readonly<Record<string, string>>;
  /** The shopper's words (inbound only; empty once a transcript expired). */
  text?: string;
}

/** A conversation as the fold needs it. */
export interface EpisodeInput {
  conversationId: string;
  customerId: string | null;
  startedAt: string;
  messages: EpisodeMessage[];
  /** The reasons it was handed off for (handoff.requested events), in order; empty when never. */
  handoffReasons: readonly string[];
  rating: number | null;
}

export type ServedBy = 'ai' | 'human' | 'ai_then_human';

/** The facts of one conversation episode: the outcome ledger's row. */
export interface Episode {
  conversationId: string;
  customerId: string | null;
  startedAt: string;
  /** Null when the shopper never wrote: such a conversation does not count. */
  firstShopperAt: string | null;
  servedBy: ServedBy;
  firstResponseMs: number | null;
  handedOff: boolean;
  thanked: boolean;
  rating: number | null;
  lastAiAnswerAt: string | null;
  /** The last AI answer was the fallback and the shopper wrote nothing after it. */
  endedOnFallback: boolean;
  /** The shopper's last message has no reply after it. */
  lastShopperUnanswered: boolean;
  /** Why it was handed off (the first handoff's reason); null when it never was. */
  handoffReason?: string | null;
  /** What each shopper message was understood to want (the shop's intents, as the replies' traces say). */
  intents?: string[];
  /** Flow steps of AI answers, in time order. */
  flowSteps: { flow: string; step: string; at: string }[];
  /** Products named in AI answers, with when. */
  recommended: { productId: string; at: string }[];
  /** Shopper messages answered by the fallback. */
  gaps: { text: string; at: string }[];
  /** The experiments the conversation exposed the customer to, with the arm (the first reply's, per experiment). */
  experiments?: Record<string, string>;
}

const NOT_AI = new Set(['agent', 'note', 'handoff']);

/** Whether an outbound message is an AI answer (not an agent's, not the handoff notice). */
export const isAiAnswer = (m: EpisodeMessage): boolean => m.direction === 'out' && !NOT_AI.has(m.source ?? '');

const byTime = (a: EpisodeMessage, b: EpisodeMessage): number => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id);

/** Folds one conversation into its episode facts. */
export function foldEpisode(input: EpisodeInput): Episode {
  const messages = input.messages.filter((m) => m.direction !== 'note').sort(byTime);
  const shopper = messages.filter((m) => m.direction === 'in');
  const out = messages.filter((m) => m.direction === 'out');
  const ai = out.filter(isAiAnswer);
  const agent = out.filter((m) => m.source === 'agent');
  const first = shopper[0];
  const last = shopper.at(-1);
  const firstReply = first ? out.find((m) => Date.parse(m.at) >= Date.parse(first.at)) : undefined;
  const lastAi = ai.at(-1);
  const textOf = new Map(shopper.map((m) => [m.id, m.text ?? '']));
  return {
    conversationId: input.conversationId,
    customerId: input.customerId,
    startedAt: input.startedAt,
    firstShopperAt: first?.at ?? null,
    servedBy: agent.length === 0 ? 'ai' : ai.length === 0 ? 'human' : 'ai_then_human',
    firstResponseMs: first && firstReply ? Date.parse(firstReply.at) - Date.parse(first.at) : null,
    handedOff: input.handoffReasons.length > 0,
    handoffReason: input.handoffReasons[0] ?? null,
    intents: intentsOf(out, shopper),
    thanked: ai.some((m) => m.rule === 'thanks'),
    rating: input.rating,
    lastAiAnswerAt: lastAi?.at ?? null,
    endedOnFallback: lastAi?.source === 'fallback' && !shopper.some((m) => byTime(m, lastAi) > 0),
    lastShopperUnanswered: last !== undefined && !out.some((m) => byTime(m, last) > 0),
    flowSteps: ai.flatMap((m) => (m.flow ? [{ flow: m.flow.id, step: m.flow.step, at: m.at }] : [])),
    recommended: ai.flatMap((m) => (m.productIds ?? []).map((productId) => ({ productId, at: m.at }))),
    gaps: gapsOf(ai, shopper, textOf),
    ...experimentsOf(ai),
  };
}

/** Shopper messages the fallback answered (each once), with their words. */
function gapsOf(ai: EpisodeMessage[], shopper: EpisodeMessage[], textOf: Map<string, string>): { text: string; at: string }[] {
  const asked = new Map<string, EpisodeMessage>();
  for (const m of ai) {
    if (m.source !== 'fallback') continue;
    // The message it answered: its replyTo, else the shopper's last message before it.
    const q = m.replyTo ? shopper.find((s) => s.id === m.replyTo) : [...shopper].reverse().find((s) => byTime(s, m) < 0);
    if (q) asked.set(q.id, q);
  }
  return [...asked.values()].sort(byTime).flatMap((q) => {
    const text = textOf.get(q.id) ?? '';
    return text ? [{ text, at: q.at }] : [];
  });
}

/** The arm of each experiment the AI's answers exposed the customer to (the first one seen). */
function experimentsOf(ai: EpisodeMessage[]): { experiments?: Record<string, string> } {
  const arms: Record<string, string> = {};
  for (const m of ai) for (const [id, arm] of Object.entries(m.experiments ?? {})) if (!(id in arms)) arms[id] = arm;
  return Object.keys(arms).length ? { experiments: arms } : {};
}

/** One intent per answered shopper message: the first reply's understanding (out of scope and none left out). */
function intentsOf(out: EpisodeMessage[], shopper: EpisodeMessage[]): string[] {
  const seen = new Set<string>();
  const intents: string[] = [];
  for (const m of out) {
    const asked = m.replyTo ?? '';
    if (!m.intent || m.intent === 'out_of_scope' || seen.has(asked) || !shopper.some((s) => s.id === asked)) continue;
    seen.add(asked);
    intents.push(m.intent);
  }
  return intents;
}
