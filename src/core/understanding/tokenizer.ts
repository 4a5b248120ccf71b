// Chinese-aware tokenisation over an injected segmentation engine (jieba from an adapter, or the
// pure Intl.Segmenter one). Pure computation; the dictionary arrives as data.
import { normalizeText } from './normalize.js';
import type { Segmenter } from './segmenter.js';
import { STOP_WORDS, isPunctuation } from './stopwords.js';

export { intlSegmenter, type Segmenter, type WordCutter } from './segmenter.js';

/** Splits normalised text into words; one instance per release (it holds the shop's dictionary). */
export interface Tokenizer {
  /** Which engine is in use, for traces and benchmarks. */
  readonly engine: 'jieba' | 'intl';
  /** All words of the text in order, punctuation removed, stop words kept. */
  words(text: string): string[];
  /** Words for retrieval: search-mode segmentation (双十一 → 双十, 十一, 双十一), stop words removed. */
  terms(text: string): string[];
}

function keep(token: string): boolean {
  return token.trim() !== '' && !isPunctuation(token);
}

/** Texts whose cuts a tokeniser remembers (a turn cuts its message for intents, FAQ features and product terms). */
const REMEMBERED_CUTS = 8;

/** Builds a tokeniser that knows the given shop words, cutting with `segmenter`. */
export function createTokenizer(dictionary: readonly string[], segmenter: Segmenter): Tokenizer {
  const cutter = segmenter.withDictionary(dictionary);
  return {
    engine: segmenter.engine,
    words: remembered((text) => cutter.cut(normalizeText(text)).filter(keep)),
    terms: remembered((text) => cutter.cutForSearch(normalizeText(text)).filter((t) => keep(t) && !STOP_WORDS.has(t))),
  };
}

/**
 * `cut` with the results of the last few texts remembered (cutting is deterministic): the same
 * message is cut by the intent classifier, the FAQ features and the product resolver in one turn.
 * Each call gets its own copy. The oldest text is forgotten first.
 *
 * Kept in two fixed arrays, not a Map: a long-lived Map that is added to and deleted from every
 * turn rebuilds its table every few additions, and each old table, linked to the next, keeps the
 * cuts it held reachable from the old generation, so every cut lived until a full collection (some
 * kB a turn promoted by each scavenge, making it slower). A slot overwritten lets its cut go.
 */
export function remembered(cut: (text: string) => string[], size = REMEMBERED_CUTS): (text: string) => string[] {
  const texts: (string | undefined)[] = new Array<string | undefined>(size).fill(undefined);
  const cuts: (readonly string[] | undefined)[] = new Array<readonly string[] | undefined>(size).fill(undefined);
  let next = 0;
  return (text) => {
    for (let i = 0; i < size; i++) {
      if (texts[i] === text) return [...(cuts[i] as readonly string[])];
    }
    const tokens = cut(text);
    texts[next] = text;
    cuts[next] = tokens;
    next = (next + 1) % size;
    return [...tokens];
  };
}
