// Every number a text states (prices, discounts, percentages, dates, durations, counts) in Chinese
// or English, so a generated answer's numbers can be checked against its grounding sources.
import { claimSpans } from './spans.js';
import { parseChineseNumber } from '../understanding/entities.js';
import { foldDigits } from './fold.js';
import type { GroundingSource } from './types.js';

/** What a quantity counts: money, discount (折), time, size, or '' for a bare number. */
export type QuantityUnit =
  | 'yuan' | 'usd' | 'zhe' | 'percent'
  | 'day' | 'workday' | 'hour' | 'minute' | 'second' | 'week' | 'month' | 'year'
  | 'date' | 'weekday' | 'time'
  | 'ml' | 'l' | 'g' | 'kg' | 'jin' | 'cm' | 'mm' | 'm' | 'inch' | 'item'
  | '';

/**
 * One number-bearing claim. For 'date' the value is month × 100 + day (0 for a part not stated:
 * 12月 → 1200, 8号 → 8); for 'time' minutes since midnight; for 'weekday' 1 (Monday) … 7.
 */
export interface Quantity {
  /** As written in the text (full-width digits included). */
  text: string;
  value: number;
  unit: QuantityUnit;
}

// ---------------------------------------------------------------------------------------------
// Number pieces. Every pattern is a sequence of single-class runs with no nested quantifiers, so
// matching stays linear in the text's length.

const AR = String.raw`\d+(?:,\d{3}(?!\d))*(?:\.\d+)?`;
/** Financial numerals (壹佰) and the colloquial 俩 (two) and 仨 (three), read as 一百, 两, 三. */
const FINANCIAL: Readonly<Record<string, string>> = {
  壹: '一', 贰: '二', 叁: '三', 肆: '四', 伍: '五', 陆: '六', 柒: '七', 捌: '八', 玖: '九', 拾: '十', 佰: '百', 仟: '千', 萬: '万',
  俩: '两', 仨: '三',
};
const FIN = Object.keys(FINANCIAL).join('');
const plainChinese = (s: string) => s.replace(new RegExp(`[${FIN}]`, 'g'), (c) => FINANCIAL[c] ?? c);
const CN = `[零〇一二两三四五六七八九十百千万${FIN}]{1,12}(?:点[零〇一二三四五六七八九]{1,6})?`;
/**
 * An Arabic or Chinese numeral, starting only where its run starts (which keeps matching linear);
 * a Chinese one is not read after words that make it vague (这两天, 同一天).
 */
const NUM = `(?:(?<![\\d.])${AR}万?|(?<![第同哪这那每某其任唯统零〇一二两三四五六七八九十百千万点${FIN}])${CN})`;
const EN_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, sixty: 60, ninety: 90,
};
const EN_NUM = `(?:(?<![\\d.])${AR}|\\b(?:${Object.keys(EN_WORDS).join('|')}))`;

const CN_DIGIT: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
/** Count words after which a Chinese 一 is an article, not a claim (一个问题, 一次性, 一件事). */
const CLASSIFIERS = new Set([...'件个瓶盒包袋双条只台支张套罐份箱片粒次位单']);

interface Numeral {
  value: number;
  chinese: boolean;
}

/** Reads "1,299", "99.9", "1.5万", "二十四", "三点五", "seven"; undefined when not one number. */
function readNumber(raw: string): Numeral | undefined {
  const s = raw.replace(/\s+/g, '');
  if (/^\d/.test(s)) {
    const wan = s.endsWith('万');
    const n = Number((wan ? s.slice(0, -1) : s).replace(/,/g, ''));
    return Number.isFinite(n) ? { value: wan ? n * 10000 : n, chinese: false } : undefined;
  }
  const word = EN_WORDS[s.toLowerCase()];
  if (word !== undefined) return { value: word, chinese: false };
  const [whole = '', decimals] = plainChinese(s).split('点');
  const int = parseChineseNumber(whole);
  if (int === undefined) return undefined;
  if (decimals === undefined) return { value: int, chinese: true };
  let frac = 0;
  let scale = 0.1;
  for (const c of decimals) {
    const d = CN_DIGIT[c];
    if (d === undefined) return undefined;
    frac += d * scale;
    scale /= 10;
  }
  return { value: Number((int + frac).toFixed(6)), chinese: true };
}

