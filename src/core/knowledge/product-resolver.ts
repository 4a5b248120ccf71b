// Which product a message is about. Each product is scored by how much of the message's
// product vocabulary it explains (specificity) and how much of its own name the message names
// (coverage), so "背心式文胸" finds 女士无痕背心式文胸 over a product whose alias is just 文胸,
// and "纯棉" alone names nothing. Variant options the message names (燕麦色, XL) break ties.
import { isProductPhrase, phrasesIn, productTerms, type KnowledgeBase } from './knowledge-base.js';
import type { Product } from '../catalog/types.js';
import { mentionedOptionCount } from './product-answer.js';
import { toNameVocabulary } from '../understanding/name-vocabulary.js';
import { normalizeText } from '../understanding/normalize.js';
import { indexInSorted } from '../understanding/numeric.js';
import { perRelease, perReleaseKey } from './release-memo.js';

export { toNameVocabulary };

/** A product the text refers to, with how strongly (0..1). */
export interface ProductMention {
  productId: string;
  score: number;
  /**
   * How it was found: a whole name/alias in the text, a rare part of it, terms of the name, or
   * (`words`) only by explaining the message's product words best, which a product on screen outranks.
   */
  via: 'phrase' | 'fragment' | 'terms' | 'words';
}

const MIN_SPECIFICITY = 0.5;
const MIN_COVERAGE = 0.3;
/** The share of the message's product words a product must explain to be picked among several by its options alone. */
const SURE_SPECIFICITY = 0.9;
const TIE_RATIO = 0.92;
const OPTION_BONUS = 0.04;

function nameWeight(kb: KnowledgeBase, productId: string): number {
  return kb.productNameWeights.get(productId) ?? 0;
}

