// Concluding a turn: what one turn changed — a shopper's message, a message Xiaoer starts itself
// (a silence's follow-up, an order's delivery) or an agent's action — as the records the app saves
// in one transaction. Every kind of turn goes through here, so a flow's tags, the preferences it
// learns and its tool calls are kept whatever started it. Pure: ids and the time are passed in.
import type { TagTaxonomy } from '../customer/tags.js';
import { customerKeyOf, turnTags } from '../customer/turn-tags.js';
import { preferencesEvent, turnPreferences } from '../customer/turn-preferences.js';
import type { DomainEvent } from '../events.js';
import { OUT_OF_SCOPE } from '../understanding/intent-classifier.js';
import type { Decision } from './decision.js';
import type { HandoffDecision } from './handoff.js';
import type { Ownership } from './ownership.js';
import type { CustomerPreferenceRecord, CustomerTagRecord, MessageRecord, OutboxEvent } from './records.js';
import type { ConversationState } from './state.js';

/** What started the turn: which message its records answer, and how its replies are credited. */
export type TurnTrigger =
  /** A shopper's message: the replies answer it, its words feed the tag rules, its intent is announced. */
  | { kind: 'message'; messageId: string; text: string }
  /** Xiaoer writes first: `id` names the occasion (events and evidence point at it), `replyTo` goes on the messages. */
  | { kind: 'proactive'; id: string; replyTo: string | null; source: string }
  /** A person acted: their messages (already whole, with their own ids and keys) and the action's events. */
  | { kind: 'agent'; messages: MessageRecord[]; events: DomainEvent[] };

/** Everything a turn is concluded from. */
export interface TurnToConclude {
  /** The conversation as it was loaded for the turn. */
  conversation: { id: string; shopId: string; customerId: string | null; state: ConversationState; ownership: Ownership };
  trigger: TurnTrigger;
  /** The settled decision: the new state, the replies, the effects (tags, handoff), tool calls and flows finished. */
  decision: Decision;
  /** Who owns the conversation after the turn; absent or equal to the loaded one when it did not move. */
  ownership?: Ownership;
  /** The handoff the turn requested, announced as handoff.requested. */
  handoff?: HandoffDecision;
  /** The shop's tag rules (tags.yaml). */
  taxonomy?: TagTaxonomy;
  /** The customer's stored preferences: a flow slot that merely repeats one teaches nothing. */
  profile?: Readonly<Record<string, string>>;
  now: string;
  /** A new unique id (`msg` for messages, `evt` for outbox events), in creation order. */
  newId: (prefix: 'msg' | 'evt') => string;
}

/** What the turn saves, all in one transaction under the conversation's version check. */
export interface ConcludedTurn {
  conversationId: string;
  state: ConversationState;
  /** The new owner, only when the turn moved the conversation. */
  ownership?: Ownership;
  messages: MessageRecord[];
  tags: CustomerTagRecord[];
  preferences: CustomerPreferenceRecord[];
  events: OutboxEvent[];
  /** When the turn happened: the state's update time and every record's. */
  at: string;
}

/** A decision that only changes the state (an agent's action): nothing said, nothing to run. */
export function stateOnly(state: ConversationState): Decision {
  return { state, replies: [], effects: [], calls: [] };
}

/** The records of one turn. */
export function concludeTurn(t: TurnToConclude): ConcludedTurn {
  const { conversation: c, trigger, decision: d, now } = t;
  const event = (e: DomainEvent): OutboxEvent => ({ id: t.newId('evt'), shopId: c.shopId, conversationId: e.conversationId, event: e, createdAt: now });
  // The message, occasion or action the turn's records point at.
  const cause = trigger.kind === 'message' ? trigger.messageId : trigger.kind === 'proactive' ? trigger.id : null;
  const replyTo = trigger.kind === 'message' ? trigger.messageId : trigger.kind === 'proactive' ? trigger.replyTo : null;
  const replies: MessageRecord[] = d.replies.map((r) => ({ id: t.newId('msg'), conversationId: c.id, direction: 'out', text: r.text, clientMessageId: null, replyTo, trace: r.trace, createdAt: now }));
  const messages = trigger.kind === 'agent' ? [...trigger.messages, ...replies] : replies;
  const events: OutboxEvent[] = [];
  if (cause !== null) {
    const source = (r: MessageRecord) => (trigger.kind === 'proactive' ? trigger.source : (r.trace?.source ?? 'unknown'));
    events.push(...replies.map((r) => event({ type: 'reply.sent', conversationId: c.id, messageId: r.id, replyTo: cause, source: source(r) })));
    if (d.replies.some((r) => r.trace.source === 'fallback')) events.push(event({ type: 'fallback.used', conversationId: c.id, messageId: cause, consecutive: d.state.consecutiveFallbacks }));
    events.push(...d.calls.map((call) => event({ type: 'tool.called', conversationId: c.id, messageId: cause, tool: call.tool })));
    const h = t.handoff;
    if (h) events.push(event({ type: 'handoff.requested', conversationId: c.id, messageId: cause, reason: h.reason, group: h.group, open: h.open }));
  } else if (trigger.kind === 'agent') {
    events.push(...trigger.events.map(event));
  }
  // What the customer showed: tags and preferences, held by whoever the conversation now knows them to be.
  const customerKey = customerKeyOf({ id: c.id, customerId: c.customerId, state: d.state });
  const at = { shopId: c.shopId, customerKey, conversationId: c.id, messageId: cause ?? '', now };
  const tags = cause === null ? [] : turnTags(t.taxonomy, d, trigger.kind === 'message' ? trigger.text : '', at);
  if (tags.length) {
    const evidence = tags.map((x) => ({ tag: x.tag, rule: x.rule, confidence: x.confidence, messageId: x.messageId }));
    events.push(event({ type: 'customer.tagged', conversationId: c.id, customerId: c.customerId, customerKey, tags: tags.map((x) => x.tag), evidence }));
  }
  const u = d.understanding;
  if (cause !== null && u?.intent && u.intent !== OUT_OF_SCOPE) events.push(event({ type: 'intent.identified', conversationId: c.id, messageId: cause, intent: u.intent, confidence: u.confidence }));
  const preferences = cause === null ? [] : turnPreferences(c.state, d, t.profile, at);
  if (preferences.length) events.push(event(preferencesEvent(c.id, customerKey, preferences)));
  const moved = t.ownership && !sameOwnership(t.ownership, c.ownership) ? t.ownership : undefined;
  return { conversationId: c.id, state: d.state, ...(moved ? { ownership: moved } : {}), messages, tags, preferences, events, at: now };
}

function sameOwnership(a: Ownership, b: Ownership): boolean {
  return a.owner === b.owner && a.agentId === b.agentId && a.group === b.group && a.reason === b.reason && a.priority === b.priority && a.since === b.since;
}
