// Understanding one message: intent (the shop's classifier), entities (built-in extractors, the
// catalog's colours and sizes, the shop's dictionaries) and sentiment. Built once per release.
import type { ShopBundle } from '../catalog/types.js';
import { createEntityExtractor, type Entity } from './entities.js';
import { intentClassifierFrom, OUT_OF_SCOPE, trainIntentClassifier, type IntentClassifier } from './intent-classifier.js';
import type { IntentModel, RankedIntent } from './intent-model.js';
import { IN_SCOPE_EXAMPLES, IN_SCOPE_WORDS } from './in-scope-examples.js';
import { OUT_OF_SCOPE_EXAMPLES } from './out-of-scope-examples.js';
import { detectSentiment, type SentimentResult } from './sentiment.js';
import type { Tokenizer } from './tokenizer.js';

/** A calendar day in the shop's time zone: what relative dates (明天, 周五) resolve against. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
}

export interface Understanding {
  /** The shop's intent, `out_of_scope`, or null when the shop has no intents. */
  intent: string | null;
  confidence: number;
  ranked: RankedIntent[];
  entities: Entity[];
  sentiment: SentimentResult;
}

export interface Understander {
  readonly classifier: IntentClassifier | undefined;
  /** A shop without intents: its own topics against what no shop covers (out of scope or not). */
  readonly scope?: IntentClassifier | undefined;
  understand(text: string, today: CalendarDay): Understanding;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * Formatters by time zone: building an Intl.DateTimeFormat costs more than a whole turn's
 * understanding (it was 7% of a server's time under load), using one costs a microsecond.
 */
const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();
const MAX_DAY_FORMATS = 64;

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let f = DAY_FORMATS.get(timeZone);
  if (!f) {
    const options = { year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' } as const;
    try {
      f = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
    }
    if (DAY_FORMATS.size >= MAX_DAY_FORMATS) DAY_FORMATS.clear();
    DAY_FORMATS.set(timeZone, f);
  }
  return f;
}

/** The calendar day of an instant in a time zone (Intl only: no clock is read). */
export function calendarDay(at: Date, timeZone: string): CalendarDay {
  const parts = dayFormat(timeZone).formatToParts(at);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return { year: Number(get('year')), month: Number(get('month')), day: Number(get('day')), weekday: WEEKDAYS[get('weekday')] ?? 1 };
}

/**
 * Builds the release's understander; trains the intent classifier (deterministic), unless the
 * model trained at publish is given.
 */
export function createUnderstander(bundle: ShopBundle, tokenizer: Tokenizer, trained?: IntentModel): Understander {
  const intents = bundle.intents ?? [];
  const classifier = intents.length
    ? trained
      ? intentClassifierFrom(trained, tokenizer.words)
      : trainIntentClassifier(
        [
          ...intents.flatMap((i) => i.examples.map((text) => ({ text, intent: i.id }))),
          // Built-in examples of what no shop covers (weather, homework, other platforms…).
          ...OUT_OF_SCOPE_EXAMPLES.map((text) => ({ text, intent: OUT_OF_SCOPE })),
        ],
        tokenizer.words,
      )
    : undefined;
  // A shop without intents still tells its own topics from the rest of the world: what shoppers
  // ask any shop, its FAQ questions and product names against the built-in out-of-scope examples.
  // Trained at publish and stored in the release image in the intent model's place.
  const scope = intents.length
    ? undefined
    : trained
      ? intentClassifierFrom(trained, tokenizer.words, { threshold: 0 })
      : trainIntentClassifier(scopeExamples(bundle), tokenizer.words, { threshold: 0 });
  const option = (name: string): string[] => [...new Set(bundle.products.flatMap((p) => p.variants.map((v) => v.options[name]).filter((x): x is string => !!x)))].sort();
  const extract = createEntityExtractor({
    orderIdPatterns: bundle.shop.orderIdPatterns ?? ['\\d{18,19}'],
    catalogColors: option('color'),
    catalogSizes: option('size'),
    custom: bundle.entities ?? [],
  });
  return {
    classifier,
    scope,
    understand(text, today) {
      const c = classifier?.classify(text);
      const off = scope?.classify(text);
      const outOfScope = off?.intent === OUT_OF_SCOPE && off.confidence >= SCOPE_MIN_CONFIDENCE ? { intent: OUT_OF_SCOPE, confidence: off.confidence } : undefined;
      return {
        intent: c ? c.intent : outOfScope ? OUT_OF_SCOPE : null,
        confidence: c ? round(c.confidence) : outOfScope ? round(outOfScope.confidence) : 0,
        ranked: (c?.ranked ?? (outOfScope ? [outOfScope] : [])).map((r) => ({ intent: r.intent, confidence: round(r.confidence) })),
        entities: extract(text, today),
        sentiment: detectSentiment(text),
      };
    },
  };
}

/** The class of a shop's own topics in the scope classifier of a shop without intents. */
const IN_SCOPE = 'in_scope';
/**
 * How sure the scope classifier must be that a message is out of scope: it learns from few of the
 * shop's own words, and a shop question taken for small talk loses its answer (双十一拍的要等多久才发
 * came out at 0.51, 明天佛山下雨吗 at 0.87 on the kitchen shop).
 */
const SCOPE_MIN_CONFIDENCE = 0.75;
/** At most this many of the shop's FAQ questions and product names teach the scope classifier. */
const MAX_SCOPE_EXAMPLES = 2_000;

/** Every `step`-th item, so that at most `max` are taken, spread over the list (deterministic). */
function spread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)] as T);
}

function scopeExamples(bundle: ShopBundle): { text: string; intent: string }[] {
  const own = [...bundle.faq.flatMap((f) => [f.question, ...f.similar]), ...bundle.products.flatMap((p) => [p.name, ...p.aliases]), ...new Set(bundle.products.map((p) => p.category))];
  return [
    ...[...IN_SCOPE_EXAMPLES, ...IN_SCOPE_WORDS, ...spread(own, MAX_SCOPE_EXAMPLES)].map((text) => ({ text, intent: IN_SCOPE })),
    ...OUT_OF_SCOPE_EXAMPLES.map((text) => ({ text, intent: OUT_OF_SCOPE })),
  ];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
