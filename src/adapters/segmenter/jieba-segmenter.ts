// The jieba segmentation engine (@node-rs/jieba, a native module) for core's tokeniser. The
// composition roots pass `defaultSegmenter` in; core itself knows only the Segmenter interface.
import { normalizeText } from '../../core/understanding/normalize.js';
import { intlSegmenter, type Segmenter } from '../../core/understanding/segmenter.js';
import { dictionaryReader, dictionaryTextSlices, sharedJiebaCutter, type BaseDictionary, type HmmCutter } from './shared-jieba.js';

interface JiebaLike {
  cut(sentence: string, hmm?: boolean | null): string[];
  cutForSearch(sentence: string, hmm?: boolean | null): string[];
  loadDict(dict: Uint8Array): void;
}
interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): JiebaLike; new (): JiebaLike };
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

// Shop words get a high frequency so jieba keeps them whole (敏感肌, 长绒棉, brand names).
const CUSTOM_WORD_FREQ = 200_000;

function shopWords(words: readonly string[]): string[] {
  return [...new Set(words.map((w) => normalizeText(w)).filter((w) => w.length > 1 && !/\s/.test(w)))].sort();
}

function dictionaryBytes(words: readonly string[]): Uint8Array {
  return new TextEncoder().encode(shopWords(words).map((w) => `${w} ${CUSTOM_WORD_FREQ} n`).join('\n') + '\n');
}

/**
 * jieba with a native instance of its own per release (its bundled dictionary plus the shop's
 * words): ~250 ms and ~40 MB each. Kept as the reference the shared engine is checked against.
 */
export const nativeJiebaSegmenter: Segmenter | undefined = jiebaModule
  ? {
      engine: 'jieba',
      withDictionary(words) {
        const jieba = jiebaModule.mod.Jieba.withDict(jiebaModule.dict);
        jieba.loadDict(dictionaryBytes(words));
        return { cut: (text) => jieba.cut(text, true), cutForSearch: (text) => jieba.cutForSearch(text, true) };
      },
    }
  : undefined;

// The process-wide dictionary of the shared engine, read once (~349,000 words).
let base: BaseDictionary | undefined;
let baseLoading: Promise<BaseDictionary> | undefined;
let hmm: HmmCutter | undefined;
/** Bytes of the dictionary's text decoded and read per turn of the loop (~4,000 words, a few ms). */
const DICT_BYTES_PER_STEP = 1 << 16;

function dictLines(): string[] {
  return new TextDecoder().decode(jiebaModule?.dict).split('\n');
}

function baseDictionary(): BaseDictionary {
  if (base) return base;
  const reader = dictionaryReader();
  reader.add(dictLines().join('\n'));
  base = reader.finish();
  return base;
}

/**
 * Reads the shared dictionary a slice at a time, yielding to the event loop between slices, so the
 * first release a process loads does not stall it (~0.3 s of work in all). Resolves at once when
 * already read or when jieba is missing.
 */
export function prepareSegmenter(): Promise<void> {
  if (base || !jiebaModule) return Promise.resolve();
  baseLoading ??= (async () => {
    const reader = dictionaryReader();
    for (const slice of dictionaryTextSlices(jiebaModule?.dict ?? new Uint8Array(0), DICT_BYTES_PER_STEP)) {
      reader.add(slice);
      await new Promise((resolve) => setImmediate(resolve));
    }
    base ??= reader.finish();
    return base;
  })();
  return baseLoading.then(() => undefined);
}

/**
 * jieba over one process-wide dictionary: each release adds only a map of its shop words (the
 * segmentation is exactly the native one's with those words loaded, see shared-jieba.ts); the HMM
 * for unknown runs is a native jieba with an empty dictionary, shared too. Undefined where the
 * binary is missing.
 */
export const jiebaSegmenter: Segmenter | undefined = jiebaModule
  ? {
      engine: 'jieba',
      withDictionary(words) {
        hmm ??= new jiebaModule.mod.Jieba();
        return sharedJiebaCutter(baseDictionary(), hmm, shopWords(words), CUSTOM_WORD_FREQ);
      },
    }
  : undefined;

/** True when the jieba engine could be loaded on this platform. */
export const jiebaAvailable = jiebaSegmenter !== undefined;

/** What composition roots inject: jieba, or Intl.Segmenter where jieba cannot load. */
export const defaultSegmenter: Segmenter = jiebaSegmenter ?? intlSegmenter;