/** A discount numeral: 9 → 9, 85 → 8.5, 8.5 → 8.5, 九 → 9, 八五 → 8.5, 八点五 → 8.5. */
function readDiscount(raw: string): number | undefined {
  if (/^\d/.test(raw)) {
    const n = Number(raw);
    if (raw.includes('.')) return n > 0 && n < 10 ? n : undefined;
    if (n >= 1 && n < 10) return n;
    if (n >= 10 && n < 100) return n / 10;
    return undefined;
  }
  const digits = [...raw.replace('点', '')].map((c) => CN_DIGIT[c]);
  if (digits.some((d) => d === undefined || d === 0)) return undefined;
  const [a = 0, b] = digits as number[];
  return b === undefined ? a : a + b / 10;
}

type Reading = { value: number; unit: QuantityUnit } | 'skip' | undefined;

interface Rule {
  re: RegExp;
  /** Lower wins an overlap: skips (list markers, ordinals) 0, dates 1, units 2, 满/减 3, bare 4. */
  priority: number;
  read: (m: RegExpExecArray) => Reading;
}

const num = (m: RegExpExecArray, i: number) => readNumber(m[i] ?? '');
const unitOf = (table: Readonly<Record<string, QuantityUnit>>, word: string): QuantityUnit => table[word.toLowerCase()] ?? 'item';

const CN_DURATION: Readonly<Record<string, QuantityUnit>> = {
  天: 'day', 日: 'day', 周: 'week', 星期: 'week', 礼拜: 'week', 年: 'year', 分钟: 'minute', 秒: 'second', 秒钟: 'second',
  工作日: 'workday', 小时: 'hour', 钟头: 'hour',
};
const EN_DURATION: Readonly<Record<string, QuantityUnit>> = {
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour', day: 'day', days: 'day', week: 'week', weeks: 'week',
  wk: 'week', wks: 'week', month: 'month', months: 'month', year: 'year', years: 'year', yr: 'year', yrs: 'year',
  min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
};
const MEASURES: Readonly<Record<string, QuantityUnit>> = {
  斤: 'jin', 公斤: 'kg', 千克: 'kg', 克: 'g', 毫升: 'ml', 升: 'l', 厘米: 'cm', 毫米: 'mm', 米: 'm', 寸: 'inch',
  ml: 'ml', l: 'l', g: 'g', kg: 'kg', cm: 'cm', mm: 'mm', m: 'm',
};
const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH_NAMES = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const WEEKDAY_CN: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const WEEKDAY_EN = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function date(month: number, day: number): Reading {
  if (month < 0 || month > 12 || day < 0 || day > 31 || month + day === 0) return undefined;
  return { value: month * 100 + day, unit: 'date' };
}

function time(hour: number, minute: number): Reading {
  return hour <= 24 && minute < 60 ? { value: hour * 60 + minute, unit: 'time' } : undefined;
}

