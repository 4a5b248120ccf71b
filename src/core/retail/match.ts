// Deterministic resolvers from a shopper's words to the ids the retail write tools need: which items
// of an order, which new variants, which payment method, which address, which products. Matching
// works on normalized tokens (lower case, singular, units canonical, "t-shirt" = "t shirt" = "tshirt").
import type { RetailAddress, RetailOrder, RetailOrderItem, RetailProduct, RetailUser, RetailVariant } from './types.js';

// ---------------------------------------------------------------------------------------------
// Tokens

interface Token {
  /** Normalized form: lower case, singular, number words as digits, units canonical. */
  t: string;
  /** The word was plural as written ("laptops"). */
  plural: boolean;
  /** A single capital letter as written ("M", "L"): a size, not an article. */
  upper: boolean;
  /** Written after "$": an amount, never an option value. */
  money: boolean;
  sentence: number;
}

const NUMBER_WORDS: Readonly<Record<string, string>> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12',
};
/** Units written as separate words after a number ("2 liters", "10 hours"). */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  ml: 'ml', milliliter: 'ml', millilitre: 'ml', liter: 'l', litre: 'l', ltr: 'l', inch: 'inch', ft: 'ft', foot: 'ft',
  feet: 'ft', hour: 'hour', hr: 'hour', hrs: 'hour', gb: 'gb', gig: 'gb', gigabyte: 'gb', tb: 'tb', terabyte: 'tb',
  lb: 'lb', lbs: 'lb', pound: 'lb', mah: 'mah', mp: 'mp', megapixel: 'mp', watt: 'w', cup: 'cup', piece: 'piece',
  pc: 'piece', pcs: 'piece', degree: 'degree', mm: 'mm', bar: 'bar',
};
/** Units glued to a number ("1.5L", "4K", "10x", "60W"); single letters only count glued. */
const GLUED_UNITS: Readonly<Record<string, string>> = { ...UNIT_WORDS, l: 'l', in: 'inch', h: 'hour', w: 'w', x: 'x', k: 'k', p: 'p' };
const UNITS = new Set([...Object.values(GLUED_UNITS), '%']);
const WORD_FORMS: Readonly<Record<string, string>> = {
  gray: 'grey', colour: 'color', resistant: 'resistance', resistent: 'resistance', '&': 'and', '+': 'and',
};
const NUMBER = /^\d+(?:\.\d+)?$/;
/** `record[key]` for own keys only (shopper words like "constructor" are not entries). */
const lookup = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);
const ALPHA = /^[a-z]+$/;

function singular(w: string): string {
  if (w.length <= 3 || !ALPHA.test(w) || /(ss|us|is)$/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('lves')) return `${w.slice(0, -3)}f`;
  if (/(ch|sh|x|z|ss)es$/.test(w)) return w.slice(0, -2);
  return w.endsWith('s') ? w.slice(0, -1) : w;
}

