// Promises a generated answer may not make on its own: refunds, compensation, discounts, free
// items, guarantees, legal words and price deals. Only the shop's allowlisted phrases pass.
import { normalizeText } from '../understanding/normalize.js';
import { foldWidth } from './fold.js';

/** What a commitment promises. */
export type CommitmentKind = 'refund' | 'compensation' | 'discount' | 'free' | 'guarantee' | 'legal' | 'deal';

/** One commitment found in a text; `start`/`end` locate it (UTF-16 offsets). */
export interface Commitment {
  text: string;
  kind: CommitmentKind;
  start: number;
  end: number;
}

const ZH_WORDS: Readonly<Record<CommitmentKind, readonly string[]>> = {
  refund: ['退款', '退钱', '全额退', '退货', '退还', '退费', '退换', '包退', '退差价', '返还'],
  compensation: ['赔偿', '补偿', '赔付', '赔你', '赔您', '赔给', '理赔', '赔钱', '包赔'],
  discount: ['优惠券', '打折', '折扣', '优惠', '便宜', '降价', '减价', '返现', '返利', '红包', '券', '半价', '特价', '让利', '立减'],
  free: ['免费', '赠送', '送你', '送您', '白送', '包邮', '赠品', '免运费', '免单'],
  guarantee: ['保证', '承诺', '一定给', '肯定给', '绝对', '担保'],
  legal: ['具有法律效力', '法律效力', '法律约束', '合同', '律师', '起诉', '法院', '法律责任'],
  deal: ['成交', '就按这个价', '就这个价', '一言为定', '说定了'],
};

const EN_WORDS: Readonly<Record<CommitmentKind, readonly string[]>> = {
  refund: ['refunds?', 'refunded', 'refunding', 'money back', 'reimburse(?:d|ment)?'],
  compensation: ['compensat(?:e|ed|ion)', 'make it up to you'],
  discount: ['discounts?', 'coupons?', 'vouchers?', 'promo codes?', 'cheaper', 'price drop', 'cash ?back', 'rebates?'],
  free: ['(?<!-)free(?: shipping| of charge)?(?! to\\b)(?!-)', 'complimentary', 'on the house'],
  guarantee: ['guarantee[sd]?', 'promise[sd]?', 'i assure you', 'definitely', 'absolutely'],
  legal: ['legally binding', 'binding', 'legal(?:ly)?', 'lawyers?', 'attorneys?', 'sue', 'lawsuits?', 'contracts?', 'court'],
  deal: ["it'?s a deal", 'deal(?! with\\b)', 'no takesies backsies'],
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Lexicon {
  re: RegExp;
  kinds: ReadonlyMap<string, CommitmentKind>;
}

/** One alternation per language, longest word first so 具有法律效力 beats 法律效力. */
function lexicon(words: Readonly<Record<CommitmentKind, readonly string[]>>, english: boolean): Lexicon {
  const all = Object.entries(words).flatMap(([kind, list]) => list.map((w) => ({ w, kind: kind as CommitmentKind })));
  all.sort((a, b) => b.w.length - a.w.length);
  const source = all.map((e) => `(${english ? e.w : escape(e.w)})`).join('|');
  const kinds = new Map<string, CommitmentKind>();
  all.forEach((e, i) => kinds.set(String(i + 1), e.kind));
  return { re: new RegExp(english ? `\\b(?:${source})\\b` : source, english ? 'gi' : 'g'), kinds };
}

const ZH = lexicon(ZH_WORDS, false);
const EN = lexicon(EN_WORDS, true);

// A refusal is not a promise: 不支持退款, 无法赔偿, 不予追溯退款, "we cannot refund". The negation must
// end at most 3 characters (Chinese) or 2 words (English) before the word, with no punctuation between.
const ZH_NEGATION = /(?:不支持|不提供|不予|不能|不会|不可|无法|没有|暂不|概不|不(?!仅|但|只|满|然|过|少|错|用)|无(?!理由|忧|门槛)|未)[^\s,.!?;:，。！？；：、]{0,3}$/;
const EN_NEGATION = /\b(?:not|no|cannot|can't|won't|don't|doesn't|isn't|aren't|never|unable to)(?:\s+[a-z']+){0,2}\s+$/i;

/**
 * The commitments `text` makes, in text order. Chinese and English words are both looked for
 * whatever `language` says, because replies mix them (the parameter keeps the checks' signatures alike).
 * Negated refusals (不支持退款, "we do not offer refunds") are not commitments; questions are.
 */
export function commitmentsIn(text: string, language: 'zh-CN' | 'en'): Commitment[] {
  void language;
  const folded = foldWidth(text);
  const out: Commitment[] = [];
  for (const [lex, negation] of [[ZH, ZH_NEGATION], [EN, EN_NEGATION]] as const) {
    lex.re.lastIndex = 0;
    for (const m of folded.matchAll(lex.re)) {
      const group = m.findIndex((g, i) => i > 0 && g !== undefined);
      const kind = lex.kinds.get(String(group));
      if (kind === undefined) continue;
      // 要不要 / 能不能 / 是不是 ask, they do not refuse.
      const before = folded.slice(Math.max(0, m.index - 40), m.index).replace(/(.)不\1/gu, '   ');
      if (negation.test(before)) continue;
      out.push({ text: text.slice(m.index, m.index + m[0].length), kind, start: m.index, end: m.index + m[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Where an allowlisted phrase occurs in `folded`, as [start, end) spans; spacing may differ. */
function phraseSpans(folded: string, phrase: string): [number, number][] {
  const chars = [...normalizeText(phrase).replace(/\s/g, '')];
  if (chars.length === 0) return [];
  const re = new RegExp(chars.map(escape).join('\\s*'), 'giu');
  return [...folded.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
}

/**
 * The commitments of `text` no allowlisted phrase covers: allowlist "7天无理由退货" lets 退货 pass
 * only inside that phrase, so "全额退货" elsewhere in the same text is still reported.
 */
export function unallowedCommitments(text: string, allowed: readonly string[], language: 'zh-CN' | 'en'): Commitment[] {
  const found = commitmentsIn(text, language);
  if (found.length === 0 || allowed.length === 0) return found;
  const folded = foldWidth(text);
  const spans = allowed.flatMap((p) => phraseSpans(folded, p));
  return found.filter((c) => !spans.some(([s, e]) => s <= c.start && c.end <= e));
}
