// The shop's tag taxonomy (tags.yaml) and the rules that tag a customer from what a conversation
// shows: the intent understood, the entities found, keywords, and the SOP steps taken. Every tag
// set keeps its evidence: which rule, from which message. Pure: matching has no I/O.
import { normalizeText } from '../understanding/normalize.js';

/** A group of tags (interest, concern, lifecycle, purchase intent level, value…). */
export interface TagGroup {
  id: string;
  label: { zh?: string; en?: string };
}

/** A tag the shop uses; `expiresDays` makes it lapse that long after it was last set. */
export interface TagDefinition {
  id: string;
  group: string;
  expiresDays?: number;
}

/** What a rule looks for in one turn. */
export type TagCondition =
  | { intent: string; minConfidence: number }
  | { entity: string; value?: string }
  | { keywords: string[] }
  | { step: string }
  | { all: TagCondition[] }
  | { any: TagCondition[] };

/** A rule: when its condition holds for a turn, the customer gets the tag with this confidence. */
export interface TagRule {
  id: string;
  tag: string;
  when: TagCondition;
  confidence: number;
}

export interface TagTaxonomy {
  groups: TagGroup[];
  tags: TagDefinition[];
  rules: TagRule[];
}

/** What one turn showed, as the rules see it. */
export interface TurnFacts {
  understanding: { intent: string | null; confidence: number; entities: readonly { type: string; value: unknown }[] };
  /** The shopper's message. */
  text: string;
  /** "flow/step" of every flow step the turn ran. */
  steps: readonly string[];
}

/** A tag a turn earned, and why. */
export interface TagHit {
  tag: string;
  group: string;
  /** The rule id, or `sop:<flow>/<step>` for a flow's `tag` step. */
  rule: string;
  confidence: number;
  expiresDays?: number;
}

function holds(c: TagCondition, f: TurnFacts, norm: string): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, f, norm));
  if ('any' in c) return c.any.some((x) => holds(x, f, norm));
  if ('intent' in c) return f.understanding.intent === c.intent && f.understanding.confidence >= c.minConfidence;
  if ('entity' in c) return f.understanding.entities.some((e) => e.type === c.entity && (c.value === undefined || e.value === c.value));
  if ('keywords' in c) return c.keywords.some((k) => norm.includes(normalizeText(k)));
  return f.steps.includes(c.step);
}

/** A hit on `tag` with its group and expiry from the taxonomy (group `other` for a tag it does not list). */
function hit(taxonomy: TagTaxonomy | undefined, tag: string, rule: string, confidence: number): TagHit {
  const def = taxonomy?.tags.find((t) => t.id === tag);
  return { tag, group: def?.group ?? 'other', rule, confidence, ...(def?.expiresDays !== undefined ? { expiresDays: def.expiresDays } : {}) };
}

/** One hit per tag: the most confident, the first of equals. */
export function strongestPerTag(hits: readonly TagHit[]): TagHit[] {
  const best = new Map<string, TagHit>();
  for (const h of hits) if ((best.get(h.tag)?.confidence ?? -1) < h.confidence) best.set(h.tag, h);
  return [...best.values()];
}

/** The tags a turn earns by the shop's rules; one hit per tag, the most confident rule winning. */
export function matchTagRules(taxonomy: TagTaxonomy, facts: TurnFacts): TagHit[] {
  const norm = normalizeText(facts.text);
  return strongestPerTag(taxonomy.rules.filter((r) => holds(r.when, facts, norm)).map((r) => hit(taxonomy, r.tag, r.id, r.confidence)));
}

/** Tags a flow's `tag` step set: full confidence, evidence the step; group and expiry from the taxonomy. */
export function flowTagHits(taxonomy: TagTaxonomy | undefined, tags: readonly string[], step: string): TagHit[] {
  return tags.map((tag) => hit(taxonomy, tag, `sop:${step}`, 1));
}

/** The intents, entity types and steps a condition names, for checking them at import. */
export function conditionRefs(c: TagCondition): { intents: string[]; entities: string[]; steps: string[] } {
  if ('all' in c || 'any' in c) {
    const parts = ('all' in c ? c.all : c.any).map(conditionRefs);
    return { intents: parts.flatMap((p) => p.intents), entities: parts.flatMap((p) => p.entities), steps: parts.flatMap((p) => p.steps) };
  }
  if ('intent' in c) return { intents: [c.intent], entities: [], steps: [] };
  if ('entity' in c) return { intents: [], entities: [c.entity], steps: [] };
  if ('step' in c) return { intents: [], entities: [], steps: [c.step] };
  return { intents: [], entities: [], steps: [] };
}
