// Preferences learned from conversations: what the shopper said about themselves (size, height,
// weight, skin type, budget, colours) and what they chose in a flow (category, audience). Each
// keeps where it came from; the newest value of a preference wins. Pure.
import type { FlowState } from '../sop/stepper.js';
import type { SlotValue } from '../sop/types.js';
import { displayValue } from '../sop/variables.js';
import { PREFERENCE_NAMES, type PreferenceName } from './preference-names.js';

export { PREFERENCE_NAMES, type PreferenceName };

/** A preference the turn revealed, and how sure that is. */
export interface LearnedPreference {
  name: PreferenceName;
  /** As shown and stored: "L", "170", "≤300", "敏感肌". */
  value: string;
  confidence: number;
  /** Whence: an entity of the message, or a flow slot the shopper filled. */
  source: 'message' | 'flow';
}

/** How sure each kind of evidence is: a colour named in a question is a weaker preference than a stated size. */
const ENTITY_CONFIDENCE: Partial<Record<PreferenceName, number>> = { size: 0.8, height: 0.9, weight: 0.9, skin_type: 0.9, budget: 0.8, color: 0.5 };
const SLOT_CONFIDENCE = 0.8;

/** Whether a name is one of the profile's preferences. */
export function isPreferenceName(name: string): name is PreferenceName {
  return (PREFERENCE_NAMES as readonly string[]).includes(name);
}

/**
 * The preferences a turn reveals: entities of the message, then the flow's slots that are named
 * like a preference (a slot answer is the shopper's own choice, so it wins over an entity).
 */
export function learnPreferences(u: { entities: readonly { type: string; value: SlotValue }[] } | undefined, slots: Readonly<Record<string, SlotValue>> | undefined): LearnedPreference[] {
  const out = new Map<PreferenceName, LearnedPreference>();
  for (const e of u?.entities ?? []) {
    if (!isPreferenceName(e.type) || out.has(e.type)) continue;
    const value = displayValue(e.value);
    if (value) out.set(e.type, { name: e.type, value, confidence: ENTITY_CONFIDENCE[e.type] ?? 0.5, source: 'message' });
  }
  for (const [name, v] of Object.entries(slots ?? {})) {
    if (!isPreferenceName(name)) continue;
    const value = displayValue(v);
    if (value) out.set(name, { name, value, confidence: SLOT_CONFIDENCE, source: 'flow' });
  }
  return [...out.values()];
}

/** A stored preference back in the form slots are filled from (budgets as ranges, numbers as numbers). */
export function preferenceSlotValue(name: PreferenceName, value: string): SlotValue {
  if (name === 'height' || name === 'weight') {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  if (name === 'budget') {
    const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(value);
    if (range) return { min: Number(range[1]), max: Number(range[2]) };
    const bound = /^([≤≥])(\d+(?:\.\d+)?)$/.exec(value);
    if (bound) return bound[1] === '≤' ? { max: Number(bound[2]) } : { min: Number(bound[2]) };
  }
  return value;
}

/**
 * Slots the turn filled: values of the running flow, and of flows that ended this turn, that were
 * not there (or differed) before it.
 */
export function slotsFilled(before: FlowState | undefined, after: FlowState | undefined, finished: readonly { flowId: string; slots: Record<string, SlotValue> }[] = []): Record<string, SlotValue> {
  const out: Record<string, SlotValue> = {};
  for (const f of [...finished, ...(after ? [after] : [])]) {
    const prior = before?.flowId === f.flowId ? before.slots : {};
    for (const [k, v] of Object.entries(f.slots)) if (JSON.stringify(prior[k]) !== JSON.stringify(v)) out[k] = v;
  }
  return out;
}
