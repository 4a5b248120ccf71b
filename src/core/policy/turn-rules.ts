// Who takes a shopper's message before any model is asked: the running flow (its step, a cancel, a
// switch to another flow, a question on the side), a flow the message triggers, the welcome flow,
// or the knowledge base. One ordered table of rules over plain facts; the first that holds wins and
// its id goes into every reply's trace (policy.turn). The rules are the ones docs/sop.md promises.

/**
 * What the rules read about a message. Facts that need the knowledge base's answer are functions,
 * asked only when a rule before them did not decide, so a flow's step never pays for a search.
 */
export interface TurnFacts {
  /** The release has flows at all. */
  hasFlows: boolean;
  /** A flow waits for the shopper's answer (not for a tool). */
  running: boolean;
  /** The message cancels the running flow ("算了", not at a confirm question). */
  cancels: boolean;
  /** Another flow is clearly asked for and may interrupt the running one. */
  switches: boolean;
  /** The running flow's step took the message as its answer. */
  stepFilled: boolean;
  /** The message is a question the knowledge base answers (not with the fallback). */
  sideQuestion: () => boolean;
  /** How a flow's trigger matched the message, when one did. */
  trigger: 'intent' | 'keyword' | 'entity' | undefined;
  /** A general question the knowledge base answers directly ("退货要运费吗"), not a request or one about the shopper's own order. */
  generalQuestion: () => boolean;
  /** The conversation's first message, and the welcome flow would greet it (smalltalk, or a fallback with nothing to suggest). */
  welcomes: () => boolean;
}

/** What the turn does. */
export type TurnChoice = 'knowledge' | 'cancel_flow' | 'switch_flow' | 'flow_step' | 'side_question' | 'reprompt' | 'start_flow' | 'start_welcome';

interface TurnRule {
  id: string;
  when: (f: TurnFacts) => boolean;
  choice: TurnChoice;
}

/** The rules, in order. */
export const TURN_RULES: readonly TurnRule[] = [
  { id: 'no_flows', when: (f) => !f.hasFlows, choice: 'knowledge' },
  { id: 'flow_cancelled', when: (f) => f.running && f.cancels, choice: 'cancel_flow' },
  { id: 'flow_switched', when: (f) => f.running && f.switches, choice: 'switch_flow' },
  { id: 'flow_step', when: (f) => f.running && f.stepFilled, choice: 'flow_step' },
  { id: 'side_question', when: (f) => f.running && f.sideQuestion(), choice: 'side_question' },
  { id: 'flow_reprompt', when: (f) => f.running, choice: 'reprompt' },
  { id: 'entity_trigger', when: (f) => f.trigger === 'entity', choice: 'start_flow' },
  { id: 'general_question', when: (f) => f.trigger !== undefined && f.generalQuestion(), choice: 'knowledge' },
  { id: 'flow_trigger', when: (f) => f.trigger !== undefined, choice: 'start_flow' },
  { id: 'welcome_flow', when: (f) => f.welcomes(), choice: 'start_welcome' },
  { id: 'knowledge', when: () => true, choice: 'knowledge' },
];

/** The first rule that holds. */
export function chooseTurnPath(f: TurnFacts): { rule: string; choice: TurnChoice } {
  const r = TURN_RULES.find((x) => x.when(f)) ?? { id: 'knowledge', choice: 'knowledge' as const };
  return { rule: r.id, choice: r.choice };
}
