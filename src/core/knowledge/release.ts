// A release: the immutable, compiled form of a shop's imported data that conversations run on.
// Compiling is deterministic: the same bundle always yields the same release id and content.
import { createHash } from 'node:crypto';
import MiniSearch from 'minisearch';
import type { ShopBundle } from '../catalog/types.js';
import { createTokenizer, type Segmenter, type Tokenizer } from '../understanding/tokenizer.js';
import { normalizeText } from '../understanding/normalize.js';
import { BUILTIN_SYNONYMS, synonymMap } from '../understanding/synonyms.js';

/** The compiled artefacts of one publish. */
export interface Release {
  /** `rel-` + the first 16 hex digits of the SHA-256 of everything below. */
  id: string;
  shopId: string;
  bundle: ShopBundle;
  /** Words added to the tokeniser: shop dictionary, product names, aliases, option values, tags. */
  dictionary: string[];
  /** Serialised MiniSearch index over products. */
  productIndex: string;
}

/** One indexed product. */
export interface ProductDoc {
  id: string;
  name: string;
  aliases: string;
  category: string;
  details: string;
}

/** Built-in synonyms extended (and overridden) by the shop's own groups. */
export function releaseSynonyms(bundle: ShopBundle): Map<string, string> {
  const shop = synonymMap(bundle.shop.synonyms);
  return new Map([...BUILTIN_SYNONYMS, ...shop]);
}

/** Index options for products; the name weighs most, then aliases. */
export function productIndexOptions(tokenizer: Tokenizer) {
  const tokenize = (text: string) => tokenizer.terms(text);
  const processTerm = (term: string) => term;
  return {
    fields: ['name', 'aliases', 'category', 'details'],
    storeFields: [] as string[],
    tokenize,
    processTerm,
    // The search options MiniSearch merges each query's options over hold every key a query's
    // options have, with the values a query would get anyway (the same tokenize and processTerm,
    // no document boost): a spread that adds keys gives its copy a new hidden class each time on
    // Node 20, three per query term (docs/benchmarks.md).
    searchOptions: { tokenize, processTerm, boostDocument: undefined },
  };
}

/** Shop vocabulary that the tokeniser must keep whole. */
export function releaseDictionary(bundle: ShopBundle): string[] {
  const words = new Set<string>();
  const add = (w: string | undefined) => {
    const n = normalizeText(w ?? '');
    if (n.length > 1 && n.length <= 16 && !/\s/.test(n)) words.add(n);
  };
  bundle.shop.dictionary.forEach(add);
  bundle.shop.synonyms.flat().forEach(add);
  for (const p of bundle.products) {
    // Whole product names stay out: as one dictionary word a name would hide its parts
    // (夹棉, 6条装) from matching. Short aliases are kept whole.
    p.aliases.filter((a) => a.length <= 6).forEach(add);
    add(p.category);
    p.attributes.suitable_for?.forEach(add);
    p.attributes.features?.forEach(add);
    for (const v of p.variants) Object.values(v.options).forEach(add);
  }
  for (const f of bundle.faq) f.tags.forEach(add);
  return [...words].sort();
}

function productDetails(p: ShopBundle['products'][number]): string {
  const a = p.attributes;
  return [a.material, a.standard, ...(a.suitable_for ?? []), ...(a.features ?? []), ...(a.season ?? []), a.thickness]
    .filter(Boolean)
    .join(' ');
}

/**
 * Compiles a validated bundle into a release. Pure and deterministic for a given segmenter (the
 * product index holds its words, so the release id depends on the engine too).
 */
export function compileRelease(bundle: ShopBundle, segmenter: Segmenter): Release {
  const dictionary = releaseDictionary(bundle);
  const tok = createTokenizer(dictionary, segmenter);

  const productIndex = new MiniSearch<ProductDoc>(productIndexOptions(tok));
  for (const p of bundle.products) {
    productIndex.add({ id: p.id, name: p.name, aliases: p.aliases.join(' '), category: p.category, details: productDetails(p) });
  }

  const body = {
    shopId: bundle.shop.id,
    bundle,
    dictionary,
    productIndex: JSON.stringify(productIndex),
  };
  const id = 'rel-' + createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16);
  return { id, ...body };
}
