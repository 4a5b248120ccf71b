// Chinese-aware tokenisation: jieba with each shop's dictionary, Intl.Segmenter where the jieba
// native binary is unavailable. Pure computation; the dictionary arrives as data.
import { normalizeText } from './normalize.js';
import { STOP_WORDS, isPunctuation } from './stopwords.js';

/** Splits normalised text into words; one instance per release (it holds the shop's dictionary). */
export interface Tokenizer {
  /** Which engine is in use, for traces and benchmarks. */
  readonly engine: 'jieba' | 'intl';
  /** All words of the text in order, punctuation removed, stop words kept. */
  words(text: string): string[];
  /** Words for retrieval: search-mode segmentation (双十一 → 双十, 十一, 双十一), stop words removed. */
  terms(text: string): string[];
}

interface JiebaLike {
  cut(sentence: string, hmm?: boolean | null): string[];
  cutForSearch(sentence: string, hmm?: boolean | null): string[];
  loadDict(dict: Uint8Array): void;
}
interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): JiebaLike };
}

// Loaded once per process. The binary ships inside the npm package for common platforms; when it
// is missing the tokeniser degrades to Intl.Segmenter instead of failing to start.
const jiebaModule: { mod: JiebaModule; dict: Uint8Array } | undefined = await (async () => {
  try {
    const mod = (await import('@node-rs/jieba')) as unknown as JiebaModule;
    const dictMod = (await import('@node-rs/jieba/dict.js')) as unknown as { dict: Uint8Array; default?: { dict: Uint8Array } };
    const dict = dictMod.dict ?? dictMod.default?.dict;
    return dict ? { mod, dict } : undefined;
  } catch {
    return undefined;
  }
})();

/** True when the jieba engine could be loaded on this platform. */
export const jiebaAvailable = jiebaModule !== undefined;

// Shop words get a high frequency so jieba keeps them whole (敏感肌, 长绒棉, brand names).
const CUSTOM_WORD_FREQ = 200_000;

function dictionaryBytes(words: readonly string[]): Uint8Array {
  const lines = [...new Set(words.map((w) => normalizeText(w)).filter((w) => w.length > 1 && !/\s/.test(w)))]
    .sort()
    .map((w) => `${w} ${CUSTOM_WORD_FREQ} n`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

function keep(token: string): boolean {
  return token.trim() !== '' && !isPunctuation(token);
}

/** Builds a tokeniser that knows the given shop words. `engine` forces one (tests, benchmarks). */
export function createTokenizer(dictionary: readonly string[], engine?: 'jieba' | 'intl'): Tokenizer {
  if (jiebaModule && engine !== 'intl') {
    const jieba = jiebaModule.mod.Jieba.withDict(jiebaModule.dict);
    jieba.loadDict(dictionaryBytes(dictionary));
    return {
      engine: 'jieba',
      words: (text) => jieba.cut(normalizeText(text), true).filter(keep),
      terms: (text) => jieba.cutForSearch(normalizeText(text), true).filter((t) => keep(t) && !STOP_WORDS.has(t)),
    };
  }
  if (engine === 'jieba') throw new Error('jieba is not available on this platform');
  return createIntlTokenizer(dictionary);
}

// Intl.Segmenter splits 敏感肌 into 敏感/肌; a greedy longest-match pass over the shop's words
// glues such runs back together so shop vocabulary survives the fallback too.
function createIntlTokenizer(dictionary: readonly string[]): Tokenizer {
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  const custom = new Set(dictionary.map((w) => normalizeText(w)).filter((w) => w.length > 1));
  const maxLen = Math.max(1, ...[...custom].map((w) => w.length));
  const words = (text: string): string[] => {
    const segs = [...segmenter.segment(normalizeText(text))].map((s) => s.segment).filter(keep);
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
  return {
    engine: 'intl',
    words,
    terms: (text) => words(text).filter((t) => !STOP_WORDS.has(t)),
  };
}
