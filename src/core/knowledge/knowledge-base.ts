// The runtime form of a release: loaded indexes, tokeniser and look-up tables, built once per
// release and shared by every conversation on it.
import { factVocabulary, type FactWord } from './facts.js';
import { resolveDeclarations, type AttributeDeclarations } from './attribute-kinds.js';
import MiniSearch from 'minisearch';
import type { FaqEntry, Product } from '../catalog/types.js';
import { createTokenizer, type Segmenter, type Tokenizer } from '../understanding/tokenizer.js';
import { normalizeText } from '../understanding/normalize.js';
import { toNameVocabulary } from '../understanding/name-vocabulary.js';
import { productIndexOptions, releaseSynonyms, type ProductDoc, type Release } from './release.js';
import { createFeatureExtractor } from './features.js';
import { buildFaqModelData, faqModelFrom, type FaqModel, type FaqModelData } from './faq-model.js';
import { createUnderstander, type Understander } from '../understanding/understand.js';
import { compileSops, type CompiledSops } from '../sop/compile.js';
import { toolSetOf } from '../retail/tool-specs.js';

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

/** The feature extractor of a release's FAQ model. */
function releaseFeatures(release: Release, tok: Tokenizer): (text: string) => string[] {
  return createFeatureExtractor(tok, releaseSynonyms(release.bundle));
}

/** The costly part of loading a release, its FAQ model, as plain data (a worker thread can build it). */
export function buildReleaseFaqModel(release: Release, segmenter: Segmenter): FaqModelData {
  return buildFaqModelData(release.bundle.faq, releaseFeatures(release, createTokenizer(release.dictionary, segmenter)));
}

/**
 * Loads a release into query-ready structures, cutting words with the segmenter it was compiled
 * with; `faqModel`, when given, is the release's FAQ model already built (`buildReleaseFaqModel`).
 */
export function loadKnowledgeBase(release: Release, segmenter: Segmenter, faqModel?: FaqModelData): KnowledgeBase {
  const steps = knowledgeBaseSteps(release, segmenter, faqModel);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The same load in steps: the generator pauses between its parts (tokeniser, product index,
 * product tables, FAQ model, understanding), so a caller can let other work run in between.
 */
export function* knowledgeBaseSteps(release: Release, segmenter: Segmenter, faqModel?: FaqModelData): Generator<void, KnowledgeBase> {
  const tok = createTokenizer(release.dictionary, segmenter);
  const synonyms = releaseSynonyms(release.bundle);
  const features = releaseFeatures(release, tok);
  yield;
  const productIndex = MiniSearch.loadJSON<ProductDoc>(release.productIndex, productIndexOptions(tok));
  const { products, faq } = release.bundle;
  yield;

  const nameTerms = new Map<string, string[]>();
  const nameDf = new Map<string, number>();
  const phrases = new Map<string, Set<string>>();
  for (const p of products) {
    const terms = new Set([p.name, ...p.aliases].flatMap((s) => productTerms(tok, s)));
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
  }
  const productPhrases = [...phrases.entries()]
    .map(([phrase, ids]) => ({ phrase, productIds: [...ids].sort() }))
    .sort((a, b) => b.phrase.length - a.phrase.length || a.phrase.localeCompare(b.phrase));
  yield;
  const model = faqModelFrom(faqModel ?? buildFaqModelData(faq, features), features);
  yield;
  const understander = createUnderstander(release.bundle, tok);
  const attributes = resolveDeclarations(release.bundle.shop, products);
  yield;

  return {
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
    productIdf: idfOf(nameDf, products.length),
    productPhrases,
  };
}
