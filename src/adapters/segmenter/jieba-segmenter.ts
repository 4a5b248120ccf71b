// The jieba segmentation engine (@node-rs/jieba, a native module) for core's tokeniser. The
// composition roots pass `defaultSegmenter` in; core itself knows only the Segmenter interface.
import { normalizeText } from '../../core/understanding/normalize.js';
import { intlSegmenter, type Segmenter } from '../../core/understanding/segmenter.js';

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

// Shop words get a high frequency so jieba keeps them whole (敏感肌, 长绒棉, brand names).
const CUSTOM_WORD_FREQ = 200_000;

function dictionaryBytes(words: readonly string[]): Uint8Array {
  const lines = [...new Set(words.map((w) => normalizeText(w)).filter((w) => w.length > 1 && !/\s/.test(w)))]
    .sort()
    .map((w) => `${w} ${CUSTOM_WORD_FREQ} n`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/** jieba with its bundled dictionary plus the shop's words; undefined where the binary is missing. */
export const jiebaSegmenter: Segmenter | undefined = jiebaModule
  ? {
      engine: 'jieba',
      withDictionary(words) {
        const jieba = jiebaModule.mod.Jieba.withDict(jiebaModule.dict);
        jieba.loadDict(dictionaryBytes(words));
        return { cut: (text) => jieba.cut(text, true), cutForSearch: (text) => jieba.cutForSearch(text, true) };
      },
    }
  : undefined;

/** True when the jieba engine could be loaded on this platform. */
export const jiebaAvailable = jiebaSegmenter !== undefined;

/** What composition roots inject: jieba, or Intl.Segmenter where jieba cannot load. */
export const defaultSegmenter: Segmenter = jiebaSegmenter ?? intlSegmenter;
