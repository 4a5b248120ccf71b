// The runtime form of a release: loaded indexes, tokeniser and look-up tables, built once per
// release and shared by every conversation on it.
import { factVocabulary, type FactWord } from './facts.js';
import { resolveDeclarations, type AttributeDeclarations } from './attribute-kinds.js';
import MiniSearch from 'minisearch';
import type { FaqEntry, Product, ShopBundle } from '../catalog/types.js';
import { createTokenizer, type Segmenter, type Tokenizer } from '../understanding/tokenizer.js';
import { normalizeText } from '../understanding/normalize.js';
import { toNameVocabulary } from '../understanding/name-vocabulary.js';
import { compileRelease, productIndexOptions, releaseSynonyms, type ProductDoc, type Release } from './release.js';
import { createFeatureExtractor } from './features.js';
import { buildFaqModelData, entryBlockSteps, faqModelFrom, type FaqModel } from './faq-model.js';
import { createUnderstander, type Understander } from '../understanding/understand.js';
import { encodeReleaseImage, openReleaseImage, readImageRelease, readTrainedSteps, type TrainedRelease } from './release-image.js';
import { compileSops, type CompiledSops } from '../sop/compile.js';
import { toolSetOf } from '../commerce/backends.js';
import { rememberOptionsKey } from './options-key.js';

/** Everything the answering code needs about one release, ready to query. */
export interface KnowledgeBase {
  release: Release;
  tokenizer: Tokenizer;
  productIndex: MiniSearch<ProductDoc>;
  faqById: ReadonlyMap<string, FaqEntry>;
  productsById: ReadonlyMap<string, Product>;
  /** Vectors for ranking FAQ candidates. */
  faqModel: FaqModel;
  /** Canonical word of every synonym (built-in and the shop's). */
  synonyms: ReadonlyMap<string, string>;
  /** Product name/alias terms → products, with idf over product names. */
  productNameTerms: ReadonlyMap<string, readonly string[]>;
  productIdf: (term: string) => number;
  /** Each product's name weight: the summed idf of its name's terms (the resolver's coverage is a share of it). */
  productNameWeights: ReadonlyMap<string, number>;
  /** Normalised names and aliases → product ids, longest first, for exact mentions. */
  productPhrases: readonly { phrase: string; productIds: readonly string[] }[];
  /** Intent classifier (trained here, deterministically), entity extractors and sentiment. */
  understander: Understander;
  /** The shop's SOP flows, indexed for the stepper. */
  sops: CompiledSops;
  /** Words naming the shop's own product attributes (facts), longest first. */
  factWords: readonly FactWord[];
  /** How each of the shop's own attributes reads (declared, from the template, or inferred). */
  attributes: AttributeDeclarations;
  /** Product ids by their lower-case form: ids are matched without case at the edges. */
  productIdsByKey: ReadonlyMap<string, string>;
}

/** The product id as the shop writes it for an id given in any case (af501 → AF501); undefined when there is none. */
export function findProductId(kb: Pick<KnowledgeBase, 'productsById' | 'productIdsByKey'>, id: string): string | undefined {
  return kb.productsById.has(id) ? id : kb.productIdsByKey.get(id.toLowerCase());
}

/**
 * Terms that identify a product: words of the name in product vocabulary, plus character
 * bigrams, so a name and a message segmented differently (夹棉 vs 夹/棉) still meet.
 */
export function productTerms(tok: Tokenizer, text: string): string[] {
  const norm = toNameVocabulary(normalizeText(text));
  const words = tok.terms(norm);
  const bigrams: string[] = [];
  for (const run of norm.match(/[\p{Script=Han}a-z0-9.]+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) bigrams.push('b:' + chars[i] + chars[i + 1]);
  }
  return [...new Set([...words, ...bigrams])];
}

function idfOf(df: ReadonlyMap<string, number>, n: number): (term: string) => number {
  const unseen = Math.log(1 + (n + 1) / 0.5);
  return (term) => {
    const d = df.get(term);
    return d === undefined ? unseen : Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };
}