/** Products mentioned in normalised text, best first; near-ties are all returned. */
export function findProductMentions(kb: KnowledgeBase, normalized: string): ProductMention[] {
  const text = toNameVocabulary(normalized);
  const fragmentHit = nameFragments(kb, text);
  const words = kb.tokenizer.terms(text);
  for (const id of rareNameWords(kb, words)) fragmentHit.add(id);
  const phraseHit = new Set<string>();
  for (const i of phrasesIn(kb, text)) kb.productPhrases[i]?.productIds.forEach((id) => phraseHit.add(id));

  // Terms of the message that belong to some product's name or aliases.
  const relevant = [...productTerms(kb.tokenizer, text), ...headPairs(kb, words, text)].filter((t) => kb.productNameTerms.has(t));
  const relevantWeight = relevant.reduce((s, t) => s + kb.productIdf(t), 0);
  if (relevantWeight === 0) return [];
  // A word that is one of a product's specs is explained by it as much as a word of its name
  // ("坚果1kg的": 1kg is a spec of the mixed nuts, though another title has 1kg in it).
  // A number counts as it does in a title ("天丝那款1.5的": 1.5 is a spec of the Tencel set, as it
  // is in the other set's title).
  const specWords = relevant.map((t) => ({ t, plain: t.startsWith('b:') ? t.slice(2) : t }));
  // Only a product whose words explain at least MIN_SPECIFICITY of the message's is ever scored
  // below: one that cannot get there even with the spec words in its specs is not kept (the bound
  // is a hair loose for rounding). The words' weights are summed per product position over the
  // catalog table (a common word is in thousands of names), in the order of the words.
  const table = catalogTable(kb);
  const specs = specWords.length > 0 ? catalogSpecs(table, kb) : undefined;
  // The most the spec words can add to a product: the weights of those in its specs.
  const specBounds = new Map<number, number>();
  const specBound = (p: number) => {
    const line = specs?.of[p];
    if (specs === undefined || line === undefined) return 0;
    let bound = specBounds.get(line);
    if (bound === undefined) {
      const text = specs.lines[line] as string;
      bound = specWords.reduce((sum, { t, plain }) => (text.includes(plain) ? sum + kb.productIdf(t) : sum), 0);
      specBounds.set(line, bound);
    }
    return bound;
  };
  const positions = relevant.map((t) => namePositions(table, kb, t));
  if (sums.weight.length < table.ids.length) {
    sums.weight = new Float64Array(table.ids.length);
    sums.order = new Int32Array(table.ids.length);
    sums.matched = new Int32Array(table.ids.length);
  }
  const { weight, order, matched } = sums;
  let count = 0;
  for (const [n, t] of relevant.entries()) {
    const idf = kb.productIdf(t);
    const at = positions[n] as Int32Array;
    for (let i = 0; i < at.length; i++) {
      const p = at[i] as number;
      if (weight[p] === 0) order[count++] = p;
      weight[p] = (weight[p] as number) + idf;
    }
  }
  // The products kept, by position in order of first touch, with their weights left in `weight`.
  let matchedCount = 0;
  for (let i = 0; i < count; i++) {
    const p = order[i] as number;
    const w = weight[p] as number;
    if ((w + specBound(p)) / relevantWeight >= MIN_SPECIFICITY - 1e-9) matched[matchedCount++] = p;
    else weight[p] = 0;
  }
  if (specWords.length > 0 && specs) {
    // Many products share their specs (one size range, one colour card): each specs string is
    // searched for the words once. Whether a word names a product: its positions are ascending
    // (products are numbered in the order their names were indexed), so a binary search finds it
    // without a set of the word's products (thousands for 5 or 婴儿).
    const inSpecs = new Map<number, number[]>();
    const sorted = positions.map((at) => ascending.has(at));
    const namedBy = (i: number, p: number) => includesPosition(positions[i] as Int32Array, p, sorted[i] === true);
    for (let m = 0; m < matchedCount; m++) {
      const p = matched[m] as number;
      const line = specs.of[p];
      if (line === undefined) continue;
      let words = inSpecs.get(line);
      if (!words) {
        words = [];
        const text = specs.lines[line] as string;
        for (const [i, { plain }] of specWords.entries()) if (text.includes(plain)) words.push(i);
        inSpecs.set(line, words);
      }
      for (const i of words) {
        if (namedBy(i, p)) continue;
        weight[p] = (weight[p] as number) + kb.productIdf((specWords[i] as { t: string }).t);
      }
    }
  }

  // A gift box or set (category 茶叶礼盒, 护肤套装) names the goods it holds: "明前龙井50克" is the
  // Longjing itself, not the box with 明前龙井125g in it, unless the message asks for a box or set.
  // Sets are left out when another product fits the words as well as one.
  let skipSets = false;
  const isSet = (p: number) => (table.sets ??= catalogSets(table))[p] === 1;
  if (!SET_WORDS.test(text)) {
    let setBest = 0;
    let otherBest = 0;
    for (let m = 0; m < matchedCount; m++) {
      const p = matched[m] as number;
      const specificity = (weight[p] as number) / relevantWeight;
      if (isSet(p)) setBest = Math.max(setBest, specificity);
      else otherBest = Math.max(otherBest, specificity);
    }
    skipSets = setBest > 0 && otherBest >= setBest * TIE_RATIO;
  }
  const scored: ProductMention[] = [];
  const optionCount = new Map<string, number>();
  for (let m = 0; m < matchedCount; m++) {
    const p = matched[m] as number;
    const w = weight[p] as number;
    const specificity = w / relevantWeight;
    if (specificity < MIN_SPECIFICITY) continue;
    if (skipSets && isSet(p)) continue;
    const productId = table.ids[p] as string;
    const coverage = Math.min(1, w / Math.max(table.nameWeights[p] as number, 1e-9));
    const phrase = phraseHit.has(productId);
    const fragment = fragmentHit.has(productId);
    if (coverage < MIN_COVERAGE && !phrase && !fragment) continue;
    const product = table.products[p];
    const options = product ? mentionedOptionCount(product, text) : 0;
    optionCount.set(productId, options);
    scored.push({ productId, score: 0.7 * specificity + 0.3 * coverage + OPTION_BONUS * options, via: phrase ? 'phrase' : coverage < MIN_COVERAGE ? 'fragment' : 'terms' });
  }
  // "曲奇抹茶的还剩几罐": words of a long title with an option of that product name it too, when
  // no other product with a named option fits the words nearly as well ("苹果充电线2米白色": both
  // cables have 2m/白色, only one title has 苹果 too).
  if (scored.length === 0) {
    for (let m = 0; m < matchedCount; m++) {
      const p = matched[m] as number;
      const w = weight[p] as number;
      if (w / relevantWeight < MIN_SPECIFICITY) continue;
      if (skipSets && isSet(p)) continue;
      const product = table.products[p];
      const options = product ? mentionedOptionCount(product, text) : 0;
      if (options === 0) continue;
      scored.push({ productId: table.ids[p] as string, score: 0.7 * (w / relevantWeight) + OPTION_BONUS * options, via: 'fragment' });
    }
    // Several fit: the best must explain (nearly) every product word of the message, alone.
    const best = Math.max(...scored.map((m) => m.score));
    const sure = best >= 0.7 * SURE_SPECIFICITY + OPTION_BONUS;
    if (scored.length > 1 && (!sure || scored.filter((m) => m.score >= best * TIE_RATIO).length > 1)) scored.length = 0;
  }
  // "20w的充电头多少钱": of long titles, coverage says nothing; one that explains (nearly) every
  // product word of the message, clearly more than any other, is the one meant. (The two best by
  // specificity, the first kept products first among equals, as a stable sort would have them.)
  // So too when all that named one was a category word with little else of the message in it
  // ("宝宝戴的手镯": 手镯 is the adult bangle's category; the baby bangle's title has both words).
  const weakest = scored.length > 0 && scored.every((m) => m.score < 0.7 * SURE_SPECIFICITY);
  if (scored.length === 0 || weakest) {
    let first = -1;
    let second = -1;
    for (let m = 0; m < matchedCount; m++) {
      const p = matched[m] as number;
      if (skipSets && isSet(p)) continue;
      const w = weight[p] as number;
      if (first < 0 || w / relevantWeight > (weight[first] as number) / relevantWeight) {
        second = first;
        first = p;
      } else if (second < 0 || w / relevantWeight > (weight[second] as number) / relevantWeight) second = p;
    }
    // A word of two characters or more of its title among them: a lone 快 of 乳化快不糊眼 names nothing.
    const namedByWord = (id: string) => relevant.some((t) => !t.startsWith('b:') && [...t].length >= 2 && kb.productNameTerms.get(t)?.includes(id));
    const specificity = (p: number) => (weight[p] as number) / relevantWeight;
    if (first >= 0) {
      const id = table.ids[first] as string;
      if (specificity(first) >= SURE_SPECIFICITY && (second < 0 || specificity(second) < specificity(first) * TIE_RATIO) && isTitle(kb, id) && namedByWord(id) && !scored.some((m) => m.productId === id)) {
        scored.push({ productId: id, score: 0.7 * specificity(first), via: 'words' });
      }
    }
  }
  for (let m = 0; m < matchedCount; m++) weight[matched[m] as number] = 0;
  scored.sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId));
  const top = scored[0];
  const ties = top ? scored.filter((m) => m.score >= top.score * TIE_RATIO) : [];
  // "电水壶黑色有货吗": of the products the words fit equally, the ones that have the named option.
  const withOption = ties.filter((m) => optionCount.get(m.productId));
  return withOption.length > 0 && withOption.length < ties.length ? withOption : ties;
}