const RULES: readonly Rule[] = [
  // Not quantities: placeholders of masked data, list markers at a line start, ordinals (第一, 第2件).
  { re: /\[(?:电话|地址|订单号|邮箱|证件号)\d+\]/g, priority: 0, read: () => 'skip' },
  { re: /^[ \t]*(?:\d{1,2}(?:[.、)](?!\d)|\s*、)|\(\d{1,2}\))/gm, priority: 0, read: () => 'skip' },
  { re: new RegExp(`第\\s*(?:\\d+|[零〇一二两三四五六七八九十百千${FIN}]{1,12})`, 'g'), priority: 0, read: () => 'skip' },

  // 俩月, 仨月 count months (三月 is March, read as a date below).
  { re: /[俩仨]\s*月/g, priority: 1, read: (m) => ({ value: m[0].startsWith('俩') ? 2 : 3, unit: 'month' }) },

  // Dates and clock times.
  {
    re: /(?<!\d)(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)/g,
    priority: 1,
    read: (m) => date(Number(m[3]), Number(m[4])),
  },
  {
    re: new RegExp(`(?:(${NUM})\\s*年\\s*)?(${NUM})\\s*月(?:\\s*(${NUM})\\s*[日号])?`, 'g'),
    priority: 1,
    read: (m) => {
      const month = num(m, 2);
      const day = m[3] === undefined ? { value: 0 } : num(m, 3);
      return month && day ? date(month.value, day.value) : undefined;
    },
  },
  {
    re: new RegExp(`(${NUM})\\s*(?:号(?!楼|线|店|门|口|柜|仓|窗|色|码|位|机|键|电池|球|台|房)|日(?![内起后]|之内))`, 'g'),
    priority: 1,
    read: (m) => {
      const day = num(m, 1);
      return day && Number.isInteger(day.value) ? date(0, day.value) : undefined;
    },
  },
  { re: /(?<![\d/.])(\d{1,2})\/(\d{1,2})(?![\d/])/g, priority: 1, read: (m) => date(Number(m[1]), Number(m[2])) },
  {
    re: new RegExp(`\\b(${MONTH_NAMES})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)`, 'gi'),
    priority: 1,
    read: (m) => date(MONTHS[(m[1] ?? '').slice(0, 3).toLowerCase()] ?? 0, Number(m[2])),
  },
  {
    re: new RegExp(`(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_NAMES})\\b`, 'gi'),
    priority: 1,
    read: (m) => date(MONTHS[(m[2] ?? '').slice(0, 3).toLowerCase()] ?? 0, Number(m[1])),
  },
  {
    re: new RegExp(`(?:(上午|下午|晚上|凌晨|中午|早上|傍晚|今晚|明早)\\s*)?(${NUM})\\s*点(?:\\s*(\\d{1,2}|[一二三四五]?十[一二三四五六七八九]?)\\s*分?|(半)|整)?`, 'g'),
    priority: 1,
    read: (m) => {
      const hour = num(m, 2);
      if (!hour || !Number.isInteger(hour.value) || (hour.chinese && m[1] === undefined)) return undefined;
      const pm = m[1] !== undefined && /下午|晚上|傍晚|今晚/.test(m[1]) && hour.value < 12 ? 12 : 0;
      const minute = m[4] ? 30 : m[3] ? (num(m, 3)?.value ?? 0) : 0;
      return time(hour.value + pm, minute);
    },
  },
  {
    re: /(?<![\d:])(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\b\.?/gi,
    priority: 1,
    read: (m) => time((Number(m[1]) % 12) + ((m[3] ?? '').toLowerCase() === 'p' ? 12 : 0), Number(m[2] ?? 0)),
  },
  { re: /(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])/g, priority: 1, read: (m) => time(Number(m[1]), Number(m[2])) },

  // Money.
  {
    re: new RegExp(`(us\\$|\\$|¥|￥|(?<![a-z])(?:rmb|cny|usd))\\s*((?<![\\d.])${AR}万?)`, 'gi'),
    priority: 2,
    read: (m) => {
      const n = num(m, 2);
      return n && { value: n.value, unit: /\$|usd/i.test(m[1] ?? '') ? 'usd' : 'yuan' };
    },
  },
  {
    re: new RegExp(`(${NUM})\\s*(元|块钱|块|美元|美金|(?:rmb|yuan|cny|usd|dollars?|bucks?)(?![a-z]))`, 'gi'),
    priority: 2,
    read: (m) => {
      const n = num(m, 1);
      const unit = (m[2] ?? '').toLowerCase();
      if (!n) return undefined;
      // 一块 is also "together" (一块用); only 一块钱 is money.
      if (unit === '块' && n.chinese && n.value === 1) return undefined;
      return { value: n.value, unit: /美|usd|dollar|buck/.test(unit) ? 'usd' : 'yuan' };
    },
  },

  // 五毛钱, 一角钱, 一分钱: a tenth or a hundredth of a yuan.
  {
    re: new RegExp(`(${NUM})\\s*(毛(?![衣巾绒线料发重])钱?|角钱|分钱)`, 'g'),
    priority: 2,
    read: (m) => {
      const n = num(m, 1);
      return n && { value: Number((n.value * ((m[2] ?? '').startsWith('分') ? 0.01 : 0.1)).toFixed(6)), unit: 'yuan' };
    },
  },
  // "a dollar", "one buck", "five dollars".
  {
    re: new RegExp(`(?:\\b(an?)|(${EN_NUM}))\\s+(?:dollars?|bucks?)\\b`, 'gi'),
    priority: 2,
    read: (m) => {
      const n = m[1] === undefined ? num(m, 2) : { value: 1 };
      return n && { value: n.value, unit: 'usd' };
    },
  },

  // Discounts and percentages.
  {
    re: /((?<![\d.])\d+(?:\.\d+)?|[一二三四五六七八九]{1,2}(?:点[一二三四五六七八九])?)\s*折(?!叠|腾|磨|返)/g,
    priority: 2,
    read: (m) => {
      const v = readDiscount(m[1] ?? '');
      return v === undefined ? undefined : { value: v, unit: 'zhe' };
    },
  },
  { re: /(?:打个?)?对折|半价/g, priority: 2, read: () => ({ value: 5, unit: 'zhe' }) },
  { re: new RegExp(`(${NUM})\\s*%`, 'g'), priority: 2, read: (m) => { const n = num(m, 1); return n && { value: n.value, unit: 'percent' }; } },
  { re: new RegExp(`百分之\\s*(${NUM})`, 'g'), priority: 2, read: (m) => { const n = num(m, 1); return n && { value: n.value, unit: 'percent' }; } },
  { re: /百分百/g, priority: 2, read: () => ({ value: 100, unit: 'percent' }) },
  {
    re: new RegExp(`(${EN_NUM})\\s*(?:percent|per cent)(?![a-z])`, 'gi'),
    priority: 2,
    read: (m) => { const n = num(m, 1); return n && { value: n.value, unit: 'percent' }; },
  },

  // Durations.
  { re: new RegExp(`(${NUM})\\s*个多?月`, 'g'), priority: 2, read: (m) => { const n = num(m, 1); return n && { value: n.value, unit: 'month' }; } },
  {
    re: new RegExp(`(${NUM})\\s*(?:个\\s*)?(工作日|小时|钟头|星期|礼拜|天|周|年|分钟|秒钟?|日(?=内|之内|起|后))`, 'g'),
    priority: 2,
    read: (m) => { const n = num(m, 1); return n && { value: n.value, unit: unitOf(CN_DURATION, m[2] ?? '') }; },
  },
  {
    re: new RegExp(`(${EN_NUM})\\s*(?:business|working)\\s+days?\\b`, 'gi'),
    priority: 2,
    read: (m) => { const n = num(m, 1); return n && { value: n.value, unit: 'workday' }; },
  },
  {
    re: new RegExp(`(${EN_NUM})\\s*-?\\s*(hours?|hrs?|h|days?|weeks?|wks?|months?|years?|yrs?|minutes?|mins?)(?![a-z])`, 'gi'),
    priority: 2,
    read: (m) => { const n = num(m, 1); return n && { value: n.value, unit: unitOf(EN_DURATION, m[2] ?? '') }; },
  },
  { re: /(?:周|星期|礼拜)([一二三四五六日天])/g, priority: 2, read: (m) => ({ value: WEEKDAY_CN[m[1] ?? ''] ?? 0, unit: 'weekday' }) },
  {
    re: new RegExp(`\\b(${WEEKDAY_EN.join('|')})s?\\b`, 'gi'),
    priority: 2,
    read: (m) => ({ value: WEEKDAY_EN.indexOf((m[1] ?? '').toLowerCase()) + 1, unit: 'weekday' }),
  },

  // Counts and measures.
  {
    re: new RegExp(`(${NUM})\\s*(件|个|瓶|盒|包(?!邮|装|括|含|裹)|袋|双|条|只|台|支|张|套|罐|份|箱|片|粒|次(?!日)|位|单(?!价|号)|斤|公斤|千克|克|毫升|升(?!级)|厘米|毫米|米|寸)`, 'g'),
    priority: 2,
    read: (m) => {
      const n = num(m, 1);
      const word = m[2] ?? '';
      if (!n) return undefined;
      if (n.chinese && n.value === 1 && CLASSIFIERS.has(word)) return undefined; // 一个问题, 一次性
      if (m[0] === '三包') return undefined; // the warranty policy, not three bags
      return { value: n.value, unit: unitOf(MEASURES, word) };
    },
  },
  {
    // Case-sensitive: 5G is a network, 5g is grams.
    re: new RegExp(`((?<![\\d.])${AR})\\s*(ml|mL|ML|l|L|g|kg|KG|Kg|cm|mm|m)(?![A-Za-z])`, 'g'),
    priority: 2,
    read: (m) => { const n = num(m, 1); return n && { value: n.value, unit: unitOf(MEASURES, m[2] ?? '') }; },
  },
  {
    re: new RegExp(`(${EN_NUM})\\s*(?:pcs|pieces?|items?|bottles?|boxes|box|pairs?|packs?|units?)(?![a-z])`, 'gi'),
    priority: 2,
    read: (m) => { const n = num(m, 1); return n && { value: n.value, unit: 'item' }; },
  },

  // 买一送一, 买二送一, 假一赔十: a lone Chinese digit after 买/送/赔 counts items.
  {
    re: new RegExp(`(?<=[买送赔])[一二两三四五六七八九十${FIN}](?![零〇一二两三四五六七八九十百千万${FIN}下起样直定般些点会切律件个瓶盒包袋双条只台支张套罐份箱片粒次位单])`, 'g'),
    priority: 3,
    read: (m) => {
      const n = readNumber(m[0]);
      return n && { value: n.value, unit: 'item' };
    },
  },

  // 满199减30, 立减20: money without a currency word.
  {
    re: new RegExp(`(?:满|立减|直降|减|省|返现|返|便宜|优惠|降)\\s*(${NUM})\\s*(元|块)?`, 'g'),
    priority: 3,
    read: (m) => {
      const n = num(m, 1);
      if (!n || (n.chinese && m[2] === undefined && n.value < 10)) return undefined; // 便宜一点
      return { value: n.value, unit: 'yuan' };
    },
  },

  // A Chinese numeral with a place word standing alone (两百, 一万, 二十四); a lone digit (一, 两)
  // is an article or a word part (一下, 一样) and 万一 / 千万 / 十分 are not numbers.
  {
    re: new RegExp(`(?<![第同哪这那每某其任唯统万千百十零〇一二两三四五六七八九${FIN}])[零〇一二两三四五六七八九十${FIN}][零〇一二两三四五六七八九十百千万${FIN}]+`, 'g'),
    priority: 4,
    read: (m) => {
      const plain = plainChinese(m[0]);
      if (!/[一二两三四五六七八九]/.test(plain) || !/[十百千万]/.test(plain)) return undefined;
      const n = num(m, 0);
      return n && { value: n.value, unit: '' };
    },
  },
  // Any other Arabic number, digits inside words included (iPhone 15).
  { re: new RegExp(`(?<![\\d.])${AR}万?`, 'g'), priority: 4, read: (m) => { const n = num(m, 0); return n && { value: n.value, unit: '' }; } },
];

