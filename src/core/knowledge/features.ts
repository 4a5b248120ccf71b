// Text → retrieval features: canonical words (jieba + synonyms, stop words dropped) and
// character bigrams. Bigrams catch what segmentation and typos split apart (发出去 ~ 发出);
// words carry meaning the bigrams blur.
import type { Tokenizer } from '../understanding/tokenizer.js';
import { normalizeText } from '../understanding/normalize.js';
import { STOP_WORDS } from '../understanding/stopwords.js';

/** A sparse feature vector: feature → weight. */
export type SparseVector = Map<string, number>;

/** Characters that carry no topic on their own; bigrams made with them are dropped. */
const FILLER_CHARS = new Set([...'的了吗呢啊吧呀哈哦嘛么啦喔嗯是我你您他她它这那个们就都也还又和与在有没不能会要想请问下一亲吖呗滴咯']);

// Order states decide which answer applies ("还没发货能改地址吗" vs "已经发货了还能改地址吗"), and
// bags of words lose the negation. Each rule adds one canonical state token.
const STATE_PHRASES: readonly [RegExp, string][] = [
  [/(还没|没有|未|尚未|还未|没)(有)?(发货|发出|寄出|发走|发)/, '未发货'],
  [/(已经|已)(发货|发出|寄出|发走|发了)|发货了|发出来了|寄出来了|发走了/, '已发货'],
  [/(还没|没有|未|没)(付款|付钱|支付|付)/, '未付款'],
  [/(已经|已)(付款|付钱|支付|付了)|付完款|付了款|付款了|拍了也付了/, '已付款'],
  [/(已经|已)签收|签收了|收到货了|已经收到|收到了/, '已签收'],
  [/(没|未|还没)(收到|到货)|没到/, '未收到'],
];

/** Extracts feature tokens from text; the same function builds the index and reads queries. */
export function createFeatureExtractor(tokenizer: Tokenizer, synonyms: ReadonlyMap<string, string>): (text: string) => string[] {
  return (text) => {
    const norm = normalizeText(text);
    const out: string[] = [];
    for (const w of tokenizer.words(norm)) {
      const canon = synonyms.get(w) ?? w;
      if (STOP_WORDS.has(canon) || /^[a-z0-9]$/.test(canon)) continue;
      out.push('w:' + canon);
    }
    for (const [re, token] of STATE_PHRASES) if (re.test(norm)) out.push('w:' + token);
    // Bigrams within runs of CJK letters and digits, skipping filler characters.
    for (const run of norm.match(/[\p{Script=Han}a-z0-9]+/gu) ?? []) {
      const chars = [...run].filter((c) => !FILLER_CHARS.has(c));
      for (let i = 0; i + 1 < chars.length; i++) out.push('b:' + chars[i] + chars[i + 1]);
    }
    return out;
  };
}

/** Term frequencies of a token list. */
export function termFrequencies(tokens: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

/** TF-IDF weights (sublinear tf), bigrams scaled by `bigramWeight`, L2-normalised. */
export function tfidfVector(tf: ReadonlyMap<string, number>, idf: (t: string) => number, bigramWeight: number): SparseVector {
  const v: SparseVector = new Map();
  let norm = 0;
  for (const [t, n] of tf) {
    const w = (1 + Math.log(n)) * idf(t) * (t.startsWith('b:') ? bigramWeight : 1);
    if (w <= 0) continue;
    v.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
  return v;
}

/** Cosine of two L2-normalised sparse vectors. */
export function dot(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) s += w * o;
  }
  return s;
}

/** Sum of vectors, L2-normalised (an entry's centroid over its phrasings). */
export function centroid(vectors: readonly SparseVector[]): SparseVector {
  const c: SparseVector = new Map();
  for (const v of vectors) for (const [t, w] of v) c.set(t, (c.get(t) ?? 0) + w);
  const norm = Math.sqrt([...c.values()].reduce((s, w) => s + w * w, 0));
  if (norm > 0) for (const [t, w] of c) c.set(t, w / norm);
  return c;
}