/** Words of a gift box or set, in a category or a message. */
const SET_WORDS = /礼盒|套装|组合|礼包|合集|双拼|混合装|大礼包|gift\s*box|\bset\b|bundle/;

/** Which products, by position, are gift boxes or sets by their category (茶叶礼盒, 护肤套装); categories are few, each is tested once. */
function catalogSets(table: CatalogTable): Uint8Array {
  const sets = new Uint8Array(table.ids.length);
  const byCategory = new Map<string, boolean>();
  table.products.forEach((product, p) => {
    if (!product) return;
    let set = byCategory.get(product.category);
    if (set === undefined) {
      set = SET_WORDS.test(normalizeText(product.category));
      byCategory.set(product.category, set);
    }
    if (set) sets[p] = 1;
  });
  return sets;
}

/**
 * A word no product name has, read by its head: a Chinese compound ends in what it is (充电头 is a
 * 头), so its first or second character with its last one (充头) is looked for in the names
 * (快充头, 闪充头) as a character pair.
 */
function headPairs(kb: KnowledgeBase, words: readonly string[], text: string): string[] {
  const out: string[] = [];
  for (const word of words) {
    const chars = [...word];
    if (chars.length < 3 || !/^\p{Script=Han}+$/u.test(word) || kb.productNameTerms.has(word)) continue;
    const last = chars[chars.length - 1] ?? '';
    for (const pair of [`b:${chars[0]}${last}`, `b:${chars[1]}${last}`]) if (!text.includes(pair.slice(2))) out.push(pair);
  }
  return out;
}