/**
 * The head word of a category (婴儿推车 → 推车, 安全座椅 → 座椅): its last word when it has several,
 * else the last two characters of one of four or more (Chinese kinds end in their head noun).
 */
function categoryHead(tok: Tokenizer, category: string): string | undefined {
  const norm = toNameVocabulary(normalizeText(category));
  const words = tok.words(norm);
  const last = words.length > 1 ? words[words.length - 1] : /^\p{Script=Han}{4,}$/u.test(norm) ? norm.slice(-2) : undefined;
  return last !== undefined && last !== norm && /^\p{Script=Han}{2,}$/u.test(last) ? last : undefined;
}

/** The feature extractor of a release's FAQ model. */
function releaseFeatures(release: Release, tok: Tokenizer): (text: string) => string[] {
  return createFeatureExtractor(tok, releaseSynonyms(release.bundle));
}

/**
 * The trained part of a release: its FAQ model (vectors, postings, classifier) and its intent
 * classifier. Done once, at publish (in a worker thread on the server), and stored as the image.
 */
export function trainRelease(release: Release, segmenter: Segmenter): TrainedRelease {
  const tok = createTokenizer(release.dictionary, segmenter);
  const faq = buildFaqModelData(release.bundle.faq, releaseFeatures(release, tok));
  const understander = createUnderstander(release.bundle, tok);
  // A shop without intents stores its scope classifier (out of scope or not) in the same place.
  const intents = (understander.classifier ?? understander.scope)?.model;
  return { faq, intents };
}

/** The release's image (release-image.ts): the release and its training, as stored at publish. */
export function releaseImage(release: Release, segmenter: Segmenter): Uint8Array {
  return encodeReleaseImage(release, trainRelease(release, segmenter));
}

/**
 * What publish makes of a bundle given as its stored JSON text (UTF-8): the release compiled and
 * trained, the release as its JSON text (exactly `JSON.stringify(release)`) and its image.
 */
export function compileStoredRelease(bundleJson: Uint8Array, segmenter: Segmenter, check?: (bundle: ShopBundle) => void): { id: string; shopId: string; json: Uint8Array; image: Uint8Array } {
  const bundle = JSON.parse(new TextDecoder().decode(bundleJson)) as ShopBundle;
  // A draft assembled from items is checked whole first (check throws on a problem).
  check?.(bundle);
  const release = compileRelease(bundle, segmenter);
  return { id: release.id, shopId: release.shopId, json: new TextEncoder().encode(JSON.stringify(release)), image: releaseImage(release, segmenter) };
}

/**
 * Trains and loads a release in one go, on the calling thread (tests, the CLI's one-shot
 * commands). It goes through the image, so it answers exactly as a node loading the stored image.
 */
export function loadKnowledgeBase(release: Release, segmenter: Segmenter): KnowledgeBase {
  return runSteps(knowledgeBaseFromImage(releaseImage(release, segmenter), release.id, segmenter));
}

/** Runs a generator of load steps to its end without pausing. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Loads a stored image in steps (each at most a chunk of 250 products or FAQ entries, or
 * one part of the knowledge base), never training. Throws `ReleaseImageError` when the image is
 * damaged, of another format version or of another release. `productIndex`, when given, is the
 * release's product index already loaded (the server loads it asynchronously).
 */
export function* knowledgeBaseFromImage(bytes: Uint8Array, releaseId: string, segmenter: Segmenter, productIndex?: MiniSearch<ProductDoc>): Generator<void, KnowledgeBase> {
  const image = openReleaseImage(bytes, releaseId);
  yield* image.verify();
  // The index text is only needed to build the index: not decoded again when it is built already,
  // and not kept with the loaded release.
  const release = yield* readImageRelease(image, productIndex !== undefined);
  yield;
  const trained = yield* readTrainedSteps(image);
  yield;
  const kb = yield* knowledgeBaseSteps(release, segmenter, trained, productIndex);
  return { ...kb, release: { ...release, productIndex: '' } };
}