interface Candidate {
  start: number;
  end: number;
  priority: number;
  quantity: { value: number; unit: QuantityUnit } | undefined;
}

/** Every number-bearing claim in `text`, in text order; see Quantity for how each is valued. */
export function quantitiesIn(text: string): Quantity[] {
  const { folded, offsets } = foldDigits(text);
  const candidates: Candidate[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (const m of folded.matchAll(rule.re)) {
      if (m[0].length === 0) continue;
      const r = rule.read(m);
      if (r === undefined) continue;
      candidates.push({ start: m.index, end: m.index + m[0].length, priority: rule.priority, quantity: r === 'skip' ? undefined : r });
    }
  }
  candidates.sort((a, b) => a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen = claimSpans(folded.length, candidates);
  const out: Quantity[] = [];
  for (const c of chosen) {
    if (c.quantity && Number.isFinite(c.quantity.value)) out.push({ text: text.slice(offsets[c.start], offsets[c.end]).trim(), ...c.quantity });
  }
  return out;
}

const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** True when `claim` (from generated text) is backed by `fact` (from a source). */
function supports(fact: Quantity, claim: Quantity): boolean {
  if (claim.unit === 'date' && fact.unit === 'date') {
    const [m, d] = [Math.floor(claim.value / 100), claim.value % 100];
    const [fm, fd] = [Math.floor(fact.value / 100), fact.value % 100];
    return (m === 0 || m === fm) && (d === 0 ? m === fm : d === fd);
  }
  if (claim.unit === '' && fact.unit === 'date') return same(claim.value, Math.floor(fact.value / 100)) || same(claim.value, fact.value % 100);
  if (claim.unit === 'date' || fact.unit === 'date') return false;
  return (claim.unit === fact.unit || claim.unit === '' || fact.unit === '') && same(claim.value, fact.value);
}

/**
 * The quantities of `generated` that no source states: a source must hold the same value with the
 * same unit (or a bare number on either side); dates match on month and day. 9折 and 90% differ.
 */
export function unsupportedQuantities(generated: string, sources: readonly GroundingSource[]): Quantity[] {
  const claims = quantitiesIn(generated);
  if (claims.length === 0) return [];
  const facts = sources.flatMap((s) => quantitiesIn(s.text));
  return claims.filter((c) => !facts.some((f) => supports(f, c)));
}