/** The release's products by position, and each name term's products as positions (built as needed). */
interface CatalogTable {
  ids: string[];
  position: Map<string, number>;
  /** By position: the product (none for an id of a name term that is not in the catalog) and its name weight. */
  products: (Product | undefined)[];
  nameWeights: number[];
  names: Map<string, Int32Array>;
  /** The distinct specs of the products (as `formsOf` has them), and which is each product's, by position. */
  specs?: { lines: string[]; of: Int32Array };
  /** By position: 1 for a gift box or set (`isSet`), read on first need. */
  sets?: Uint8Array;
}
/** Per-position sums of one call (the words' weights, the products touched and kept), left zeroed (single-threaded). */
const sums = { weight: new Float64Array(0), order: new Int32Array(0), matched: new Int32Array(0) };

const catalogTable = perRelease((kb): CatalogTable => {
  const ids = [...kb.productsById.keys()];
  return {
    ids,
    position: new Map(ids.map((id, i) => [id, i])),
    products: [...kb.productsById.values()],
    nameWeights: ids.map((id) => nameWeight(kb, id)),
    names: new Map(),
  };
});

function catalogSpecs(table: CatalogTable, kb: KnowledgeBase): { lines: string[]; of: Int32Array } {
  if (table.specs === undefined) {
    const line = new Map<string, number>();
    const of = new Int32Array(table.ids.length);
    table.ids.forEach((id, p) => {
      const product = kb.productsById.get(id);
      const raw = product ? optionText(product) : '';
      let at = line.get(raw);
      if (at === undefined) {
        at = line.size;
        line.set(raw, at);
      }
      of[p] = at;
    });
    // formsOf's specs of a product that is not in the catalog are empty, as here.
    table.specs = { lines: [...line.keys()].map((raw) => (raw === '' ? '' : toNameVocabulary(normalizeText(raw)))), of };
  }
  return table.specs;
}

/** Whether a name term's `positions` (`sorted`: ascending, as they are unless ids outside the catalog were added) have `p`. */
function includesPosition(positions: Int32Array, p: number, sorted: boolean): boolean {
  return sorted ? indexInSorted(positions, 0, positions.length, p) >= 0 : positions.includes(p);
}
/** Name terms' positions known to be ascending. */
const ascending = new WeakSet<Int32Array>();

/** The positions of a name term's products, in the order of `productNameTerms`. */
function namePositions(table: CatalogTable, kb: KnowledgeBase, term: string): Int32Array {
  let at = table.names.get(term);
  if (!at) {
    at = Int32Array.from(kb.productNameTerms.get(term) ?? [], (id) => {
      let p = table.position.get(id);
      if (p === undefined) {
        p = table.ids.push(id) - 1;
        table.position.set(id, p);
        table.products.push(undefined);
        table.nameWeights.push(nameWeight(kb, id));
      }
      return p;
    });
    if (at.every((p, i, all) => i === 0 || p > (all[i - 1] as number))) ascending.add(at);
    table.names.set(term, at);
  }
  return at;
}

/** Every option value of a product's variants, in one string (as written). */
function optionText(p: Product): string {
  return p.variants.flatMap((v) => Object.values(v.options)).join(' ');
}

/** A product's names, aliases, category and specs in name vocabulary (normalised once per release). */
interface ProductForms {
  /** Name and aliases. */
  names: readonly string[];
  category: string;
  /** Every option value of its variants, in one string. */
  specs: string;
}

const formsOf = perReleaseKey((kb, productId): ProductForms => {
  const p = kb.productsById.get(productId);
  const vocabulary = (s: string) => toNameVocabulary(normalizeText(s));
  return p ? { names: [p.name, ...p.aliases].map(vocabulary), category: vocabulary(p.category), specs: vocabulary(optionText(p)) } : { names: [], category: '', specs: '' };
});

/** A bigram in more product names than this does not single out a product by a fragment. */
const FRAGMENT_MAX_PRODUCTS = 5;
/** Characters a fragment of a name must have (榨汁杯, 燕窝炖盅, 吨吨桶). */
const FRAGMENT_MIN_CHARS = 3;

