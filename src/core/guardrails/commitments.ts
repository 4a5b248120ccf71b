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

/**
 * Chinese commitments that a word list cannot state: 送 + a measure word (送一双, 送个), 赔 + a
 * numeral (假一赔十), 买一送一, money sent back (退给你, 原路返回). Each is one linear run.
 */
const ZH_PATTERNS: Readonly<Record<CommitmentKind, readonly string[]>> = {
  refund: ['退给[你您]', '把钱退', '原路(?:返回|退回|退还)', '给[你您]退(?![出订款钱货换还费差])'],
  compensation: ['赔[0-9一二两三四五六七八九十双][倍]?'],
  discount: [],
  free: [
    '免邮', '运费全免', '运费(?:由)?我们(?:来)?(?:出|承担|付)',
    '(?<![运配发递输护快接])送(?:[0-9一二两三四五六七八九十几]{1,3}[个张份件双支瓶盒包套条只袋片款]|个|给[你您])',
  ],
  guarantee: ['包[你您]?满意'],
  legal: [],
  deal: ['就这[样么]定了', '买[0-9一二两三四五六七八九十]送[0-9一二两三四五六七八九十]'],
};

const EN_WORDS: Readonly<Record<CommitmentKind, readonly string[]>> = {
  refund: ['refunds?', 'refunded', 'refunding', 'money back', 'reimburse(?:d|ment)?', 'pay(?:ing)? you back', 'paid you back'],
  compensation: ['compensat(?:e|ed|ion)', 'make it up to you'],
  discount: ['discounts?', 'coupons?', 'vouchers?', 'promo codes?', 'cheaper', 'price drop', 'cash ?back', 'rebates?', 'half[- ]price', 'half off'],
  free: [
    '(?<!-)free(?: shipping| of charge)?(?! to\\b)(?!-)', 'complimentary', 'on the house', 'waive[sd]?', 'waiving',
    '(?<!\\b(?:rely|relying|count|counting|depend|depending|call|contact|based) )on us', 'at no (?:extra |additional )?(?:cost|charge)',
  ],
  guarantee: ['guarantee[sd]?', 'promise[sd]?', 'i assure you', 'definitely', 'absolutely'],
  legal: ['legally binding', 'binding', 'legal(?:ly)?', 'lawyers?', 'attorneys?', 'sue', 'lawsuits?', 'contracts?', 'court'],
  deal: ["it'?s a deal", 'deal(?! with\\b)', 'no takesies backsies', 'buy (?:one|1|two|2) get (?:one|1)', 'bogo'],
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Lexicon {
  re: RegExp;
  kinds: ReadonlyMap<string, CommitmentKind>;
}

type Words = Readonly<Record<CommitmentKind, readonly string[]>>;

/**
 * One alternation per language, longest word first so 具有法律效力 beats 法律效力. English words
 * and `patterns` are regex sources; Chinese `words` are literal.
 */
function lexicon(words: Words, english: boolean, patterns: Words | undefined = undefined): Lexicon {
  const all = [
    ...Object.entries(words).flatMap(([kind, list]) => list.map((w) => ({ w: english ? w : escape(w), kind: kind as CommitmentKind }))),
    ...Object.entries(patterns ?? {}).flatMap(([kind, list]) => list.map((w) => ({ w, kind: kind as CommitmentKind }))),
  ];
  all.sort((a, b) => b.w.length - a.w.length);
  const source = all.map((e) => `(${e.w})`).join('|');
  const kinds = new Map<string, CommitmentKind>();
  all.forEach((e, i) => kinds.set(String(i + 1), e.kind));
  return { re: new RegExp(english ? `\\b(?:${source})\\b` : source, english ? 'gi' : 'g'), kinds };
}

const ZH = lexicon(ZH_WORDS, false, ZH_PATTERNS);
const EN = lexicon(EN_WORDS, true);

// A refusal is not a promise: 不支持退款, 无法赔偿, 不予追溯退款, 不包邮, "we cannot refund". A refusal
// verb (不支持, 无法, 不予…) may end up to 3 characters before the word, with no punctuation and no
// word of a condition (就, 可, 包, 全…) between; a bare 不/无/未/没 must stand right before it, so
// conditions stay promises: 无条件退款, 不限次数退换, 不喜欢可退款, 质量不好全额退款, 不合适包退.
const ZH_NEGATION = new RegExp(
  '(?:(?:不支持|不提供|不接受|不办理|不予|不能|不会|不可|不再|不给|无法|没有|没法|暂不|概不)' +
    '[^\\s,.!?;:，。！？；：、就可包全都便再也则即请还]{0,3}|[不无未没])$',
);
// In English "no" must stand right before the word (no refunds); other negations may be 2 words
// before it (do not offer refunds), unless they are reassurance (no worries, don't hesitate).
const EN_NEGATION =
  /(?:\bno\s+|\b(?:not|cannot|can't|won't|don't|doesn't|isn't|aren't|never|unable to)(?!\s+(?:worr|problem|hesitate|doubt|matter))(?:\s+[a-z']+){0,2}\s+)$/i;

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
