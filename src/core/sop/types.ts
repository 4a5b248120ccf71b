// The domain form of a shop's SOPs (standard operating procedures): flows of steps that the
// stepper executes exactly. Parsed and checked from sops/*.yaml at import; plain data.

/** A value a slot, a condition or a template works with. */
export type SlotValue = string | number | boolean | { min?: number; max?: number };

/** A test over the flow's variables (slots, tool results, customer, product). */
export type Condition =
  | { var: string; op: 'equals' | 'not_equals' | 'contains'; value: string | number | boolean }
  | { var: string; op: 'in'; value: (string | number)[] }
  | { var: string; op: 'lt' | 'lte' | 'gt' | 'gte'; value: number }
  | { var: string; op: 'exists'; value: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** One wording of a template; the first variant whose `when` holds is said. */
export interface TemplateVariant {
  when?: Condition;
  text: string;
}

/** How a flow starts. */
export type Trigger =
  | { kind: 'intent'; intent: string; minConfidence: number }
  | { kind: 'keyword'; keywords: string[] }
  | { kind: 'entity'; entity: string }
  /** `afterMinutes`: for customer_silent, how long the shopper has not answered (default 10). */
  | { kind: 'event'; event: FlowEvent; afterMinutes?: number };

/** Things that happen outside the shopper's messages and may start a flow. */
export type FlowEvent = 'first_message' | 'customer_silent' | 'order_delivered';

/** What a slot holds and how a shopper's message fills it. */
export interface SlotDefinition {
  /** An entity type (order_id, size, skin_type, a custom dictionary…), `choice` or `text`. */
  type: string;
  /** For `choice`: the values and the words that pick them. */
  choices?: { value: string; synonyms: string[] }[];
  /** For `text`: a regular expression the answer must match (its named group `value`, if any, is
   * what the slot keeps), and its minimum length. */
  pattern?: string;
  minLength?: number;
  /** A choice slot that only listens to the answer to its own question (e.g. a reaction). */
  whenAsked?: boolean;
  /** A text slot that the message starting the flow may already fill (a complaint's details). */
  fromTrigger?: boolean;
  /** A text slot with a pattern that any message of the flow may fill (a zip code given with a name). */
  listen?: boolean;
  /** Starts from the customer's stored preference of this name (a returning shopper's skin type). */
  fromProfile?: string;
}

interface StepBase {
  id: string;
  /** The step to go to afterwards; absent means the next step in the list (or the flow's end). */
  next?: string;
}

/** One step of a flow. */
export type Step =
  | (StepBase & { kind: 'say'; template: string })
  /** `force` asks even when the slot is filled (forgetting the old value): the retry of a loop. */
  | (StepBase & { kind: 'ask'; slot: string; template: string; reprompt?: string; maxAttempts: number; onFail?: string; force?: boolean })
  | { id: string; kind: 'branch'; cases: { if: Condition; goto: string }[]; else: string }
  | (StepBase & { kind: 'call'; tool: string; args: Record<string, string>; saveAs: string; onError?: string })
  | { id: string; kind: 'confirm'; template: string; reprompt?: string; maxAttempts: number; yes: string; no: string }
  | (StepBase & { kind: 'tag'; tags: string[] })
  /** Empties slots so they are filled again (a retry after wrong details). */
  | (StepBase & { kind: 'forget'; slots: string[] })
  /** Runs another flow (e.g. authentication) and comes back here when it ends. */
  | (StepBase & { kind: 'use'; flow: string })
  | { id: string; kind: 'handoff'; reason: string; template?: string }
  | { id: string; kind: 'end'; template?: string };

/** The kinds of step. */
export type StepKind = Step['kind'];

/** A flow: triggers, slots, steps (the first is the entry) and its templates. */
export interface Flow {
  id: string;
  name: { zh?: string; en?: string };
  description?: string;
  /** Higher wins when several flows trigger on the same message. */
  priority: number;
  /** Starts even while another flow waits for an answer in words ("get me a person" at any question). */
  interrupts?: boolean;
  triggers: Trigger[];
  slots: Record<string, SlotDefinition>;
  steps: Step[];
  templates: Record<string, TemplateVariant[]>;
}
