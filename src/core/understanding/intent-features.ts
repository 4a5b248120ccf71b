// Text → intent features. Words carry meaning; character n-grams carry what segmentation,
// inflection and typos split apart (refunded ~ refund, 发或 ~ 发货 share 发). The same function
// builds the training vectors and reads shoppers' messages.
import { normalizeText } from './normalize.js';

/** Splits normalised text into words (jieba for Chinese, or a plain splitter for English). */
export type WordSplitter = (normalised: string) => readonly string[];

/** Weights of the feature groups, chosen by measurement (docs/benchmarks.md). */
export interface IntentFeatureOptions {
  word: number;
  wordBigram: number;
  wordTrigram: number;
  /** Character n-grams of Latin words, with word boundaries: #refund# → #re, ref, … */
  latinGrams: number;
  /** Character unigrams and bigrams inside runs of Han characters. */
  hanGrams: number;
  latinMin: number;
  latinMax: number;
}

export const DEFAULT_INTENT_FEATURES: IntentFeatureOptions = {
  word: 1,
  wordBigram: 0.6,
  wordTrigram: 0.5,
  latinGrams: 0.5,
  hanGrams: 3,
  latinMin: 3,
  latinMax: 5,
};

const LATIN_WORD = /^[a-z][a-z']*$/;
const PUNCTUATION = /^\p{P}+$/u;
const HAN_RUN = /[\p{Script=Han}]+/gu;

/** A feature list with weights, L2-normalised; features may repeat (their weights add up). */
export interface FeatureBag {
  keys: string[];
  values: number[];
}

/** Builds the feature extractor. The output is deterministic for a given text. */
export function createIntentFeaturizer(split: WordSplitter, options: IntentFeatureOptions = DEFAULT_INTENT_FEATURES): (text: string) => FeatureBag {
  return (text) => {
    const norm = normalizeText(text.length > 2000 ? text.slice(0, 2000) : text);
    const counts = new Map<string, number>();
    const add = (key: string, w: number): void => {
      counts.set(key, (counts.get(key) ?? 0) + w);
    };
    const words = split(norm).filter((w) => w.trim() !== '' && !PUNCTUATION.test(w));
    let prev2 = '';
    let prev = '^';
    for (const w of words) {
      add('w:' + w, options.word);
      add('b:' + prev + ' ' + w, options.wordBigram);
      if (options.wordTrigram > 0 && prev2) add('t:' + prev2 + ' ' + prev + ' ' + w, options.wordTrigram);
      prev2 = prev;
      prev = w;
      if (options.latinGrams > 0 && LATIN_WORD.test(w) && w.length > 2) {
        const padded = '#' + w + '#';
        for (let n = options.latinMin; n <= options.latinMax; n++) {
          for (let i = 0; i + n <= padded.length; i++) add('c:' + padded.slice(i, i + n), options.latinGrams);
        }
      }
    }
    if (words.length) add('b:' + prev + ' $', options.wordBigram);
    if (options.hanGrams > 0) {
      for (const run of norm.match(HAN_RUN) ?? []) {
        const chars = [...run];
        for (let i = 0; i < chars.length; i++) {
          add('h:' + chars[i], options.hanGrams * 0.5);
          if (i + 1 < chars.length) add('h:' + chars[i] + chars[i + 1], options.hanGrams);
        }
      }
    }
    const keys: string[] = [];
    const values: number[] = [];
    let norm2 = 0;
    for (const [k, v] of counts) {
      // Sublinear in repeats: "退款退款退款" is not three times as much about refunds.
      const w = v > 1 ? Math.sqrt(v) : v;
      keys.push(k);
      values.push(w);
      norm2 += w * w;
    }
    const scale = norm2 > 0 ? 1 / Math.sqrt(norm2) : 0;
    for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) * scale;
    return { keys, values };
  };
}