/**
 * Products whose name or alias contains a part of the text of three characters or more that few
 * names share: 榨汁杯 names 暖厨便携式榨汁杯无线充电… although it covers little of that long
 * marketing title, 燕窝炖盅 names 电炖锅陶瓷燕窝炖盅…. Also a part whose last character follows
 * within two characters (吨吨桶 for 吨吨榨汁桶).
 */
function nameFragments(kb: KnowledgeBase, text: string): Set<string> {
  const hits = new Set<string>();
  for (const run of text.match(/[\p{Script=Han}a-z0-9.]+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + FRAGMENT_MIN_CHARS <= chars.length; i++) {
      const bigram = (chars[i] ?? '') + (chars[i + 1] ?? '');
      // Two characters of a name, not of a measure: "400ml" must not name every "…0ml" product.
      if (!/^\p{Script=Han}{2}$/u.test(bigram)) continue;
      const ids = kb.productNameTerms.get('b:' + bigram);
      if (!ids || ids.length > FRAGMENT_MAX_PRODUCTS) continue;
      const third = chars[i + 2] ?? '';
      for (const id of ids) {
        for (const name of formsOf(kb, id).names) {
          const at = name.indexOf(bigram);
          if (at < 0) continue;
          const after = name.slice(at + bigram.length, at + bigram.length + 3);
          if (after.includes(third)) hits.add(id);
        }
      }
    }
  }
  return hits;
}

/** A word of the message in at most this many product names singles them out (天丝 → the Tencel set). */
const RARE_WORD_MAX_PRODUCTS = 2;
/**
 * Characters from which a name is a marketing title (栖眠莱赛尔天丝四件套夏季凉感裸睡丝滑床单被套…),
 * where one word is all a shopper says of it. A short name (60支天丝四件套) is named by its coverage.
 */
const TITLE_MIN_CHARS = 16;

/**
 * Products named by a whole word of the message (as the segmenter cuts it, two Chinese characters
 * or more) that only one or two product names or aliases have, when the name is a long title:
 * "天丝那套" names 栖眠莱赛尔天丝四件套…, though 天丝 is little of it. Attribute names (机洗, 孕妇) say what is asked, not which
 * product, and are left out.
 */
function rareNameWords(kb: KnowledgeBase, words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    // A word that is itself a name, alias or category head (床垫) names by phrase, which knows better.
    if (!/^\p{Script=Han}{2,}$/u.test(word) || attributeWords(kb).has(word) || isProductPhrase(kb, word)) continue;
    const ids = kb.productNameTerms.get(word);
    if (!ids || ids.length > RARE_WORD_MAX_PRODUCTS) continue;
    for (const id of ids) if (isTitle(kb, id)) out.push(id);
  }
  return out;
}

/** Whether a product's name is a long marketing title (`TITLE_MIN_CHARS`). */
function isTitle(kb: KnowledgeBase, productId: string): boolean {
  return [...(kb.productsById.get(productId)?.name ?? '')].length >= TITLE_MIN_CHARS;
}

const attributeWords = perRelease((kb): ReadonlySet<string> => new Set(kb.factWords.map((w) => w.word)));

/**
 * The product an elliptical follow-up names ("曲奇呢 保质期多长", "那龙井呢"): the word before 呢,
 * when exactly one product's name, alias or category contains it. Undefined otherwise.
 */
export function ellipticalMention(kb: KnowledgeBase, normalized: string): string | undefined {
  const word = /^(?:那|那个|那款)?([\p{Script=Han}a-z0-9]{2,6}?)(?:的)?呢/u.exec(toNameVocabulary(normalized))?.[1];
  if (!word) return undefined;
  let found: string | undefined;
  for (const id of kb.productsById.keys()) {
    const { names, category } = formsOf(kb, id);
    if (!category.includes(word) && !names.some((n) => n.includes(word))) continue;
    if (found !== undefined) return undefined;
    found = id;
  }
  return found;
}

const lastCoverage: { kb: KnowledgeBase | undefined; normalized: string; weights: ReadonlyMap<string, number> } = { kb: undefined, normalized: '', weights: new Map() };

/** How much of a product's name the text names (0..1), over the same terms as mentions. */
export function nameCoverage(kb: KnowledgeBase, productId: string, normalized: string): number {
  // Callers ask for many products with one text (a search listing a big catalog's hits): the
  // weight the text's terms give every product is summed once per text, over the terms' name
  // postings, instead of searching those (long) postings for each product.
  const w = textWeights(kb, normalized).get(productId) ?? 0;
  return Math.min(1, w / Math.max(nameWeight(kb, productId), 1e-9));
}