/** The product index of an image as its JSON text (UTF-8), for a caller that loads it asynchronously. */
export function imageProductIndex(bytes: Uint8Array, releaseId: string): Uint8Array {
  return openReleaseImage(bytes, releaseId).utf8('release.productIndex');
}

/** Products whose names are cut per step of a load (500 measured 50–180 ms a step on a loaded machine). */
const PRODUCTS_PER_STEP = 100;

/**
 * Assembles the knowledge base from a release and its training in steps: the generator pauses
 * between its parts (tokeniser, product tables in chunks, FAQ model, understanding), so a caller
 * can let other work run in between.
 */
export function* knowledgeBaseSteps(release: Release, segmenter: Segmenter, trained: TrainedRelease, loadedIndex?: MiniSearch<ProductDoc>): Generator<void, KnowledgeBase> {
  const tok = createTokenizer(release.dictionary, segmenter);
  const synonyms = releaseSynonyms(release.bundle);
  const features = releaseFeatures(release, tok);
  yield;
  const productIndex = loadedIndex ?? MiniSearch.loadJSON<ProductDoc>(release.productIndex, productIndexOptions(tok));
  const { products, faq } = release.bundle;
  yield;

  const nameTerms = new Map<string, string[]>();
  const nameDf = new Map<string, number>();
  const phrases = new Map<string, Set<string>>();
  const nameOnlyTerms: (readonly string[])[] = [];
  const heads = new Map<string, string | undefined>();
  for (const [i, p] of products.entries()) {
    if (i % PRODUCTS_PER_STEP === PRODUCTS_PER_STEP - 1) yield;
    const own = productTerms(tok, p.name);
    nameOnlyTerms.push([...new Set(own)]);
    const terms = new Set([...own, ...p.aliases.flatMap((s) => productTerms(tok, s))]);
    for (const t of terms) {
      nameDf.set(t, (nameDf.get(t) ?? 0) + 1);
      const list = nameTerms.get(t) ?? [];
      list.push(p.id);
      nameTerms.set(t, list);
    }
    for (const s of [p.name, ...p.aliases]) {
      const n = toNameVocabulary(normalizeText(s));
      if (n.length >= 2) phrases.set(n, (phrases.get(n) ?? new Set()).add(p.id));
    }
    // A kind is asked for by its head word: 婴儿推车 as 推车, 安全座椅 as 座椅, 空气炸锅 as 炸锅.
    // Categories repeat across a catalog: each is cut once.
    if (!heads.has(p.category)) heads.set(p.category, categoryHead(tok, p.category));
    const head = heads.get(p.category);
    if (head) phrases.set(head, (phrases.get(head) ?? new Set()).add(p.id));
  }
  const productPhrases = [...phrases.entries()]
    .map(([phrase, ids]) => ({ phrase, productIds: [...ids].sort() }))
    .sort((a, b) => b.phrase.length - a.phrase.length || a.phrase.localeCompare(b.phrase));
  yield;
  phraseIndex(productPhrases);
  yield;
  const model = faqModelFrom(trained.faq, features, yield* entryBlockSteps(trained.faq));
  yield;
  const understander = createUnderstander(release.bundle, tok, trained.intents);
  const attributes = resolveDeclarations(release.bundle.shop, products);
  yield;

  const productIdf = idfOf(nameDf, products.length);
  // Each product's name weight (the idf of its name's terms), for the resolver's coverage.
  const nameWeights = new Map<string, number>();
  // And its options key, which a turn naming it reads (products of a big catalog share a few).
  const optionsKeys = new Map<string, string>();
  for (const [i, p] of products.entries()) {
    if (i % 2000 === 1999) yield;
    nameWeights.set(p.id, (nameOnlyTerms[i] ?? []).reduce((sum, t) => sum + productIdf(t), 0));
    rememberOptionsKey(p, optionsKeys);
  }
  yield;

  const kb: KnowledgeBase = {
    release,
    tokenizer: tok,
    productIndex,
    faqById: new Map(faq.map((f) => [f.id, f])),
    productsById: new Map(products.map((p) => [p.id, p])),
    faqModel: model,
    understander,
    sops: compileSops(release.bundle.sops ?? [], toolSetOf(release.bundle.shop)),
    factWords: factVocabulary(products, attributes),
    attributes,
    productIdsByKey: new Map(products.map((p) => [p.id.toLowerCase(), p.id])),
    synonyms,
    productNameTerms: nameTerms,
    productIdf,
    productNameWeights: nameWeights,
    productPhrases,
  };
  return kb;
}

