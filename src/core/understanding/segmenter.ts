// Word segmentation, injected: core keeps only the pure Intl.Segmenter engine; jieba (a native
// module) lives in an adapter and is passed in by the composition roots.
import { normalizeText } from './normalize.js';
import { isPunctuation } from './stopwords.js';

/** A segmentation engine; `withDictionary` is called once per release with the shop's words. */
export interface Segmenter {
  /** Which engine it is, for traces and benchmarks. */
  readonly engine: 'jieba' | 'intl';
  /** A cutter that keeps the given shop words whole. */
  withDictionary(words: readonly string[]): WordCutter;
}

/** Cuts normalised text into words; the tokeniser drops punctuation and stop words afterwards. */
export interface WordCutter {
  /** All words in order. */
  cut(text: string): string[];
  /** Search-mode words (双十一 → 双十, 十一, 双十一); engines without a search mode return `cut`. */
  cutForSearch(text: string): string[];
}

function keep(token: string): boolean {
  return token.trim() !== '' && !isPunctuation(token);
}

// Intl.Segmenter splits 敏感肌 into 敏感/肌; a greedy longest-match pass over the shop's words
// glues such runs back together so shop vocabulary survives the fallback too.
/** The pure engine: Intl.Segmenter plus a longest-match pass over the shop's words. */
export const intlSegmenter: Segmenter = {
  engine: 'intl',
  withDictionary(dictionary) {
    const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
    const custom = new Set(dictionary.map((w) => normalizeText(w)).filter((w) => w.length > 1));
    const maxLen = Math.max(1, ...[...custom].map((w) => w.length));
    const cut = (text: string): string[] => {
      const segs = [...segmenter.segment(text)].map((s) => s.segment).filter(keep);
      const out: string[] = [];
      for (let i = 0; i < segs.length; ) {
        let taken = 1;
        let acc = segs[i] ?? '';
        let best = -1;
        for (let j = i + 1; j < segs.length && acc.length < maxLen; j++) {
          acc += segs[j];
          if (custom.has(acc)) best = j;
        }
        if (best >= 0) {
          out.push(segs.slice(i, best + 1).join(''));
          taken = best + 1 - i;
        } else out.push(segs[i] ?? '');
        i += taken;
      }
      return out;
    };
    return { cut, cutForSearch: cut };
  },
};
