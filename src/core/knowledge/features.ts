// Text → retrieval features: canonical words (jieba + synonyms, stop words dropped) and
// character bigrams. Bigrams catch what segmentation and typos split apart (发出去 ~ 发出);
// words carry meaning the bigrams blur.
import type { Tokenizer } from '../understanding/tokenizer.js';
import { parseChineseNumber } from '../understanding/entities.js';
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

// In a return question the goods' condition decides the answer ("吊牌还在" vs "吊牌剪了"), and
// again the negation is what a bag of words loses: 没穿过 contains 穿过. (Outside returns, 下过水
// is about shrinking or fading, not about the right to return.)
const RETURNING = /退|换|售后|无理由/;
const CONDITION_PHRASES: readonly [RegExp, string][] = [
  [/(吊牌|标签)(都|还|也)?(在|没剪|没拆|没动|完好|齐全)|(没|未)(剪|拆)(吊牌|标签)|(没|未)(洗|穿)过|没洗没穿|(没|未)下过?水|没拆(封|开|过)?/, '吊牌完好'],
  [/(剪|拆|撕|扔|扯)(了|掉)?(吊牌|标签)|(吊牌|标签).{0,3}(剪|拆|撕|扔|扯)(了|掉)|(?<![没未不])(洗|穿)(过|了一|了半)|(?<![没未不])下过水|铺过/, '已使用'],
];

// How long the shopper has had the goods decides between return answers ("签收都十二天了" is past
// a 7-day window, "前天刚收到" inside it), and day counts (九, 十二, 十来) share no words. A message
// about goods received, or about a window passed (过了七天), gets a token for its side of 7 days.
const HELD = /收到|签收|到货|拿到|收货|买了|到手|拆/;
const DURATION = /(超过|过了|超了)?第?(\d{1,3}|[零一二两三四五六七八九十]{1,3}|半)\s*(来|多)?\s*个?(天|日|星期|周|礼拜|月)(内|以内|之内)?/g;
const JUST_RECEIVED = /(今天|昨天|前天|刚刚?|上午|下午)(刚)?(收到|签收|到货|拿到|到的)/;
const UNIT_DAYS: Readonly<Record<string, number>> = { 天: 1, 日: 1, 星期: 7, 周: 7, 礼拜: 7, 月: 30 };

function heldDays(norm: string): string | undefined {
  if (JUST_RECEIVED.test(norm)) return '签收7天内';
  for (const m of norm.matchAll(DURATION)) {
    const [, past, count = '', , unit = '', within] = m;
    if (!past && !HELD.test(norm)) continue;
    const n = count === '半' ? 0.5 : /^\d+$/.test(count) ? Number(count) : parseChineseNumber(count);
    if (n === undefined) continue;
    const days = n * (UNIT_DAYS[unit] ?? 1);
    if (within) return days <= 7 ? '签收7天内' : undefined;
    return days > 7 || (past && days === 7) ? '签收超过7天' : '签收7天内';
  }
  return undefined;
}

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
    if (RETURNING.test(norm)) for (const [re, token] of CONDITION_PHRASES) if (re.test(norm)) out.push('w:' + token);
    const held = heldDays(norm);
    if (held) out.push('w:' + held);
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

/** Sum of vectors, L2-normalised (an entry's centroid over its phrasings). */
export function centroid(vectors: readonly SparseVector[]): SparseVector {
  const c: SparseVector = new Map();
  for (const v of vectors) for (const [t, w] of v) c.set(t, (c.get(t) ?? 0) + w);
  const norm = Math.sqrt([...c.values()].reduce((s, w) => s + w * w, 0));
  if (norm > 0) for (const [t, w] of c) c.set(t, w / norm);
  return c;
}
