// The preferences a settled turn reveals (entities of the message, flow answers named like a
// preference), as records with their provenance, stored in the turn's transaction and announced
// as one customer.preferences_learned event.
import type { Decision } from '../conversation/decision.js';
import type { ConversationState } from '../conversation/state.js';
import { learnPreferences, slotsFilled } from './preferences.js';
import type { DomainEvent } from '../events.js';
import { displayValue } from '../sop/variables.js';
import type { CustomerPreferenceRecord } from '../conversation/records.js';

/** The preference records of a turn. */
export function turnPreferences(
  before: ConversationState,
  decision: Decision,
  profile: Readonly<Record<string, string>> | undefined,
  at: { shopId: string; customerKey: string; conversationId: string; messageId: string; now: string },
): CustomerPreferenceRecord[] {
  // A flow slot that merely took what was known (the profile, an earlier message) teaches nothing new.
  const known = (name: string, value: string) => profile?.[name] === value || displayValue(before.memory?.[name]) === value;
  const learned = learnPreferences(decision.understanding, slotsFilled(before.flow, decision.state.flow, decision.finished));
  return learned.filter((p) => p.source === 'message' || !known(p.name, p.value)).map((p) => ({
    shopId: at.shopId,
    customerKey: at.customerKey,
    name: p.name,
    value: p.value,
    confidence: p.confidence,
    source: p.source,
    conversationId: at.conversationId,
    messageId: at.messageId,
    setAt: at.now,
  }));
}

/** The event announcing preferences. */
export function preferencesEvent(conversationId: string | null, customerKey: string, prefs: readonly CustomerPreferenceRecord[]): DomainEvent {
  return {
    type: 'customer.preferences_learned',
    conversationId,
    customerKey,
    preferences: prefs.map((p) => ({ name: p.name, value: p.value, confidence: p.confidence, source: p.source, messageId: p.messageId })),
  };
}