function tokenize(text: string): Token[] {
  const clean = text
    .replace(/['’]s\b/gi, '')
    .replace(/['’]/g, '')
    .replace(/(\d),(?=\d{3}\b)/g, '$1');
  const out: Token[] = [];
  let sentence = 0;
  let last = 0;
  const push = (t: string, plural = false, upper = false, money = false): void => {
    out.push({ t, plural, upper, money, sentence });
  };
  for (const m of clean.matchAll(/\$?[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*%?|[+&]/g)) {
    if (/[.!?;]/.test(clean.slice(last, m.index))) sentence++;
    last = m.index + m[0].length;
    let raw = m[0];
    const money = raw.startsWith('$');
    if (money) raw = raw.slice(1);
    const percent = raw.endsWith('%');
    if (percent) raw = raw.slice(0, -1);
    // "30-50" is a range; "t-shirt", "13-inch", "Wi-Fi" split at the hyphen.
    const parts = /^\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)+$/.test(raw) ? [raw] : raw.split('-');
    for (const part of parts) {
      if (!part) continue;
      const glued = /^(\d+(?:\.\d+)?)([a-z]+)$/i.exec(part);
      if (glued) {
        const unit = glued[2]!.toLowerCase();
        push(glued[1]!, false, false, money);
        push(lookup(GLUED_UNITS, singular(unit)) ?? unit);
        continue;
      }
      const lower = part.toLowerCase();
      const one = singular(lookup(NUMBER_WORDS, lower) ?? lower);
      let t = lookup(WORD_FORMS, one) ?? one;
      const prev = out[out.length - 1];
      if (prev && NUMBER.test(prev.t)) t = lookup(UNIT_WORDS, t) ?? t;
      push(t, one !== lower && ALPHA.test(lower), part.length === 1 && /[A-Z]/.test(part), money);
    }
    if (percent) push('%');
  }
  return out;
}

const phraseOf = (s: string): string[] => tokenize(s).map((tok) => tok.t);

/** End (exclusive) of `phrase` matched at toks[i], or -1. Letter tokens may be split or joined
 *  ("tshirt" = "t shirt"); numbers must match exactly. */
function matchAt(toks: readonly Token[], i: number, phrase: readonly string[]): number {
  let a = i;
  let b = 0;
  while (b < phrase.length) {
    const tok = toks[a]?.t;
    const p = phrase[b]!;
    if (tok === undefined) return -1;
    if (tok === p) {
      a++;
      b++;
      continue;
    }
    if (!ALPHA.test(tok) || !ALPHA.test(p)) return -1;
    if (p.startsWith(tok)) {
      let joined = tok;
      let k = a + 1;
      while (joined.length < p.length) {
        const next = toks[k]?.t;
        if (next === undefined || !ALPHA.test(next) || !p.startsWith(joined + next)) return -1;
        joined += next;
        k++;
      }
      a = k;
      b++;
    } else if (tok.startsWith(p)) {
      let joined = p;
      let k = b + 1;
      while (joined.length < tok.length) {
        const next = phrase[k];
        if (next === undefined || !ALPHA.test(next) || !tok.startsWith(joined + next)) return -1;
        joined += next;
        k++;
      }
      a++;
      b = k;
    } else return -1;
  }
  return a;
}

interface Span {
  start: number;
  end: number;
}
const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;
const gap = (a: Span, b: Span): number => (a.end <= b.start ? b.start - a.end : b.end <= a.start ? a.start - b.end : 0);

// ---------------------------------------------------------------------------------------------
// Product names

/** Extra names shoppers use; every tail of the name also counts ("Vacuum Cleaner" → "cleaner"). */
const PRODUCT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  't-shirt': ['tee'],
  'vacuum cleaner': ['vacuum'],
  smartphone: ['phone', 'cell phone'],
  wristwatch: ['watch', 'wrist watch'],
  bicycle: ['bike'],
  'jigsaw puzzle': ['jigsaw'],
  'dumbbell set': ['dumbbell'],
  'luggage set': ['luggage', 'suitcase'],
  'wireless earbuds': ['earphone'],
  headphones: ['headset'],
  'portable charger': ['power bank'],
  'makeup kit': ['makeup'],
  'led light bulb': ['led bulb'],
  'coffee maker': ['coffee'],
  'pet bed': ['dog bed', 'cat bed'],
  'cycling helmet': ['bike helmet', 'bicycle helmet'],
};

interface NameMention extends Span {
  productIds: Set<string>;
  plural: boolean;
}

function namePhrases(products: Iterable<{ product_id: string; name: string }>): { phrase: string[]; productId: string }[] {
  const out: { phrase: string[]; productId: string }[] = [];
  for (const p of products) {
    const words = phraseOf(p.name);
    const names = (lookup(PRODUCT_ALIASES, p.name.toLowerCase()) ?? []).map(phraseOf);
    for (let k = 0; k < words.length; k++) {
      const tail = words.slice(k);
      if (tail.length > 1 || tail[0] !== 'set') names.push(tail);
    }
    for (const phrase of names) out.push({ phrase, productId: p.product_id });
  }
  return out;
}

/** Longest-first, non-overlapping mentions of product names. */
function nameMentions(toks: readonly Token[], products: Iterable<{ product_id: string; name: string }>): NameMention[] {
  const phrases = namePhrases(products);
  const out: NameMention[] = [];
  for (let i = 0; i < toks.length; ) {
    let end = -1;
    const ids = new Set<string>();
    for (const { phrase, productId } of phrases) {
      const e = matchAt(toks, i, phrase);
      if (e > end) {
        end = e;
        ids.clear();
      }
      if (e === end && e > 0) ids.add(productId);
    }
    if (end > i) {
      out.push({ start: i, end, productIds: ids, plural: toks[end - 1]!.plural });
      i = end;
    } else i++;
  }
  return out;
}

function distinctProducts(items: readonly RetailOrderItem[]): { product_id: string; name: string }[] {
  return [...new Map(items.map((it) => [it.product_id, { product_id: it.product_id, name: it.name }])).values()];
}

// ---------------------------------------------------------------------------------------------
// Option values

interface ValuePhrase {
  phrase: string[];
  option: string;
  /** Undefined for a yes/no option named by its name ("waterproof"): the value is "no" when negated. */
  value: string | undefined;
  /** full: the whole value or a synonym. partial: a telling part of a longer value ("Google" for
   *  "Google Assistant", "512GB" for "512GB SSD"). shape: any number with the unit the option's values
   *  share ("8 bar", "size 12"), `value` being a sample to put the number in; it names values the
   *  product may not have. Weaker kinds lose to stronger ones on the same words. */
  kind: 'full' | 'partial' | 'shape';
}
const KIND_ORDER = { full: 0, partial: 1, shape: 2 } as const;

interface ValueMention extends Span {
  option: string;
  value: string;
  negated: boolean;
}

const LETTER_SIZES: Readonly<Record<string, readonly string[]>> = {
  XS: ['extra small'], S: ['small'], M: ['medium'], L: ['large'], XL: ['extra large'], XXL: ['extra extra large', '2xl', 'double extra large'],
};
/** Words too common to name a value on their own. */
const PARTIAL_STOP = new Set([
  'back', 'high', 'full', 'half', 'mode', 'auto', 'side', 'hard', 'soft', 'cover', 'type', 'size', 'light', 'dark', 'brand',
  'piece', 'built', 'with', 'equivalent', 'filter', 'operation', 'tilt', 'neck', 'over', 'smart', 'removal', 'press',
]);
const NEGATIONS = new Set(['not', 'no', 'non', 'without', 'nor']);
/** Words right before a value that say it is not wanted ("instead of blue", "i5 over i7"). */
const NOT_WANTED = new Set(['not', 'no', 'than', 'over', 'except', 'without']);

/** Phrases naming the values of each option (option → its values). */
function valuePhrases(options: ReadonlyMap<string, ReadonlySet<string>>): ValuePhrase[] {
  const out: ValuePhrase[] = [];
  for (const [option, values] of options) {
    const optionPhrase = phraseOf(option);
    if ([...values].every((v) => v === 'yes' || v === 'no')) {
      out.push({ phrase: optionPhrase, option, value: undefined, kind: 'full' });
      // "water resistance" also reads "resistant to water".
      if (optionPhrase.length === 2) out.push({ phrase: [optionPhrase[1]!, 'to', optionPhrase[0]!], option, value: undefined, kind: 'full' });
      continue;
    }
    const tokenized = [...values].map((v) => [v, phraseOf(v)] as const);
    const allWords = new Set(tokenized.flatMap(([, p]) => p));
    for (const [value, phrase] of tokenized) {
      if (value.toLowerCase() === 'none') {
        out.push({ phrase: ['no', ...optionPhrase], option, value, kind: 'full' });
        out.push({ phrase: ['without', ...optionPhrase], option, value, kind: 'full' });
        continue;
      }
      out.push({ phrase, option, value, kind: 'full' });
      if (/size/i.test(option)) {
        for (const synonym of lookup(LETTER_SIZES, value) ?? []) {
          const words = phraseOf(synonym);
          if (!words.some((w) => allWords.has(w))) out.push({ phrase: words, option, value, kind: 'full' });
        }
      }
      if (phrase.length > 1) {
        for (const word of phrase) {
          const unique = tokenized.filter(([, p]) => p.includes(word)).length === 1;
          if (unique && word.length >= 4 && ALPHA.test(word) && !PARTIAL_STOP.has(word)) out.push({ phrase: [word], option, value, kind: 'partial' });
        }
      }
      const head = phrase.slice(0, 2).join(' ');
      if (phrase.length > 2 && NUMBER.test(phrase[0]!) && tokenized.filter(([, p]) => p.slice(0, 2).join(' ') === head).length === 1) {
        out.push({ phrase: phrase.slice(0, 2), option, value, kind: 'partial' });
      }
    }
    // Numbers with a unit the values share: [unit words] → a sample value.
    const shapes = new Map<string, string[]>();
    for (const [value, phrase] of tokenized) {
      if (!NUMBER.test(phrase[0] ?? '')) continue;
      const unit = phrase.slice(1).join(' ');
      shapes.set(unit, [...(shapes.get(unit) ?? []), value]);
    }
    for (const [unit, samples] of shapes) {
      if (samples.length > 1) out.push({ phrase: unit ? unit.split(' ') : [], option, value: samples[0]!, kind: 'shape' });
    }
  }
  return out;
}

function optionValuesOf(optionSets: Iterable<Readonly<Record<string, string>>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const options of optionSets) {
    for (const [k, v] of Object.entries(options)) {
      let values = out.get(k);
      if (!values) out.set(k, (values = new Set()));
      values.add(v);
    }
  }
  return out;
}

/** Mentions of option values outside the `blocked` spans (product names). Longer matches win; a value
 *  shared by two options ("black" frame or lens) needs the option's own word nearby. */
function valueMentions(toks: readonly Token[], phrases: readonly ValuePhrase[], blocked: readonly Span[]): ValueMention[] {
  const found: (Span & { vp: ValuePhrase })[] = [];
  for (let i = 0; i < toks.length; i++) {
    for (const vp of phrases) {
      if (vp.kind === 'shape') {
        const number = toks[i]!.t;
        const end = NUMBER.test(number) ? matchAt(toks, i + 1, vp.phrase) : -1;
        const cued = vp.phrase.length > 0 || phraseOf(vp.option).includes(toks[i - 1]?.t ?? '') || phraseOf(vp.option).includes(toks[i + 1]?.t ?? '');
        const value = vp.value!.replace(/\d+(?:\.\d+)?/, number);
        if (end > i && cued && !toks[i]!.money && toks[end]?.t !== '%') found.push({ start: i, end, vp: { ...vp, value } });
        continue;
      }
      const end = matchAt(toks, i, vp.phrase);
      if (end > i && acceptable(toks, { start: i, end }, vp)) found.push({ start: i, end, vp });
    }
  }
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || KIND_ORDER[a.vp.kind] - KIND_ORDER[b.vp.kind] || a.start - b.start);
  const kept: (Span & { vp: ValuePhrase })[] = [];
  for (const f of found) {
    if (blocked.some((s) => overlaps(s, f))) continue;
    const clash = kept.filter((k) => overlaps(k, f));
    if (clash.length === 0 || clash.every((k) => k.start === f.start && k.end === f.end && k.vp.kind === f.vp.kind)) kept.push(f);
  }
  const out: ValueMention[] = [];
  for (const f of kept) {
    const same = kept.filter((k) => k.start === f.start && k.end === f.end && k.vp.option !== f.vp.option);
    if (same.length > 0 && !optionCued(toks, f, f.vp.option, [f, ...same].map((k) => k.vp.option))) continue;
    const before = toks.slice(Math.max(0, f.start - 2), f.start).map((tok) => tok.t);
    if (f.vp.value === undefined) {
      const value = before.some((w) => NEGATIONS.has(w)) ? 'no' : 'yes';
      out.push({ start: f.start, end: f.end, option: f.vp.option, value, negated: false });
      continue;
    }
    const prev = before[before.length - 1];
    const negated = (prev !== undefined && NOT_WANTED.has(prev)) || before.join(' ') === 'instead of';
    out.push({ start: f.start, end: f.end, option: f.vp.option, value: f.vp.value, negated });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Context rules: a lone size letter needs "size" next to it or a capital; a bare number is not
 *  an amount nor followed by a unit (other than the option's own word, "1000 pieces"). */
function acceptable(toks: readonly Token[], span: Span, vp: ValuePhrase): boolean {
  if (vp.phrase.length !== 1 || vp.value === undefined) return true;
  const tok = toks[span.start]!;
  const word = vp.phrase[0]!;
  if (word.length === 1 && ALPHA.test(word)) {
    return tok.upper || toks[span.start - 1]?.t === 'size' || toks[span.end]?.t === 'size';
  }
  if (NUMBER.test(word)) {
    const next = toks[span.end]?.t;
    return !tok.money && (next === undefined || !UNITS.has(next) || phraseOf(vp.option).includes(next));
  }
  return true;
}

function optionCued(toks: readonly Token[], span: Span, option: string, rivals: readonly string[]): boolean {
  const own = phraseOf(option).filter((w) => !rivals.some((r) => r !== option && phraseOf(r).includes(w)));
  const near = toks.slice(Math.max(0, span.start - 3), span.end + 3).map((tok) => tok.t);
  return own.some((w) => near.includes(w));
}

// ---------------------------------------------------------------------------------------------
// Order items

/** Words that turn the rest of a sentence into exclusions ("everything except the lamp"). */
const EXCLUDERS: readonly (readonly string[])[] = [
  ['except'], ['excluding'], ['besides'], ['other', 'than'], ['apart', 'from'], ['aside', 'from'], ['but', 'not'],
  ['not', 'including'], ['keep'], ['keeping'], ['all', 'but'], ['everything', 'but'],
];
/** Verbs that start a new request and so end an exclusion ("keep the kettle, and return the sneaker"). */
const REQUEST_VERBS = new Set(['return', 'exchange', 'cancel', 'modify', 'change', 'refund', 'want', 'also', 'then']);
const ALL_WORDS = new Set(['all', 'everything', 'every', 'entire', 'whole']);

/** Spans from an excluder to the end of its sentence or the next request verb. */
function excludedZones(toks: readonly Token[]): Span[] {
  const zones: Span[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (!EXCLUDERS.some((w) => matchAt(toks, i, w) > i)) continue;
    let end = i + 1;
    while (end < toks.length && toks[end]!.sentence === toks[i]!.sentence && !REQUEST_VERBS.has(toks[end]!.t)) end++;
    zones.push({ start: i, end });
  }
  return zones;
}

/** The items of the order the text names, in the order's item order. Matching by product name words
 *  (case-insensitive, singular/plural, "t-shirt"/"tshirt"/"tee", "headphone"/"headphones", "cleaner" →
 *  "Vacuum Cleaner"), by an option value that identifies one item ("the blue one"), or by item id.
 *  "all"/"everything"/"all items" → all items; "everything except the lamp" → all but the lamp. Two items
 *  of one product are told apart by the option value nearest the name ("the 17-inch laptop"), unless
 *  the name is plural ("both laptops"). */
export function matchOrderItems(order: RetailOrder, text: string): { itemIds: string[]; names: string[] } {
  const toks = tokenize(text);
  const items = order.items;
  const zones = excludedZones(toks);
  const inZone = (s: Span): boolean => zones.some((z) => overlaps(z, s));
  const names = nameMentions(toks, distinctProducts(items));
  const vocab = valuePhrases(optionValuesOf(items.map((it) => it.options)));
  const values = valueMentions(toks, vocab, names).filter((m) => !m.negated);
  const has = (it: RetailOrderItem, m: ValueMention): boolean => it.options[m.option] === m.value;

  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const name of names) {
    let candidates = items.filter((it) => name.productIds.has(it.product_id));
    if (!name.plural && new Set(candidates.map((it) => it.item_id)).size > 1) {
      const telling = values.filter((m) => candidates.some((it) => has(it, m)) && !candidates.every((it) => has(it, m)));
      const nearest = telling.reduce<ValueMention | undefined>((best, m) => (best && gap(best, name) <= gap(m, name) ? best : m), undefined);
      if (nearest) candidates = candidates.filter((it) => has(it, nearest));
    }
    for (const it of candidates) (inZone(name) ? excluded : included).add(it.item_id);
  }
  for (let i = 0; i < toks.length; i++) {
    const it = items.find((x) => x.item_id === toks[i]!.t || x.product_id === toks[i]!.t);
    if (it) (inZone({ start: i, end: i + 1 }) ? excluded : included).add(it.item_id);
  }
  if (included.size === 0) {
    for (const m of values) {
      const owners = new Set(items.filter((it) => has(it, m)).map((it) => it.item_id));
      if (owners.size === 1 && !inZone(m)) included.add([...owners][0]!);
    }
  }
  if (included.size === 0) {
    const distinct = new Set(items.map((it) => it.item_id));
    const all = toks.some((tok) => ALL_WORDS.has(tok.t)) || zones.length > 0;
    const theItem = distinct.size === 1 && toks.some((tok) => tok.t === 'item' || tok.t === 'product');
    if (all || theItem) for (const id of distinct) if (!excluded.has(id)) included.add(id);
  }
  for (const id of excluded) included.delete(id);
  const chosen = items.filter((it) => included.has(it.item_id));
  return { itemIds: chosen.map((it) => it.item_id), names: chosen.map((it) => it.name) };
}

// ---------------------------------------------------------------------------------------------
// New variants

export type NewItemsMatch =
  | {
      ok: true;
      newItemIds: string[];
      lines: { itemId: string; newItemId: string; name: string; from: Record<string, string>; to: Record<string, string>; oldPrice: number; newPrice: number }[];
      /** Sum of new minus old prices, rounded to cents. */
      priceDifference: number;
    }
  | {
      ok: false;
      error: 'no_change_named' | 'no_such_variant' | 'ambiguous';
      itemId: string;
      name: string;
      /** Available variants of that product, for the bot to list. */
      available: RetailVariant[];
    };

/** "cheapest" (group 1) or "most expensive" (group 2) as the wish for a new variant. */
const EXTREME = /\b(?:(cheapest|least expensive|lowest[- ]price[d]?)|(most expensive|priciest|highest[- ]price[d]?))\b/i;

/** For each item id (an item of `order`; repeat an id for each copy), the variant of the SAME product
 *  the text asks for: the item's current options with the option values the text names replaced
 *  ("clicky", "Google Home" → "Google Assistant", "size M", "large" → L, "red", "1000ml", "no backlight",
 *  "not waterproof", or a variant's item id). A value equal to the current one ("instead of Apple HomeKit")
 *  is not a change; several values for one option are preferences in the order written ("9 bar, else
 *  7 bar"). A value two items' products share goes to the item whose name comes last before it (else
 *  first after it); copies of one product named once each ("one kettle to …, another kettle to …")
 *  take their own part. Picks the available variant with exactly the desired options; if none, the
 *  available variant with the named values that keeps most other current options, when unique.
 *  "The cheapest" / "the most expensive" picks by price among the variants with the named values. */
export function matchNewItems(
  order: RetailOrder,
  itemIds: readonly string[],
  text: string,
  product: (id: string) => RetailProduct | undefined,
): NewItemsMatch {
  const toks = tokenize(text);
  const taken = new Set<number>();
  const slots = itemIds.map((id) => {
    const index = order.items.findIndex((it, i) => it.item_id === id && !taken.has(i));
    if (index < 0) throw new Error(`item ${id} is not in order ${order.order_id}`);
    taken.add(index);
    return order.items[index]!;
  });
  const names = nameMentions(toks, distinctProducts(order.items));
  // Who may claim a value: the items to change, anchored at their names, and the order's other
  // products (a color next to "the desk lamp" is the lamp's even when only the backpack changes).
  const claimants = slots.map((it, i) => {
    const own = names.filter((n) => n.productIds.has(it.product_id));
    const copies = slots.map((s, j) => [s, j] as const).filter(([s]) => s.product_id === it.product_id);
    const nth = copies.findIndex(([, j]) => j === i);
    return { productId: it.product_id, anchors: copies.length > 1 && own.length === copies.length ? [own[nth]!] : own };
  });
  for (const { product_id } of distinctProducts(order.items)) {
    if (!slots.some((s) => s.product_id === product_id)) claimants.push({ productId: product_id, anchors: names.filter((n) => n.productIds.has(product_id)) });
  }
  const mentionsOf = new Map<string, ValueMention[]>();
  for (const { productId } of claimants) {
    const p = product(productId);
    if (!p || mentionsOf.has(productId)) continue;
    const vocab = valuePhrases(optionValuesOf(Object.values(p.variants).map((v) => v.options)));
    mentionsOf.set(productId, valueMentions(toks, vocab, names));
  }
  const textIds = toks.map((tok) => tok.t);

  const lines: Extract<NewItemsMatch, { ok: true }>['lines'] = [];
  for (const [i, it] of slots.entries()) {
    const p = product(it.product_id);
    const available = p ? Object.values(p.variants).filter((v) => v.available) : [];
    const fail = (error: 'no_change_named' | 'no_such_variant' | 'ambiguous'): NewItemsMatch => ({ ok: false, error, itemId: it.item_id, name: it.name, available });
    if (!p) return fail('no_such_variant');

    const sameProduct = slots.map((s, j) => [s, j] as const).filter(([s]) => s.product_id === it.product_id);
    const currentIds = new Set(sameProduct.map(([s]) => s.item_id));
    const named = textIds.filter((t) => Object.hasOwn(p.variants, t) && !currentIds.has(t));
    const explicit = named[sameProduct.findIndex(([, j]) => j === i)] ?? named[0];
    let chosen: RetailVariant | undefined;
    if (explicit !== undefined) {
      chosen = p.variants[explicit];
      if (!chosen?.available) return fail('no_such_variant');
    } else {
      const wanted = new Map<string, string[]>();
      for (const m of mentionsOf.get(p.product_id) ?? []) {
        if (m.negated || m.value === it.options[m.option] || !ownsMention(i, m, claimants, mentionsOf)) continue;
        const list = wanted.get(m.option) ?? [];
        if (!list.includes(m.value)) wanted.set(m.option, [...list, m.value]);
      }
      const extreme = EXTREME.exec(text);
      if (extreme && extremeOwner(slots, text, extreme.index) === i) {
        // "the cheapest one", "the most expensive option": among the variants with the named values.
        const cheapest = extreme[1] !== undefined;
        const pool = available
          .filter((v) => !currentIds.has(v.item_id) && [...wanted].every(([o, vals]) => vals.includes(v.options[o] ?? '')))
          .sort((a, b) => (cheapest ? a.price - b.price : b.price - a.price));
        if (!pool[0]) return fail('no_such_variant');
        if (pool[1]?.price === pool[0].price) return fail('ambiguous');
        lines.push({ itemId: it.item_id, newItemId: pool[0].item_id, name: it.name, from: { ...it.options }, to: { ...pool[0].options }, oldPrice: it.price, newPrice: pool[0].price });
        continue;
      }
      if (wanted.size === 0) return fail('no_change_named');
      const scored = available
        .filter((v) => [...wanted].every(([o, vals]) => vals.includes(v.options[o] ?? '')))
        .map((v) => ({
          v,
          rank: [...wanted].reduce((sum, [o, vals]) => sum + vals.indexOf(v.options[o] ?? ''), 0),
          kept: Object.keys(it.options).filter((o) => !wanted.has(o) && v.options[o] === it.options[o]).length,
        }))
        .sort((a, b) => a.rank - b.rank || b.kept - a.kept);
      const [best, next] = scored;
      if (!best) return fail('no_such_variant');
      if (next && next.rank === best.rank && next.kept === best.kept) return fail('ambiguous');
      chosen = best.v;
    }
    lines.push({ itemId: it.item_id, newItemId: chosen.item_id, name: it.name, from: { ...it.options }, to: { ...chosen.options }, oldPrice: it.price, newPrice: chosen.price });
  }
  const priceDifference = Math.round(lines.reduce((sum, l) => sum + l.newPrice - l.oldPrice, 0) * 100) / 100;
  return { ok: true, newItemIds: lines.map((l) => l.newItemId), lines, priceDifference };
}

/** Which of the items a "cheapest"/"most expensive" at `at` is about: the one named last before it,
 *  else the first named after it (by the words of its product name), else the only one. */
function extremeOwner(items: readonly RetailOrderItem[], text: string, at: number): number | undefined {
  const lower = text.toLowerCase();
  const positions = items.map((it) =>
    it.name
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w.length > 2)
      .flatMap((w) => [...lower.matchAll(new RegExp(`\\b${w.replace(/[^a-z0-9]/g, '')}`, 'g'))].map((m) => m.index)),
  );
  const named = positions.flatMap((ps, i) => ps.map((pos) => ({ i, pos })));
  const before = named.filter((x) => x.pos < at).sort((a, b) => b.pos - a.pos)[0];
  const after = named.filter((x) => x.pos > at).sort((a, b) => a.pos - b.pos)[0];
  const best = before ?? after;
  return best?.i ?? (items.length === 1 ? 0 : undefined);
}

/** Whether claimant `i` gets value mention `m`: yes unless another claimant's product has a value at
 *  the same words; then the one whose name comes last before the value wins (else the first after it). */
function ownsMention(
  i: number,
  m: ValueMention,
  claimants: readonly { productId: string; anchors: readonly Span[] }[],
  mentionsOf: ReadonlyMap<string, readonly ValueMention[]>,
): boolean {
  const rivals = claimants.filter((c, j) => j === i || (mentionsOf.get(c.productId) ?? []).some((x) => overlaps(x, m)));
  if (rivals.length < 2) return true;
  const key = ({ anchors }: { anchors: readonly Span[] }): number => {
    const before = anchors.filter((a) => a.end <= m.start).map((a) => m.start - a.end);
    if (before.length > 0) return Math.min(...before);
    const after = anchors.filter((a) => a.start >= m.end).map((a) => a.start - m.end);
    return after.length > 0 ? 1e6 + Math.min(...after) : Infinity;
  };
  return key(claimants[i]!) === Math.min(...rivals.map(key));
}

// ---------------------------------------------------------------------------------------------
// Payment methods

/** The payment method the text names among the user's: "original"/"same"/"the card I paid with" → the
 *  order's first payment's method (if order given); "gift card"/"GC", "paypal", "credit card", "visa",
 *  "mastercard", "card ending 1234", or an explicit id like credit_card_9513926. Undefined when none
 *  or ambiguous. */
export function matchPaymentMethod(user: RetailUser, text: string, order?: RetailOrder): string | undefined {
  const methods = Object.values(user.payment_methods);
  const low = text.toLowerCase();
  const byId = methods.filter((m) => new RegExp(`\\b${m.id.toLowerCase()}\\b`).test(low));
  if (byId.length > 0) return byId.length === 1 ? byId[0]!.id : undefined;

  const original = order?.payment_history.find((p) => p.transaction_type === 'payment')?.payment_method_id;
  // "same" alone or "same card/method/…", not "same size".
  const namesOriginal =
    /\boriginal\b|\bsame\b(?!\s+(?!card|method|payment|account|one|way|as|please)[a-z])|\b(paid|pay|bought|purchased) (with|it with|for it)\b|\bused to (pay|buy)\b/.test(low);
  const rest = low.replace(/\bgift ?cards?\b|\bgc\b|\bgift certificates?\b/g, ' GIFT ');
  const cards = methods.filter((m) => m.source === 'credit_card');
  const lastFour = [...rest.matchAll(/\b(\d{4})\b/g)].map((m) => m[1]!).filter((d) => cards.some((c) => c.last_four === d));
  const brands = ['visa', 'mastercard', 'amex', 'discover'].filter((b) => rest.replace('master card', 'mastercard').includes(b));
  const found = new Set<string>();
  for (const m of methods) {
    if (m.source === 'gift_card' && rest.includes('GIFT')) found.add(m.id);
    if (m.source === 'paypal' && /\bpay ?pal\b/.test(rest)) found.add(m.id);
    if (m.source === 'credit_card') {
      const byDigits = lastFour.includes(m.last_four);
      const byBrand = brands.includes(m.brand.toLowerCase());
      const generic = /\b(credit|debit)\b|\bcards?\b/.test(rest) && brands.length === 0 && lastFour.length === 0;
      if (byDigits || byBrand || generic) found.add(m.id);
    }
  }
  // "original" picks within the named kind ("the card I paid with"), not across kinds.
  const originalSource = methods.find((m) => m.id === original)?.source;
  const sameKind = [...found].every((id) => methods.find((m) => m.id === id)?.source === originalSource);
  if (namesOriginal && original !== undefined) return found.size === 0 || (found.has(original) && sameKind) ? original : undefined;
  return found.size === 1 ? [...found][0] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Addresses

const STATE_CODES: Readonly<Record<string, string>> = {
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT',
  delaware: 'DE', 'district of columbia': 'DC', florida: 'FL', georgia: 'GA', hawaii: 'HI', idaho: 'ID', illinois: 'IL',
  indiana: 'IN', iowa: 'IA', kansas: 'KS', kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD',
  massachusetts: 'MA', michigan: 'MI', minnesota: 'MN', mississippi: 'MS', missouri: 'MO', montana: 'MT',
  nebraska: 'NE', nevada: 'NV', 'new hampshire': 'NH', 'new jersey': 'NJ', 'new mexico': 'NM', 'new york': 'NY',
  'north carolina': 'NC', 'north dakota': 'ND', ohio: 'OH', oklahoma: 'OK', oregon: 'OR', pennsylvania: 'PA',
  'rhode island': 'RI', 'south carolina': 'SC', 'south dakota': 'SD', tennessee: 'TN', texas: 'TX', utah: 'UT',
  vermont: 'VT', virginia: 'VA', washington: 'WA', 'west virginia': 'WV', wisconsin: 'WI', wyoming: 'WY',
};
const CODES = new Set(Object.values(STATE_CODES));
/** USPS ZIP prefix ranges: [last 3-digit prefix of the range, state]; '' for non-state ranges. */
const ZIP3: readonly (readonly [number, string])[] = [
  [5, 'NY'], [9, ''], [27, 'MA'], [29, 'RI'], [38, 'NH'], [49, 'ME'], [59, 'VT'], [69, 'CT'], [89, 'NJ'], [99, ''],
  [149, 'NY'], [196, 'PA'], [199, 'DE'], [200, 'DC'], [201, 'VA'], [205, 'DC'], [219, 'MD'], [246, 'VA'], [268, 'WV'],
  [269, ''], [289, 'NC'], [299, 'SC'], [319, 'GA'], [349, 'FL'], [369, 'AL'], [385, 'TN'], [397, 'MS'], [399, 'GA'],
  [427, 'KY'], [429, ''], [459, 'OH'], [479, 'IN'], [499, 'MI'], [528, 'IA'], [529, ''], [549, 'WI'], [567, 'MN'],
  [568, ''], [569, 'DC'], [577, 'SD'], [579, ''], [588, 'ND'], [589, ''], [599, 'MT'], [629, 'IL'], [658, 'MO'],
  [659, ''], [679, 'KS'], [693, 'NE'], [699, ''], [714, 'LA'], [715, ''], [729, 'AR'], [749, 'OK'], [799, 'TX'],
  [816, 'CO'], [819, ''], [831, 'WY'], [838, 'ID'], [839, ''], [847, 'UT'], [849, ''], [865, 'AZ'], [869, ''],
  [884, 'NM'], [885, 'TX'], [888, ''], [898, 'NV'], [899, ''], [961, 'CA'], [966, ''], [968, 'HI'], [969, ''],
  [979, 'OR'], [994, 'WA'], [999, 'AK'],
];
const STREET_SUFFIX =
  /\b(street|st|avenue|ave|road|rd|drive|dr|lane|ln|boulevard|blvd|way|court|ct|place|pl|terrace|ter|highway|hwy|parkway|pkwy|circle|cir|trail|trl|square|sq|loop|alley|plaza|row|crescent|path|pike|run)\b\.?/i;
const UNIT = /^(suite|ste|apt|apartment|unit|floor|fl|room|rm|bldg|building|#)\.?\s*#?\s*[a-z0-9-]+/i;
/** Sentence ends that are not after an abbreviation ("St.", "Apt."). */
const SENTENCE_END = /(?<!\b(?:st|ave|rd|dr|ln|blvd|apt|ste|no|mt|ft|pl|ct|hwy|pkwy|sq|ter|cir|[nsew]))[.!?;:]\s+/gi;

/** A US address written in a message: "123 Main St, Apt 4, Austin, TX 78701" (address2 optional → "",
 *  country "USA"; state as a 2-letter code, from a state name or else the ZIP; tolerates "Suite 100",
 *  "Unit", "#5", missing commas, a trailing "USA"). Undefined without a ZIP or a street. */
export function parseAddress(text: string): RetailAddress | undefined {
  const s = text.replace(/\s+/g, ' ');
  const zips = [...s.matchAll(/\b(\d{5})(?:-\d{4})?\b/g)];
  for (const zipMatch of zips.reverse()) {
    const before = s.slice(0, zipMatch.index);
    const sentenceStart = Math.max(0, ...[...before.matchAll(SENTENCE_END)].map((m) => m.index + m[0].length));
    const window = before.slice(sentenceStart);
    const starts = [...window.matchAll(/\b\d{1,6}[A-Za-z]?\s+(?=[A-Za-z])/g)].filter(
      (m) => !/(suite|ste|apt|apartment|unit|floor|fl|room|rm|bldg|building|#)\.?\s*#?\s*$/i.test(window.slice(0, m.index)),
    );
    const street =
      [...starts].reverse().find((m) => STREET_SUFFIX.test(window.slice(m.index).split(',')[0]!)) ?? starts[0];
    if (!street) continue;
    const parsed = splitAddress(window.slice(street.index).replace(/[\s,]*\b(usa|u\.s\.a\.?|united states|us)\b[\s,]*$/i, ''), zipMatch[1]!);
    if (parsed) return parsed;
  }
  return undefined;
}

function splitAddress(body: string, zip: string): RetailAddress | undefined {
  const parts = body.split(',').map((p) => p.trim().replace(/[.;:]+$/, '')).filter((p) => p.length > 0);
  let state = '';
  const last = parts[parts.length - 1] ?? '';
  const code = /^(.*?)\s*\b([A-Za-z]{2})\.?$/.exec(last);
  const name = Object.keys(STATE_CODES).find((n) => new RegExp(`(^|\\s)${n}$`, 'i').test(last));
  const beforeName = name ? last.slice(0, last.length - name.length).trim() : '';
  if (code && CODES.has(code[2]!.toUpperCase())) {
    state = code[2]!.toUpperCase();
    parts[parts.length - 1] = code[1]!;
  } else if (name && (beforeName || parts.length > 2)) {
    // A lone "New York" right after the street is the city; the state then comes from the ZIP.
    state = lookup(STATE_CODES, name) ?? '';
    parts[parts.length - 1] = beforeName;
  }
  if (!parts[parts.length - 1]) parts.pop();
  if (!state) {
    const prefix = Number(zip.slice(0, 3));
    state = ZIP3.find(([bound]) => prefix <= bound)?.[1] ?? '';
  }
  let [address1 = '', ...rest] = parts;
  let address2 = '';
  let city = rest.length > 0 ? rest.pop()! : '';
  // No commas inside "123 Main St Apt 4 Austin": split after the street suffix and the unit.
  const unitInStreet = /\s+((suite|ste|apt|apartment|unit|floor|fl|room|rm|bldg|building)\.?\s*#?\s*[a-z0-9-]+|#\s*[a-z0-9-]+)(\s+|$)/i.exec(address1);
  if (unitInStreet) {
    const tail = address1.slice(unitInStreet.index + unitInStreet[0].length).trim();
    address2 = unitInStreet[1]!;
    address1 = address1.slice(0, unitInStreet.index).trim();
    if (tail) city = city ? `${tail}, ${city}` : tail;
  } else if (!city) {
    const suffix = [...address1.matchAll(new RegExp(STREET_SUFFIX.source, 'gi'))].pop();
    if (suffix) {
      city = address1.slice(suffix.index + suffix[0].length).trim();
      address1 = address1.slice(0, suffix.index + suffix[0].length).trim();
    }
  }
  const units = rest.filter((p) => UNIT.test(p));
  if (units.length > 0) address2 = [address2, ...units].filter(Boolean).join(', ');
  const others = rest.filter((p) => !UNIT.test(p));
  if (others.length > 0) city = [...others, city].join(', ');
  if (!/^\d/.test(address1) || !/[a-z]/i.test(address1)) return undefined;
  return { address1: address1.replace(/\.$/, ''), address2, city, state, country: 'USA', zip };
}

// ---------------------------------------------------------------------------------------------
// Products

/** Product ids the text names ("t-shirt", "tshirts", "the laptop", "water bottle"), by product name
 *  words, in the order first named. A shared word names all its products ("camera"); a longer name
 *  wins ("action camera"). */
export function matchProducts(text: string, products: Iterable<RetailProduct>): string[] {
  const ids = nameMentions(tokenize(text), products).flatMap((m) => [...m.productIds]);
  return [...new Set(ids)];
}
