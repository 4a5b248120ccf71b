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
 * Each call gets its own copy.
 */
export function remembered(cut: (text: string) => string[], size = REMEMBERED_CUTS): (text: string) => string[] {
  const last = new Map<string, readonly string[]>();
  return (text) => {
    let tokens = last.get(text);
    if (!tokens) {
      tokens = cut(text);
      if (last.size >= size) last.delete(last.keys().next().value as string);
      last.set(text, tokens);
    }
    return [...tokens];
  };
}