type ProductPhrases = KnowledgeBase['productPhrases'];
interface PhraseIndex {
  byPhrase: Map<string, number>;
  /** The lengths of the phrases by their first UTF-16 unit, ascending. */
  lengthsByFirst: Map<number, Int32Array>;
  /** Phrases with white space: blanking other phrases out (with a space) can make them appear. */
  spaced: number[];
}
const phraseIndexes = new WeakMap<ProductPhrases, PhraseIndex>();

/** The lookup table of a release's product phrases, built when it is loaded (else on first use). */
function phraseIndex(phrases: ProductPhrases): PhraseIndex {
  let index = phraseIndexes.get(phrases);
  if (!index) {
    const byPhrase = new Map<string, number>();
    const lengthSets = new Map<number, Set<number>>();
    const spaced: number[] = [];
    phrases.forEach(({ phrase }, i) => {
      if (!byPhrase.has(phrase)) byPhrase.set(phrase, i);
      const first = phrase.charCodeAt(0);
      let set = lengthSets.get(first);
      if (!set) lengthSets.set(first, (set = new Set()));
      set.add(phrase.length);
      if (/\s/.test(phrase)) spaced.push(i);
    });
    const lengthsByFirst = new Map<number, Int32Array>();
    for (const [first, set] of lengthSets) lengthsByFirst.set(first, Int32Array.from(set).sort());
    index = { byPhrase, lengthsByFirst, spaced };
    phraseIndexes.set(phrases, index);
  }
  return index;
}

/** Whether `text` is itself one of the release's product phrases (a name, alias or category head). */
export function isProductPhrase(kb: Pick<KnowledgeBase, 'productPhrases'>, text: string): boolean {
  return phraseIndex(kb.productPhrases).byPhrase.has(text);
}

/**
 * Positions in `kb.productPhrases` (ascending, so in its order) of the phrases `text` contains:
 * the text's substrings of each phrase length looked up, instead of testing every phrase of a big
 * catalog. With `spaced`, also every phrase with white space, which blanking other phrases out can
 * bring in (the caller tests those on its text as it changes).
 */
export function phrasesIn(kb: Pick<KnowledgeBase, 'productPhrases'>, text: string, spaced = false): number[] {
  const index = phraseIndex(kb.productPhrases);
  const found: number[] = spaced ? [...index.spaced] : [];
  // Only the lengths of the phrases starting with the character at i are looked up there (a
  // substring made for every length at every position cost most of a turn's allocations).
  for (let i = 0; i < text.length; i++) {
    const lengths = index.lengthsByFirst.get(text.charCodeAt(i));
    if (!lengths) continue;
    for (let l = 0; l < lengths.length && i + (lengths[l] as number) <= text.length; l++) {
      const at = index.byPhrase.get(text.slice(i, i + (lengths[l] as number)));
      if (at !== undefined) found.push(at);
    }
  }
  if (found.length < 2) return found;
  found.sort((a, b) => a - b);
  let n = 1;
  for (let i = 1; i < found.length; i++) if (found[i] !== found[n - 1]) found[n++] = found[i] as number;
  found.length = n;
  return found;
}