/** The weight the text's terms give each product (`namedWeights`), for the last text asked about. */
function textWeights(kb: KnowledgeBase, normalized: string): ReadonlyMap<string, number> {
  if (lastCoverage.kb !== kb || lastCoverage.normalized !== normalized) {
    lastCoverage.kb = kb;
    lastCoverage.normalized = normalized;
    lastCoverage.weights = namedWeights(kb, productTerms(kb.tokenizer, toNameVocabulary(normalized)));
  }
  return lastCoverage.weights;
}

/** The products whose name the text covers at least `min` (> 0) of (`nameCoverage`), found from the text's terms. */
export function productsCovered(kb: KnowledgeBase, normalized: string, min: number): Set<string> {
  const weights = kb.productNameWeights;
  const covered = new Set<string>();
  // A product none of the terms names covers nothing.
  for (const [id, w] of textWeights(kb, normalized)) if (Math.min(1, w / Math.max(weights.get(id) ?? 0, 1e-9)) >= min) covered.add(id);
  return covered;
}

/**
 * Each product's summed idf of the `terms` in its name or aliases (products with none left out),
 * each term counted once per product, added in the order of `terms`.
 */
function namedWeights(kb: KnowledgeBase, terms: readonly string[]): Map<string, number> {
  const weights = new Map<string, number>();
  const lastTerm = new Map<string, number>();
  terms.forEach((t, i) => {
    const ids = kb.productNameTerms.get(t);
    if (!ids) return;
    const idf = kb.productIdf(t);
    for (const id of ids) {
      // A product listed twice under a term (two products with one id) counts it once.
      if (lastTerm.get(id) === i) continue;
      lastTerm.set(id, i);
      weights.set(id, (weights.get(id) ?? 0) + idf);
    }
  });
  return weights;
}

/** The text without the name, aliases and category of one product: what it asks of that product (other products' names kept). */
export function withoutNamesOf(kb: KnowledgeBase, productId: string, normalized: string): string {
  const { names, category } = formsOf(kb, productId);
  let out = toNameVocabulary(normalized);
  for (const n of [...names, category]) if (n.length >= 2 && out.includes(n)) out = out.split(n).join(' ');
  return out;
}

/** The text with every product name and alias it contains blanked out (水洗棉四件套 is not a washing question). */
export function withoutProductNames(kb: KnowledgeBase, normalized: string): string {
  let rest = toNameVocabulary(normalized);
  for (const i of phrasesIn(kb, rest, true)) {
    const phrase = kb.productPhrases[i]?.phrase ?? '';
    if (rest.includes(phrase)) rest = rest.split(phrase).join(' ');
  }
  return rest;
}

/** Which of the offered candidates a reply to a clarifying question picks, if any. */
export function pickCandidate(kb: KnowledgeBase, normalized: string, candidates: readonly string[]): string | undefined {
  const n = ordinalReply(normalized);
  if (n !== undefined) return candidates[n - 1];
  const mentions = findProductMentions(kb, normalized).filter((m) => candidates.includes(m.productId));
  if (mentions.length === 1) return mentions[0]?.productId;
  // Distinguishing words: the part of each candidate's name that the others lack (长袖 vs 短袖).
  const terms = kb.tokenizer.terms(toNameVocabulary(normalized)).filter((t) => t.length > 1);
  const hits = candidates.filter((id) => {
    const name = kb.productsById.get(id)?.name ?? '';
    return terms.some((t) => name.includes(t) && candidates.every((o) => o === id || !(kb.productsById.get(o)?.name ?? '').includes(t)));
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/** The number a reply to a numbered list picks: "2", "第二个", "1吧", "第3款的"; undefined otherwise. */
export function ordinalReply(normalized: string): number | undefined {
  const ordinal = normalized.match(/^(?:第\s*)?([1-9一二三四五六七八九])\s*(?:个|款|种|号|条)?(?:吧|吗|的|呀|呢)?[。.!！~～]*$|^第\s*([1-9一二三四五六七八九])/);
  const digit = ordinal?.[1] ?? ordinal?.[2];
  return digit ? '一二三四五六七八九'.indexOf(digit) + 1 || Number(digit) : undefined;
}
