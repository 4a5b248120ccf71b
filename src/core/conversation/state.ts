// Per-conversation memory the core carries between turns. Plain data, stored as JSON.
import type { Aspect } from '../knowledge/aspects.js';
import type { FlowState } from '../sop/stepper.js';
import type { SlotValue } from '../sop/types.js';

/** What the core remembers about a conversation. */
export interface ConversationState {
  /** The product being discussed: from the page the shopper is on, or the last one answered. */
  focusProductId?: string;
  /** A clarifying question is open: which of these products, to answer these aspects. */
  pending?: { candidates: string[]; aspects: Aspect[]; text: string };
  /** FAQ entries the last fallback offered as "您是不是想问" (the shopper may answer with a number). */
  suggested?: string[];
  /** What the last product answer was about, for follow-ups such as "那白色100呢". */
  lastAspects?: Aspect[];
  /** Fallbacks in a row; reset by any real answer. */
  consecutiveFallbacks: number;
  turns: number;
  /** The SOP flow in progress, if any. */
  flow?: FlowState;
  /** The last value of each entity type the shopper gave, so a flow does not ask for it again. */
  memory?: Record<string, SlotValue>;
  /** The customer this conversation proved to be (a signed identity token, or a commerce tool that identified them), with their name. */
  authenticated?: { customerId: string; name: string };
  /** The turn (`turns`) at which the shopper's silence was last followed up, so it is followed up once. */
  nudgedAt?: number;
  /** Set when the conversation was handed to a person, with the reason. */
  handoff?: { reason: string };
}

/** The state of a conversation that has not had a turn yet. */
export function initialState(focusProductId?: string): ConversationState {
  return focusProductId ? { focusProductId, consecutiveFallbacks: 0, turns: 0 } : { consecutiveFallbacks: 0, turns: 0 };
}
