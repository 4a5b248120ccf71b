// Built-in entity extractors for shopper messages (Chinese first, some English): order numbers,
// phones, e-mails, money, budgets, quantities, dates, sizes, heights, weights, colours, skin
// types, plus the shop's own dictionaries. Pure: no I/O, no clock (the reference day is passed in).
//
// How it works: every recogniser below proposes candidates (type, value, span) over the
// normalised text; overlapping candidates are then resolved so that one span of text yields one
// entity: the longest candidate wins, ties go to the more specific type (RANK). A few internal
// "blocker" candidates (promotions such as 双十一 / 618) take part in that resolution and are
// dropped afterwards, so they can never be read as dates or amounts.
//
// Offsets: `start`, `end` and `text` refer to the NORMALISED text (normalizeText: NFKC,
// lower-case, white space collapsed), not to the raw message.
//
// Regexes are written to stay linear: number runs are anchored by look-behinds (a run can only
// start where the previous character is not part of a number), no nested quantifiers, and the
// shop's order-number patterns only ever see letter/digit runs of at most 40 characters.
import { normalizeText } from './normalize.js';

export type EntityValue = string | number | { min?: number; max?: number };

export interface Entity {
  type: string;
  value: EntityValue;
  /** the matched text (a slice of the normalised message) */
  text: string;
  start: number;
  end: number;
}

export interface CustomEntity {
  type: string;
  values: readonly { value: string; synonyms: readonly string[] }[];
}

export interface EntityOptions {
  /** Shop-configured order-number patterns (regex source strings, matched on the whole token); demo: ['\\d{18}'] */
  orderIdPatterns: readonly string[];
  /** Colour values used in the catalog (variant options.color), e.g. 雾霾蓝, 燕麦色, 奶白色, 白色 */
  catalogColors: readonly string[];
  /** Size values used in the catalog (variant options.size), e.g. M, XL, "66", "1.5m床", "150x200cm" */
  catalogSizes: readonly string[];
  /** Shop dictionaries of custom entities (value + synonyms), matched longest first */
  custom: readonly CustomEntity[];
}

/** The reference calendar day relative dates resolve against. */
export interface ReferenceDay {
  year: number;
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
}

/** Only this many characters of a message are read. */
const MAX_CHARS = 2000;
/** Shop order-number patterns only see letter/digit runs up to this length. */
const MAX_ORDER_TOKEN = 40;

// ---------------------------------------------------------------------------------------------
// Chinese numerals

const CN_DIGIT_VALUES: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_UNIT_VALUES: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/**
 * Parses a Chinese numeral: 两百 → 200, 一百九十九 → 199, 三百五 → 350 (colloquial: the trailing
 * digit counts in the next lower unit), 十二 → 12, 一万五 → 15000, 一百零五 → 105, 二零二六 → 2026
 * (digit by digit, three digits or more). Returns undefined for anything that is not one number
 * ("两三百" is a range, not a number).
 */
export function parseChineseNumber(s: string): number | undefined {
  if (s.length === 0 || s.length > 12) return undefined;
  const chars = [...s];
  if (!chars.some((c) => c in CN_UNIT_VALUES || c === '万')) {
    // No units: one digit, or digit by digit ("二零二六"). 两 is not read digit by digit.
    if (chars.length === 1) return CN_DIGIT_VALUES[s];
    if (chars.length < 3 || chars.includes('两')) return undefined;
    let n = 0;
    for (const c of chars) {
      const d = CN_DIGIT_VALUES[c];
      if (d === undefined) return undefined;
      n = n * 10 + d;
    }
    return n;
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  let lastUnit = 0; // the last unit (10/100/1000) seen in the current section
  let zeroSinceUnit = false;
  let sawWan = false;
  for (const c of chars) {
    const d = CN_DIGIT_VALUES[c];
    if (d !== undefined) {
      if (d === 0) {
        if (digit !== undefined) return undefined;
        zeroSinceUnit = true;
        continue;
      }
      if (digit !== undefined) return undefined; // two digits in a row: 两三
      digit = d;
      continue;
    }
    const u = CN_UNIT_VALUES[c];
    if (u !== undefined) {
      if (lastUnit !== 0 && u >= lastUnit) return undefined;
      if (digit === undefined && (section !== 0 || zeroSinceUnit)) return undefined;
      section += (digit ?? 1) * u;
      digit = undefined;
      lastUnit = u;
      zeroSinceUnit = false;
      continue;
    }
    if (c === '万') {
      if (sawWan) return undefined;
      const part = section + (digit ?? 0);
      total += (part === 0 ? 1 : part) * 10000;
      section = 0;
      digit = undefined;
      lastUnit = 0;
      zeroSinceUnit = false;
      sawWan = true;
      continue;
    }
    return undefined;
  }
  if (digit !== undefined) {
    if (!zeroSinceUnit && lastUnit >= 100) section += digit * (lastUnit / 10); // 三百五 → 350
    else if (!zeroSinceUnit && lastUnit === 0 && sawWan) section += digit * 1000; // 一万五 → 15000
    else section += digit;
  }
  return total + section;
}

/** An Arabic ("1,299", "99.9", "1.5万") or Chinese numeral; undefined when not a number. */
function parseNumber(s: string): number | undefined {
  const first = s.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    let mult = 1;
    let body = s;
    if (body.endsWith('万')) {
      mult = 10000;
      body = body.slice(0, -1);
    } else if (body.endsWith('千')) {
      mult = 1000;
      body = body.slice(0, -1);
    }
    const n = Number(body.replace(/,/g, ''));
    return Number.isFinite(n) ? Math.round(n * mult * 100) / 100 : undefined;
  }
  return parseChineseNumber(s);
}

/** Digits written one by one, Arabic or Chinese ("6五" → "65"), as in 一米六八. */
function digitString(s: string): string | undefined {
  let out = '';
  for (const c of s) {
    if (c >= '0' && c <= '9') out += c;
    else {
      const d = CN_DIGIT_VALUES[c];
      if (d === undefined) return undefined;
      out += String(d);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Regex building blocks (sources; the text they run on is already lower-case)

const CN_DIGITS = '零〇一二两三四五六七八九';
const CN_NUM = `${CN_DIGITS}十百千万`;
/** Arabic number: 99.9 / 199 */
const AR = String.raw`\d+(?:\.\d+)?`;
/** Arabic amount, thousands separators allowed: 1,299 (only for money and budgets: "170,130斤" is two numbers) */
const AR_MONEY = String.raw`(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
/** Any number: Arabic (optionally ×千/万) or a run of Chinese numerals. */
const NUM = `(?:${AR}[千万]?|[${CN_NUM}]+)`;
const MONEY_NUM = `(?:${AR_MONEY}[千万]?|[${CN_NUM}]+)`;
/** A number starts here: not in the middle of another number. */
const NB = `(?<![\\d.${CN_NUM}])`;
/** Currency words written after an amount. */
const CUR = '(?:块钱|块|元|rmb|cny)';
/** Units and counters that make a preceding number something other than an amount of money. */
const UNIT_CHARS = '天个件条套双包盒份张床只袋次点号日月年岁周斤克米码寸分秒倍层楼位人折度半下些遍期样种款色小';
/** The number is not followed by a unit (so it can be money or a budget). */
const NOT_UNIT = `(?!\\s?[\\d.%${UNIT_CHARS}]|[a-z]|,\\d)`;

const re = (source: string): RegExp => new RegExp(source, 'g');

// ---------------------------------------------------------------------------------------------
// Candidates and the context recognisers work with

interface Candidate {
  type: string;
  value: EntityValue;
  start: number;
  end: number;
  rank: number;
}

/** Ties between equally long candidates go to the lower rank (the more specific type). */
const RANK: Readonly<Record<string, number>> = {
  _block: 0,
  order_id: 1,
  phone: 2,
  email: 3,
  date: 4,
  budget: 5,
  money: 6,
  height: 7,
  weight: 8,
  quantity: 9,
  // shop dictionaries (custom types) rank 10
  skin_type: 11,
  size: 12,
  color: 13,
};
const CUSTOM_RANK = 10;
const BLOCK = '_block';

interface Shop {
  /** catalog sizes by their normalised text */
  sizeByKey: ReadonlyMap<string, string>;
  /** catalog sizes that are plain numbers (kids' sizes: 59, 66, …, 160) */
  numericSizes: ReadonlySet<string>;
}

interface Ctx {
  /** normalised text */
  text: string;
  /** the same characters with their original case, when that alignment holds */
  cased: string | undefined;
  now: ReferenceDay;
  shop: Shop;
  add(type: string, value: EntityValue, start: number, end: number): void;
}

interface Rule {
  re: RegExp;
  on(m: RegExpExecArray, ctx: Ctx): void;
  /** Skip the rule unless the text has one of these kinds of characters (a cheap pre-check). */
  needs?: number;
  /** Skip the rule unless this quick test passes (a literal the rule cannot match without). */
  hint?: RegExp;
}

const HAS_DIGIT = 1;
const HAS_CN_NUMERAL = 2;
const HAS_LATIN = 4;
const NUMERIC = HAS_DIGIT | HAS_CN_NUMERAL;

function textFlags(text: string): number {
  let f = 0;
  if (/\d/.test(text)) f |= HAS_DIGIT;
  if (/[零〇一二两三四五六七八九十百千万]/.test(text)) f |= HAS_CN_NUMERAL;
  if (/[a-z]/.test(text)) f |= HAS_LATIN;
  return f;
}

/** Gives every rule of a group the same pre-check (a rule's own `needs` wins). */
function gated(needs: number, rules: readonly Rule[]): readonly Rule[] {
  return rules.map((r) => ({ needs, ...r }));
}

/** Start offset of capture group `g` (groups must be consecutive from the start of the match). */
function groupStart(m: RegExpExecArray, upTo: number): number {
  let at = m.index;
  for (let g = 1; g < upTo; g++) at += (m[g] ?? '').length;
  return at;
}

// ---------------------------------------------------------------------------------------------
// Dates

/** YYYY-MM-DD. */
export function formatDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A valid calendar date as YYYY-MM-DD, or undefined (2月30号). */
function isoDate(y: number, m: number, d: number): string | undefined {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return undefined;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 ? formatDate(y, m, d) : undefined;
}

/** The reference day shifted by n days (UTC arithmetic: month and year roll over). */
function shiftDays(now: ReferenceDay, n: number): string | undefined {
  if (isoDate(now.year, now.month, now.day) === undefined) return undefined;
  const t = new Date(Date.UTC(now.year, now.month - 1, now.day + n));
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function weekdayOf(now: ReferenceDay): number {
  if (Number.isInteger(now.weekday) && now.weekday >= 1 && now.weekday <= 7) return now.weekday;
  const d = new Date(Date.UTC(now.year, now.month - 1, now.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

const RELATIVE_DAYS: Readonly<Record<string, number>> = {
  大前天: -3, 前天: -2, 昨天: -1, 昨日: -1, 昨晚: -1,
  今天: 0, 今日: 0, 今儿: 0, 今晚: 0, 今早: 0,
  明天: 1, 明日: 1, 明儿: 1, 明早: 1, 明晚: 1,
  后天: 2, 大后天: 3,
};
const WEEKDAY_NUM: Readonly<Record<string, number>> = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7,
};
const WEEK_SHIFT: Readonly<Record<string, number>> = { 下下: 14, 下: 7, 上: -7, 这: 0, 本: 0 };

const EN_RELATIVE_DAYS: Readonly<Record<string, number>> = { yesterday: -1, today: 0, tonight: 0, tomorrow: 1, 'the day after tomorrow': 2 };
const EN_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Month or day number, Arabic or Chinese (十二, 三十一). */
function dayNumber(s: string): number | undefined {
  const n = /^\d+$/.test(s) ? Number(s) : parseChineseNumber(s);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

const MD = `(?:\\d{1,2}|[一二三四五六七八九十]{1,3})`;

const DATE_RULES: readonly Rule[] = [
  // 2026-12-01, 2026/12/1, 2026.12.1
  {
    hint: /\d{4}[-/.]/,
    re: re(String.raw`(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.])`),
    on(m, c) {
      const v = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
      if (v) c.add('date', v, m.index, m.index + m[0].length);
    },
  },
  // 2026年12月1日
  {
    hint: /年/,
    re: re(`(?<![\\d${CN_NUM}])(\\d{4}|[〇零一二三四五六七八九]{4})年(${MD})月(${MD})[日号]?`),
    on(m, c) {
      const y = dayNumber(m[1] ?? '');
      const mo = dayNumber(m[2] ?? '');
      const d = dayNumber(m[3] ?? '');
      const v = y !== undefined && mo !== undefined && d !== undefined ? isoDate(y, mo, d) : undefined;
      if (v) c.add('date', v, m.index, m.index + m[0].length);
    },
  },
  // 12月3号 / 12月3日 / 十二月三号 / 12月3 (year of the reference day)
  {
    hint: /月/,
    re: re(`(?<![\\d.${CN_NUM}年])(${MD})月份?(${MD})(?:([日号])(?!码)|(?![\\d.${CN_NUM}a-z${UNIT_CHARS}]))`),
    on(m, c) {
      const mo = dayNumber(m[1] ?? '');
      const d = dayNumber(m[2] ?? '');
      const v = mo !== undefined && d !== undefined ? isoDate(c.now.year, mo, d) : undefined;
      if (v) c.add('date', v, m.index, m.index + m[0].length);
    },
  },
  // 12.3号
  {
    hint: /\.\d{1,2}[号日]/,
    re: re(String.raw`(?<![\d.])(\d{1,2})\.(\d{1,2})[号日](?!码)`),
    on(m, c) {
      const v = isoDate(c.now.year, Number(m[1]), Number(m[2]));
      if (v) c.add('date', v, m.index, m.index + m[0].length);
    },
  },
  // 下个月3号 / 上个月15号 / 这个月28号
  {
    hint: /月/,
    re: re(`(上个?月|下个?月|这个?月|本月)(${MD})[号日](?!码)`),
    on(m, c) {
      const d = dayNumber(m[2] ?? '');
      if (d === undefined) return;
      const shift = (m[1] ?? '').startsWith('下') ? 1 : (m[1] ?? '').startsWith('上') ? -1 : 0;
      const months = c.now.year * 12 + (c.now.month - 1) + shift;
      const v = isoDate(Math.floor(months / 12), (months % 12) + 1, d);
      if (v) c.add('date', v, m.index, m.index + m[0].length);
    },
  },
  // 28号 / 28日 alone: that day of the reference month. Not 双11号, 66号码, 3号楼, 1号链接, 3日内…
  {
    hint: /[号日]/,
    re: re(
      `(?<![\\d.${CN_NUM}月双周期拜第大小])(${MD})(?:号(?!码|楼|线|位|房|机|床|门|店|箱|色|链|商|宝|款|的尺码)|日(?!内|之内|以内|后|左右|无理由|退换|包退|包换))`,
    ),
    on(m, c) {
      const d = dayNumber(m[1] ?? '');
      const v = d !== undefined ? isoDate(c.now.year, c.now.month, d) : undefined;
      if (v) c.add('date', v, m.index, m.index + m[0].length);
    },
  },
  // 今天 明天 后天 大后天 昨天 前天 …
  {
    needs: 0,
    hint: /[今明后昨前]/,
    re: re(`大后天|大前天|${Object.keys(RELATIVE_DAYS).filter((k) => k.length === 2).join('|')}`),
    on(m, c) {
      const n = RELATIVE_DAYS[m[0]];
      const v = n !== undefined ? shiftDays(c.now, n) : undefined;
      if (v) c.add('date', v, m.index, m.index + m[0].length);
    },
  },
  // 周五 / 星期五 / 礼拜天 / 下周三 / 上周一 / 这周日 (Monday–Sunday weeks)
  {
    needs: 0,
    hint: /[周期拜]/,
    re: re(`(?<!每)(下下|下|上|这|本)?个?(?:周|星期|礼拜)([一二三四五六日天1-7])(?![\\d])`),
    on(m, c) {
      const target = WEEKDAY_NUM[m[2] ?? ''];
      if (target === undefined) return;
      const shift = WEEK_SHIFT[m[1] ?? '这'] ?? 0;
      const v = shiftDays(c.now, target - weekdayOf(c.now) + shift);
      if (v) c.add('date', v, m.index, m.index + m[0].length);
    },
  },
  // English: today / tomorrow / the day after tomorrow / yesterday
  {
    needs: HAS_LATIN,
    hint: /today|tonight|tomorrow|yesterday/,
    re: re(`(?<![a-z])(?:the day after tomorrow|today|tonight|tomorrow|yesterday)(?![a-z])`),
    on(m, c) {
      const n = EN_RELATIVE_DAYS[m[0]];
      const v = n !== undefined ? shiftDays(c.now, n) : undefined;
      if (v) c.add('date', v, m.index, m.index + m[0].length);
    },
  },
  // English: friday / next monday / last sunday / this wednesday
  {
    needs: HAS_LATIN,
    hint: /day/,
    re: re(`(?<![a-z])(?:(next|last|this)\\s)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?![a-z])`),
    on(m, c) {
      const target = EN_WEEKDAYS.indexOf(m[2] ?? '') + 1;
      if (target === 0) return;
      const shift = m[1] === 'next' ? 7 : m[1] === 'last' ? -7 : 0;
      const v = shiftDays(c.now, target - weekdayOf(c.now) + shift);
      if (v) c.add('date', v, m.index, m.index + m[0].length);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Promotions (blockers: never dates, never amounts)

const BLOCK_RULES: readonly Rule[] = [
  {
    hint: /[双黑]|618|6\.18|11\.11|12\.12/,
    re: re(String.raw`双\s?(?:十一|十二|11|12)(?!\d)|(?<![\d.])(?:618|6\.18|11\.11|12\.12)(?![\d.])|黑色星期五|黑五`),
    on(m, c) {
      c.add(BLOCK, '', m.index, m.index + m[0].length);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Money and budgets

/** After "N块", what may follow for it to be money ("两块毛巾" counts towels, not yuan). */
const AFTER_KUAI_OK = new Set([...'钱的了吗呢吧啊呀哦嘛左以多每还就都能可怎不包是买到也又内起上一二两三四五六七八九十']);
const MONEY_TRIGGERS = '到手价|价格|价钱|售价|原价|现价|标价|实付|花了|付了|退了|退款|退我|差价|运费|只要|只需|仅需|一共|总共|卖|才';
const MONEY_TRIGGER_HINT = new RegExp(MONEY_TRIGGERS);

function isCjk(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  return code >= 0x4e00 && code <= 0x9fff;
}

function moneyOk(n: number | undefined): n is number {
  return n !== undefined && n > 0 && n <= 10_000_000;
}

function hasCnUnit(s: string): boolean {
  return /[十百千万]/.test(s);
}

const MONEY_RULES: readonly Rule[] = [
  // ¥89, rmb 89
  {
    hint: /¥|rmb|cny/,
    re: re(`(?:¥|rmb|cny)\\s?(${AR_MONEY}[千万]?)(?:元)?`),
    on(m, c) {
      const n = parseNumber(m[1] ?? '');
      if (moneyOk(n)) c.add('money', n, m.index, m.index + m[0].length);
    },
  },
  // 199元, 两百块, 89rmb, 99.9元
  {
    hint: /[块元]|rmb|cny|yuan/,
    re: re(`${NB}(${MONEY_NUM})\\s?(块钱|块|元|rmb|cny|yuan)(?![a-z])`),
    on(m, c) {
      if (m[2] === '块' && isCjk(c.text[m.index + m[0].length]) && !AFTER_KUAI_OK.has(c.text[m.index + m[0].length] ?? '')) return;
      const n = parseNumber(m[1] ?? '');
      if (moneyOk(n)) c.add('money', n, m.index, m.index + m[0].length);
    },
  },
  // 3块5 → 3.5
  {
    hint: /块/,
    // Not followed by any Han character: "169块一直在转圈" is 169 yuan, not 169.1.
    re: re(`${NB}(${MONEY_NUM})块([1-9一二两三四五六七八九])毛?(?![\\d.${CN_NUM}\u3400-\u9fff])`),
    on(m, c) {
      const n = parseNumber(m[1] ?? '');
      const d = dayNumber(m[2] ?? '');
      if (moneyOk(n) && d !== undefined) c.add('money', Math.round((n + d / 10) * 100) / 100, m.index, m.index + m[0].length);
    },
  },
  // 付了459 / 双十一才399 / 价格是199 (the span is the number; 才 takes Arabic digits only)
  {
    hint: MONEY_TRIGGER_HINT,
    re: re(`(${MONEY_TRIGGERS})(\\s?(?:是|为|要|了)?\\s?)(${MONEY_NUM})${NOT_UNIT}`),
    on(m, c) {
      const num = m[3] ?? '';
      const arabic = /^\d/.test(num);
      if (m[1] === '才' && !arabic) return;
      if (!arabic && !hasCnUnit(num)) return; // 退了一 / 一共三 are not amounts
      const n = parseNumber(num);
      const start = groupStart(m, 3);
      if (moneyOk(n)) c.add('money', n, start, start + num.length);
    },
  },
];

const AFTER_MONEY_TRIGGER = new RegExp(`(?:${MONEY_TRIGGERS})\\s?(?:是|为|要|了)?\\s?$`);

function budgetOk(n: number | undefined): n is number {
  return n !== undefined && n > 0 && n <= 10_000_000;
}

const BUDGET_RULES: readonly Rule[] = [
  // 200-300 / 200到300 / 200~300元 / 预算300到500 / 两百到三百
  {
    hint: /[-~到至—–]/,
    re: re(
      `(?:(?:预算|价位|心理价位|价格区间)\\s?(?:是|在|为|大概|大约)?\\s?)?${NB}(${MONEY_NUM})\\s?(${CUR})?\\s?(?:-|~|到|至|—|–)\\s?(${MONEY_NUM})(?:\\s?(${CUR}))?(?:之间|左右)?${NOT_UNIT}`,
    ),
    on(m, c) {
      const min = parseNumber(m[1] ?? '');
      const max = parseNumber(m[3] ?? '');
      if (!budgetOk(min) || !budgetOk(max) || min >= max || max < 10) return;
      c.add('budget', { min, max }, m.index, m.index + m[0].length);
    },
  },
  // 两三百 / 一两百块 / 三四百以内
  {
    hint: /[十百千万]/,
    re: re(`${NB}([一二两三四五六七八九])([二两三四五六七八九])([十百千万])(?:\\s?(${CUR}))?(以内|之内|以下)?${NOT_UNIT}`),
    on(m, c) {
      const a = CN_DIGIT_VALUES[m[1] ?? ''];
      const b = CN_DIGIT_VALUES[m[2] ?? ''];
      const u = m[3] === '万' ? 10000 : CN_UNIT_VALUES[m[3] ?? ''];
      if (a === undefined || b === undefined || u === undefined || b !== a + 1) return;
      c.add('budget', m[5] ? { max: b * u } : { min: a * u, max: b * u }, m.index, m.index + m[0].length);
    },
  },
  // 三百以内 / 300以下 / 300块以内 / 预算300以内 / 百元以内
  {
    hint: /内|以下|封顶/,
    re: re(`(?:预算\\s?(?:是|在|为|只有|有|大概)?\\s?)?${NB}(${MONEY_NUM})\\s?(${CUR})?\\s?(以内|之内|以下|封顶|内)`),
    on(m, c) {
      const n = parseNumber(m[1] ?? '');
      if (!budgetOk(n) || (m[3] === '内' && n < 10)) return;
      c.add('budget', { max: n }, m.index, m.index + m[0].length);
    },
  },
  // 不超过300 / 预算300 / 最多三百块
  {
    hint: /不超|不要超|别超|不高于|低于|最多|顶多|预算|控制在|价位/,
    re: re(
      `(不超过|不超|不要超过|别超过|不高于|低于|最多|顶多|预算|控制在|价位)\\s?(?:是|在|为|只有|有|大概|大约)?\\s?(${MONEY_NUM})(?:\\s?(${CUR}))?(?:以内|之内|以下|内)?${NOT_UNIT}`,
    ),
    on(m, c) {
      const n = parseNumber(m[2] ?? '');
      if (budgetOk(n)) c.add('budget', { max: n }, m.index, m.index + m[0].length);
    },
  },
  // 200以上 / 200块往上
  {
    hint: /以上|往上/,
    re: re(`${NB}(${MONEY_NUM})\\s?(${CUR})?\\s?(?:以上|往上)${NOT_UNIT}`),
    on(m, c) {
      const n = parseNumber(m[1] ?? '');
      if (budgetOk(n)) c.add('budget', { min: n }, m.index, m.index + m[0].length);
    },
  },
  // 200多 / 200多块 (not after 花了/付了…: "花了200多" is money)
  {
    hint: /多/,
    re: re(`${NB}(${AR_MONEY})\\s?多(?:\\s?(${CUR}))?${NOT_UNIT}`),
    on(m, c) {
      const n = parseNumber(m[1] ?? '');
      if (!budgetOk(n) || n < 10) return;
      if (AFTER_MONEY_TRIGGER.test(c.text.slice(Math.max(0, m.index - 4), m.index))) return;
      c.add('budget', { min: n }, m.index, m.index + m[0].length);
    },
  },
  // English: under 300 / below 300 yuan / less than 300 / between 200 and 300
  {
    needs: HAS_LATIN,
    hint: /under|below|less than|within|no more than|at most|between/,
    re: re(
      `(?<![a-z])(?:(under|below|less than|within|no more than|at most)|between)\\s?(?:¥|rmb\\s?)?(${AR})(?:\\s?(?:and|to|-)\\s?(${AR}))?(\\s?(?:yuan|rmb|cny|元|块))?(?!\\s?[a-z\\d.])`,
    ),
    on(m, c) {
      const a = parseNumber(m[2] ?? '');
      const b = m[3] !== undefined ? parseNumber(m[3]) : undefined;
      if (!budgetOk(a)) return;
      if (m[1] !== undefined && b === undefined) c.add('budget', { max: a }, m.index, m.index + m[0].length);
      else if (m[1] === undefined && budgetOk(b) && a < b) c.add('budget', { min: a, max: b }, m.index, m.index + m[0].length);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Quantities

/** Before "一件" (value 1), one of these must come (optionally followed by 了). */
const ONE_TRIGGERS = ['收到', '下单', '买', '要', '拍', '退', '换', '发', '少', '多', '寄', '再', '加', '订', '各'];
const EN_COUNT: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12,
};

const QUANTITY_RULES: readonly Rule[] = [
  // 买两件 / 3条 / 十二双; not 3个月, 两个小时, 四件套, 三条装, 99包邮, 一件事
  {
    hint: /[件条套个双包盒份张床只袋]/,
    re: re(
      `(?<![\\d.${CN_NUM}第])(\\d{1,4}|[${CN_DIGITS}十百千]+)\\s?(?:件(?!套|事)|条(?!纹)|套|个(?!月|小时|钟|星期|礼拜|工作日|季度|人|码|尺码|订单|单|包裹|快递|问题|地址|颜色|号|链接|字|之间|中间)|双|包(?!邮)|盒|份|张(?!图|照|截|券|卡|发票|fapiao|单)|床|只(?!要|有|是|能|会)|袋)(?!装)`,
    ),
    on(m, c) {
      const raw = m[1] ?? '';
      const n = /^\d/.test(raw) ? Number(raw) : parseChineseNumber(raw);
      if (n === undefined || !Number.isInteger(n) || n < 1 || n > 9999) return;
      if (/个$/.test(m[0]) && /[这那哪]/.test(c.text[m.index - 1] ?? '')) return; // 这两个: "these two", not an order
      if (n === 1 && !/^\d/.test(raw)) {
        // 一件 counts only after 买/要/拍/退/换/发/少/多/收到/寄 (这一件 alone is skipped)
        let before = c.text.slice(Math.max(0, m.index - 4), m.index).replace(/\s+$/, '');
        if (before.endsWith('了')) before = before.slice(0, -1);
        if (!ONE_TRIGGERS.some((t) => before.endsWith(t))) return;
      }
      c.add('quantity', n, m.index, m.index + m[0].length);
    },
  },
  // 3 sets / 2 pieces / two pairs / 5 pcs
  {
    needs: HAS_DIGIT | HAS_LATIN,
    hint: /pcs|piece|set|pair|pack|item|box|bag/,
    re: re(`(?<![a-z0-9.])(\\d{1,4}|${Object.keys(EN_COUNT).join('|')})\\s?(?:pcs|pieces?|sets?|pairs?|packs?|items?|boxes|box|bags?)(?![a-z])`),
    on(m, c) {
      const raw = m[1] ?? '';
      const n = /^\d/.test(raw) ? Number(raw) : EN_COUNT[raw];
      if (n !== undefined && n >= 1 && n <= 9999) c.add('quantity', n, m.index, m.index + m[0].length);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Sizes, heights, weights

/** What may come right before a lone s / m / l for it to be a size. */
const SIZE_TRIGGERS = ['尺码', '码数', 'size', '换成', '改成', '穿', '要', '拍', '选', '码', '换', '改', '买', '发', '拿'];
const SIZE_TOKEN = '(?:[2-6]xl|x{1,4}l|x{1,2}s|[sml])';
const SIZE_AFTER_CONJ = new RegExp(`^\\s?(?:还是|或者|或|和|跟|/|、|,)\\s?${SIZE_TOKEN}(?![a-z])`);
const SIZE_BEFORE_CONJ = new RegExp(`(?:^|[^a-z0-9.])${SIZE_TOKEN}\\s?(?:还是|或者|或|和|跟|/|、|,)\\s?$`);

const LETTER_SIZE = new RegExp(`^${SIZE_TOKEN}$`);

function letterSize(token: string): string {
  const digit = /^([2-6])x([sl])$/.exec(token);
  if (digit) return 'X'.repeat(Number(digit[1])) + (digit[2] ?? '').toUpperCase();
  return token.toUpperCase();
}

function afterSizeTrigger(text: string, at: number): boolean {
  let before = text.slice(Math.max(0, at - 8), at).replace(/\s+$/, '');
  for (const filler of ['的是', '是']) {
    if (before.endsWith(filler)) {
      before = before.slice(0, -filler.length).replace(/\s+$/, '');
      break;
    }
  }
  return SIZE_TRIGGERS.some((t) => before.endsWith(t));
}

/** Catalog sizes that are also everyday words ("尺码标准吗", "A类标准", "要多大号的"). */
const EVERYDAY_SIZE_WORDS = new Set(['标准', '大号', '中号', '小号', '大码', '小码', '常规']);

/** An everyday size word counts only right after 要/拍/穿/换/有…: "要大号", "有小号吗". */
function everydaySizeOk(text: string, start: number, end: number): boolean {
  if (/^\s?(?:吗|么|嘛|呢|不)/.test(text.slice(end, end + 2))) return false; // 尺码标准吗
  return afterSizeTrigger(text, start) || /有\s?$/.test(text.slice(Math.max(0, start - 2), start));
}

const HEIGHT_BEFORE = /(?:(?:身高|个子|个头|高)\s?(?:是|有|大概|大约|约)?|^我|[^要买拿选换]我|本人)\s?$/;
const WEIGHT_AFTER = new RegExp(`^[\\s,/、;]*${NUM}\\s?(?:kg|公斤|千克|斤)`);

/** Height context right before a position (身高 1.7m), or a weight right after (1.7m 65kg). */
function heightContext(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 4), start);
  if (HEIGHT_BEFORE.test(before)) return true;
  const after = text.slice(end, end + 12);
  return WEIGHT_AFTER.test(after) || /^\s?(?:穿|的个子|高)/.test(after);
}

function heightOk(cm: number): boolean {
  return cm >= 40 && cm <= 230;
}

function weightOk(kg: number): boolean {
  return kg >= 1 && kg <= 250;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

const SIZE_RULES: readonly Rule[] = [
  // Letter sizes: XL, 2XL → XXL, 3xl → XXXL, xs; lone s/m/l only with context.
  {
    needs: HAS_LATIN,
    hint: /[smlx]/,
    re: re(`(?<![a-z0-9.'])(${SIZE_TOKEN})(?![a-z0-9'])`),
    on(m, c) {
      const token = m[1] ?? '';
      const start = m.index;
      const end = start + token.length;
      if (token.length === 1) {
        const next = c.text[end];
        const ok =
          next === '码' ||
          next === '号' ||
          afterSizeTrigger(c.text, start) ||
          (c.cased !== undefined && c.cased[start] === token.toUpperCase()) ||
          SIZE_AFTER_CONJ.test(c.text.slice(end, end + 8)) ||
          SIZE_BEFORE_CONJ.test(c.text.slice(Math.max(0, start - 8), start));
        if (!ok) return;
      }
      c.add('size', letterSize(token), start, end + (c.text[end] === '码' || c.text[end] === '号' ? 1 : 0));
    },
  },
  // 160/84A
  {
    hint: /\d\/\d/,
    re: re(String.raw`(?<![\d.])(1\d{2})/(\d{2,3})([a-z])(?![a-z])`),
    on(m, c) {
      c.add('size', `${m[1]}/${m[2]}${(m[3] ?? '').toUpperCase()}`, m.index, m.index + m[0].length);
    },
  },
  // Kids' numeric sizes: 66码, 90号, 穿73的, 尺码110
  {
    hint: /[码号]/,
    re: re(String.raw`(?<![\d.])(\d{2,3})\s?(码|号)(?!码)`),
    on(m, c) {
      const n = m[1] ?? '';
      if (!c.shop.numericSizes.has(n)) return;
      if (m[2] === '号' && Number(n) <= 31) return; // "28号" is a date
      c.add('size', c.shop.sizeByKey.get(n) ?? n, m.index, m.index + m[0].length);
    },
  },
  {
    hint: /[穿要拍选买换码还或]|size/,
    re: re(`(穿|要|拍|选|买|换|尺码|码数|还是|或者|size)(\\s?(?:是|为|的是)?\\s?)(\\d{2,3})(?![\\d.%a-z${UNIT_CHARS}万千元块])`),
    on(m, c) {
      const n = m[3] ?? '';
      if (!c.shop.numericSizes.has(n)) return;
      const start = groupStart(m, 3);
      c.add('size', c.shop.sizeByKey.get(n) ?? n, start, start + n.length);
    },
  },
  // 1.5m床 / 1.5米床 / 1.5m / 2.0m — or a height (1.65米, 身高1.7m) when no bed size fits.
  {
    hint: /[12]\.\d/,
    re: re(String.raw`(?<![\d.])([12])\.(\d{1,2})(\s?(?:米|m))?(\s?的?\s?床)?(?![\d.a-z])`),
    on(m, c) {
      const unit = m[3] ?? '';
      const bed = m[4];
      const start = m.index;
      const decimals = m[2] ?? '';
      const endUnit = start + (m[1] ?? '').length + 1 + decimals.length + unit.length;
      const bedKey = decimals.length === 1 ? `${m[1]}.${decimals}m床` : undefined;
      const bedSize = bedKey !== undefined ? c.shop.sizeByKey.get(bedKey) : undefined;
      if (!unit && !bed) {
        // "1.5的还有吗": a bare 1.5 / 1.8 followed by 的 in a shop that sells those beds
        if (bedSize && c.text[endUnit] === '的' && !heightContext(c.text, start, endUnit)) c.add('size', bedSize, start, endUnit);
        return;
      }
      if (bed) {
        if (bedSize) c.add('size', bedSize, start, start + m[0].length);
        return;
      }
      if (bedSize && !heightContext(c.text, start, endUnit)) {
        c.add('size', bedSize, start, endUnit);
        return;
      }
      const cm = round2(Number(`${m[1]}.${decimals}`) * 100);
      if (heightOk(cm)) c.add('height', cm, start, endUnit);
    },
  },
  // 1米5的床 / 一米五的床 / 2米床 / 1米8床
  {
    hint: /床/,
    re: re(`(?<![\\d.${CN_NUM}])([12一两二])\\s?(?:米|m)\\s?([0-9零一二三四五六七八九])?\\s?(?:的\\s?)?床`),
    on(m, c) {
      const whole = digitString((m[1] ?? '').replace('两', '二'));
      const dec = m[2] ? digitString(m[2]) : '0';
      if (whole === undefined || dec === undefined) return;
      const size = c.shop.sizeByKey.get(`${whole}.${dec}m床`);
      if (size) c.add('size', size, m.index, m.index + m[0].length);
    },
  },
  // 150x200 / 150*200 / 150×200(cm) → the catalog's "150x200cm"
  {
    hint: /[x*×]/,
    re: re(String.raw`(?<![\d.])(\d{2,3})\s?[x*×]\s?(\d{2,3})(?:\s?(?:cm|厘米))?(?![\d.])`),
    on(m, c) {
      const size = c.shop.sizeByKey.get(`${m[1]}x${m[2]}cm`);
      if (size) c.add('size', size, m.index, m.index + m[0].length);
    },
  },
];

const HEIGHT_RULES: readonly Rule[] = [
  // 身高170 / 身高1.65 / 个子165cm / 身高一百七
  {
    hint: /身高|个子|个头/,
    re: re(
      `(?:身高|个子|个头)\\s?(?:是|有|大概|大约|约|在|差不多)?\\s?(\\d{2,3}(?:\\.\\d)?|1\\.\\d{1,2}|[一二]百[${CN_NUM}]*)(?:\\s?(cm|厘米|公分|米|m))?(?![\\d.${CN_NUM}a-z])`,
    ),
    on(m, c) {
      const raw = m[1] ?? '';
      const n = parseNumber(raw);
      if (n === undefined) return;
      const cm = m[2] === '米' || m[2] === 'm' || n < 3 ? round2(n * 100) : n;
      if (heightOk(cm)) c.add('height', cm, m.index, m.index + m[0].length);
    },
  },
  // 170cm / 165厘米 / 80公分 (not 150x200cm, not 腰围80cm)
  {
    hint: /cm|厘米|公分/,
    re: re(String.raw`(?<![\d.x*×])(\d{2,3}(?:\.\d)?)\s?(?:cm|厘米|公分)(?![a-z])`),
    on(m, c) {
      if (/(?:长|宽|厚|深|围|尺寸|长度|宽度|袖|肩|高度)\s?(?:是|有|约)?\s?$/.test(c.text.slice(Math.max(0, m.index - 4), m.index))) return;
      const cm = Number(m[1]);
      if (heightOk(cm)) c.add('height', cm, m.index, m.index + m[0].length);
    },
  },
  // 一米七 → 170, 1米65 → 165, 一米六八 → 168, 1米6五 → 165 (not …的床: a bed)
  {
    hint: /[米m]/,
    re: re(`(?<![\\d.${CN_NUM}])([1一])\\s?(?:米|m)\\s?([0-9零一二三四五六七八九]{1,2})(?![\\d${CN_NUM}])`),
    on(m, c) {
      const end = m.index + m[0].length;
      if (/^\s?(?:的\s?)?床/.test(c.text.slice(end, end + 4))) return;
      const digits = digitString(m[2] ?? '');
      if (digits === undefined) return;
      const cm = 100 + (digits.length === 1 ? Number(digits) * 10 : Number(digits));
      if (heightOk(cm)) c.add('height', cm, m.index, end);
    },
  },
];

const WEIGHT_RULES: readonly Rule[] = [
  // 65kg / 65公斤 / 130斤 → 65 / 一百斤 → 50 (not 5斤装, not 冬被5kg)
  {
    hint: /kg|斤|千克/,
    re: re(`${NB}(${NUM})\\s?多?\\s?(kgs?|公斤|千克|斤)(?![a-z装])`),
    on(m, c) {
      const end = m.index + m[0].length;
      if (/(?:被|重|装)$/.test(c.text.slice(Math.max(0, m.index - 1), m.index))) return;
      if (/^\s?的?\s?(?:被|棉)/.test(c.text.slice(end, end + 4))) return;
      const n = parseNumber(m[1] ?? '');
      if (n === undefined) return;
      const kg = m[2] === '斤' ? round2(n / 2) : n;
      if (weightOk(kg)) c.add('weight', kg, m.index, end);
    },
  },
  // 体重60 → 60 kg; 体重120 (no unit, over 100) reads as 斤 → 60
  {
    hint: /体重/,
    re: re(`体重\\s?(?:是|有|大概|大约|约|在|差不多)?\\s?(${NUM})(?:\\s?(kgs?|公斤|千克|斤))?(?![\\d.a-z])`),
    on(m, c) {
      const n = parseNumber(m[1] ?? '');
      if (n === undefined) return;
      const jin = m[2] === '斤' || (m[2] === undefined && n > 100);
      const kg = jin ? round2(n / 2) : n;
      if (weightOk(kg)) c.add('weight', kg, m.index, m.index + m[0].length);
    },
  },
];

const BARE_HEIGHT_BEFORE = /(?<![\d.])(1[4-9]\d)\s?(?:cm)?[\s,/、;]*$/;
const BARE_HEIGHT_AFTER = new RegExp(`^[\\s,/、;]*(1[4-9]\\d)(?![\\d.%a-z${UNIT_CHARS}])`);

/** "170 65kg", "165/50公斤", "65kg 170": a bare 140–199 next to a weight is a height. */
function bareHeights(text: string, candidates: readonly Candidate[], add: Ctx['add']): void {
  for (const w of candidates) {
    if (w.type !== 'weight') continue;
    const before = BARE_HEIGHT_BEFORE.exec(text.slice(Math.max(0, w.start - 10), w.start));
    if (before) {
      const start = w.start - before[0].length;
      add('height', Number(before[1]), start, start + (before[1] ?? '').length);
    }
    const after = BARE_HEIGHT_AFTER.exec(text.slice(w.end, w.end + 10));
    if (after) {
      const start = w.end + after[0].length - (after[1] ?? '').length;
      add('height', Number(after[1]), start, start + (after[1] ?? '').length);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Colours

const BASIC_COLORS: Readonly<Record<string, string>> = {
  卡其: '卡其色', 咖啡: '咖啡色', 藏青: '藏青色',
  白: '白色', 黑: '黑色', 灰: '灰色', 粉: '粉色', 蓝: '蓝色', 红: '红色', 黄: '黄色', 绿: '绿色', 紫: '紫色',
  米: '米色', 橙: '橙色', 棕: '棕色',
};
const ENGLISH_COLORS: Readonly<Record<string, string>> = {
  'navy blue': '藏青色', 'light blue': '浅蓝色', 'light grey': '浅灰色', 'light gray': '浅灰色',
  white: '白色', black: '黑色', grey: '灰色', gray: '灰色', pink: '粉色', blue: '蓝色', red: '红色',
  yellow: '黄色', green: '绿色', purple: '紫色', beige: '米色', navy: '藏青色', orange: '橙色', brown: '棕色',
};
/** A single-character colour right after one of these is a word, not a colour (明白的, 网红的, 拉黑的, 发黄的). */
const NOT_COLOR_BEFORE = new Set([...'明坦空苍蛋告表独对旁发变泛偏网走拉抹漂洗眼脸分摸天奶面']);

const COLOR_RULES: readonly Rule[] = [
  {
    needs: 0,
    hint: /[卡咖藏白黑灰粉蓝红黄绿紫米橙棕]/,
    re: re('(卡其|咖啡|藏青|[白黑灰粉蓝红黄绿紫米橙棕])(色|的)?'),
    on(m, c) {
      const base = m[1] ?? '';
      const suffix = m[2];
      const start = m.index;
      if (!suffix && base !== '藏青' && base !== '卡其') return;
      if (base === '咖啡' && suffix !== '色') return; // 咖啡的: coffee
      const prev = c.text[start - 1];
      if (base.length === 1) {
        if (prev !== undefined && (NOT_COLOR_BEFORE.has(prev) || prev === base)) return; // 红红的: a description
        if (base === '米' && prev !== undefined && (/[\d.大小玉糯]/.test(prev) || CN_NUM.includes(prev))) return;
      }
      const end = start + base.length + (suffix === '色' ? 1 : 0);
      if (suffix === '色' && /^(?:通道|预警)/.test(c.text.slice(end, end + 2))) return;
      const value = BASIC_COLORS[base];
      if (value) c.add('color', value, start, end);
    },
  },
  {
    needs: HAS_LATIN,
    hint: /[a-z]{3}/,
    re: re(`(?<![a-z])(${Object.keys(ENGLISH_COLORS).sort((a, b) => b.length - a.length).join('|')})(?![a-z])`),
    on(m, c) {
      const value = ENGLISH_COLORS[m[1] ?? ''];
      if (value) c.add('color', value, m.index, m.index + m[0].length);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Skin types (built-in dictionary)

const SKIN_TYPES: Readonly<Record<string, readonly string[]>> = {
  敏感肌: ['敏感肌', '敏感肌肤', '敏感皮', '敏感皮肤', '敏感性皮肤', '敏感性肌肤', '皮肤敏感', '肌肤敏感', '皮肤比较敏感', '皮肤很敏感', '皮肤容易过敏', '过敏肌', '过敏体质', '敏感体质', '容易过敏', '易过敏', 'sensitive skin'],
  干皮: ['干皮', '干性皮肤', '干性肌肤', '干性皮', '干燥肌', '大干皮', '皮肤干', '皮肤干燥', '皮肤很干', '皮肤比较干', '肌肤干燥', 'dry skin'],
  油皮: ['油皮', '油性皮肤', '油性肌肤', '油性皮', '大油皮', '皮肤油', '皮肤很油', '皮肤比较油', 'oily skin'],
  混合皮: ['混合皮', '混合肌', '混合性', '混合性皮肤', '混合型皮肤', '混油', '混干', '混油皮', '混干皮', 'combination skin'],
  中性皮: ['中性皮', '中性皮肤', '中性肌肤', 'normal skin'],
  痘痘肌: ['痘痘肌', '痘肌', '长痘', '爱长痘', '容易长痘', '痘痘皮', '青春痘', '痤疮', 'acne'],
  湿疹: ['湿疹', '湿疹宝宝', '奶癣', 'eczema'],
};

// ---------------------------------------------------------------------------------------------
// Dictionary matching (catalog colours and sizes, skin types, shop dictionaries)

interface DictEntry {
  term: string;
  type: string;
  value: string;
  /** an extra condition on where the term may be read */
  accept?: (text: string, start: number, end: number) => boolean;
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[a-z0-9]/.test(ch);

/** Terms indexed by first character, longest first; Latin/digit edges must fall on word boundaries. */
class Dictionary {
  private readonly byFirst = new Map<string, DictEntry[]>();

  add(term: string, type: string, value: string, accept?: DictEntry['accept']): void {
    const t = normalizeText(term);
    if (!t) return;
    const first = t[0] ?? '';
    const list = this.byFirst.get(first) ?? [];
    if (!list.some((e) => e.term === t && e.type === type)) list.push({ term: t, type, value, ...(accept ? { accept } : {}) });
    this.byFirst.set(first, list);
  }

  seal(): void {
    for (const list of this.byFirst.values()) list.sort((a, b) => b.term.length - a.term.length);
  }

  scan(text: string, add: Ctx['add']): void {
    for (let i = 0; i < text.length; i++) {
      const list = this.byFirst.get(text[i] ?? '');
      if (!list) continue;
      for (const e of list) {
        if (!text.startsWith(e.term, i)) continue;
        const end = i + e.term.length;
        if (isWordChar(e.term[0]) && isWordChar(text[i - 1])) continue;
        if (isWordChar(e.term[e.term.length - 1]) && isWordChar(text[end])) continue;
        if (e.accept && !e.accept(text, i, end)) continue;
        add(e.type, e.value, i, end);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Order numbers, phones, e-mails

const PHONE_RE = re(String.raw`(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)`);
const TOKEN_RE = /[0-9a-z]+/g;
const SPACED_DIGITS_RE = /\d+(?:[ -]\d+)+/g;

function scanEmails(text: string, add: Ctx['add']): void {
  let at = text.indexOf('@');
  while (at >= 0) {
    let s = at;
    while (s > 0 && /[a-z0-9._%+-]/.test(text[s - 1] ?? '')) s--;
    let e = at + 1;
    while (e < text.length && /[a-z0-9.-]/.test(text[e] ?? '')) e++;
    while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e--;
    const domain = text.slice(at + 1, e);
    if (s < at && /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(domain)) add('email', text.slice(s, e), s, e);
    at = text.indexOf('@', at + 1);
  }
}

function scanPhones(text: string, add: Ctx['add']): void {
  PHONE_RE.lastIndex = 0;
  for (let m = PHONE_RE.exec(text); m; m = PHONE_RE.exec(text)) add('phone', `${m[1]}${m[2]}${m[3]}`, m.index, m.index + m[0].length);
}

function compileOrderPatterns(patterns: readonly string[]): RegExp[] {
  const out: RegExp[] = [];
  for (const p of patterns) {
    try {
      out.push(new RegExp(`^(?:${p})$`, 'i'));
    } catch {
      // an invalid shop pattern is ignored rather than breaking extraction
    }
  }
  return out;
}

function scanOrderIds(ctx: Ctx, patterns: readonly RegExp[]): void {
  if (patterns.length === 0) return;
  const { text } = ctx;
  const test = (compact: string, start: number, end: number): void => {
    if (compact.length === 0 || compact.length > MAX_ORDER_TOKEN) return;
    // A '#' written before the number belongs to it when the shop's pattern allows one (#W2378156).
    const hashed = start > 0 && text[start - 1] === '#' && patterns.some((p) => p.test(`#${compact}`));
    if (!hashed && !patterns.some((p) => p.test(compact))) return;
    const from = hashed ? start - 1 : start;
    // the value as written: original case when known, separators removed
    const written = ctx.cased !== undefined ? ctx.cased.slice(from, end).replace(/[ -]/g, '') : hashed ? `#${compact}` : compact;
    ctx.add('order_id', written, from, end);
  };
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m; m = TOKEN_RE.exec(text)) test(m[0], m.index, m.index + m[0].length);
  // "2603 1140 8812 3456 78": digit groups separated by single spaces or hyphens
  SPACED_DIGITS_RE.lastIndex = 0;
  for (let m = SPACED_DIGITS_RE.exec(text); m; m = SPACED_DIGITS_RE.exec(text)) {
    const end = m.index + m[0].length;
    if (isWordChar(text[m.index - 1]) || /[a-z]/.test(text[end] ?? '')) continue;
    test(m[0].replace(/[ -]/g, ''), m.index, end);
  }
}

// ---------------------------------------------------------------------------------------------
// The extractor

const ALL_RULES: readonly Rule[] = [
  ...gated(NUMERIC, BLOCK_RULES),
  ...gated(NUMERIC, DATE_RULES),
  ...gated(NUMERIC, MONEY_RULES),
  ...gated(NUMERIC, BUDGET_RULES),
  ...gated(NUMERIC, QUANTITY_RULES),
  ...gated(NUMERIC, SIZE_RULES),
  ...gated(NUMERIC, HEIGHT_RULES),
  ...gated(NUMERIC, WEIGHT_RULES),
  ...COLOR_RULES,
];

// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\ufeff]/g;

/** The message as normalizeText sees it, but with the original case (for "M" vs "m"). */
function casedTwin(raw: string, normalised: string): string | undefined {
  if (!/[A-Z\uff21-\uff3a]/.test(raw)) return undefined;
  let cased = raw.normalize('NFKC').replace(CONTROL_RE, ' ').replace(/\s+/g, ' ').trim();
  if (cased.length > MAX_CHARS) cased = cased.slice(0, MAX_CHARS);
  return cased.toLowerCase() === normalised ? cased : undefined;
}

/** Keeps one entity per span: longest first, then by type rank, then leftmost. */
function resolve(candidates: Candidate[], length: number): Candidate[] {
  if (candidates.length === 0) return candidates;
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.rank - b.rank || a.start - b.start);
  const taken = new Uint8Array(length);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    let free = true;
    for (let i = c.start; i < c.end; i++) {
      if (taken[i]) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    if (c.type !== BLOCK) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Builds the extractor once per shop release; extraction is pure: same text + same reference date → same entities. */
export function createEntityExtractor(options: EntityOptions): (text: string, now: ReferenceDay) => Entity[] {
  const orderPatterns = compileOrderPatterns(options.orderIdPatterns ?? []);

  const sizeByKey = new Map<string, string>();
  const numericSizes = new Set<string>();
  const dict = new Dictionary();
  for (const size of options.catalogSizes ?? []) {
    const key = normalizeText(size);
    if (!key) continue;
    if (!sizeByKey.has(key)) sizeByKey.set(key, size);
    if (/^\d+$/.test(key)) numericSizes.add(key);
    // Letter sizes and bare numbers need context (the rules above); the rest match verbatim.
    else if (!LETTER_SIZE.test(key)) dict.add(key, 'size', size, EVERYDAY_SIZE_WORDS.has(key) ? everydaySizeOk : undefined);
  }
  for (const color of options.catalogColors ?? []) dict.add(color, 'color', color);
  for (const [value, synonyms] of Object.entries(SKIN_TYPES)) for (const s of synonyms) dict.add(s, 'skin_type', value);
  for (const entity of options.custom ?? []) {
    for (const v of entity.values ?? []) {
      dict.add(v.value, entity.type, v.value);
      for (const s of v.synonyms ?? []) dict.add(s, entity.type, v.value);
    }
  }
  dict.seal();
  const shop: Shop = { sizeByKey, numericSizes };

  return (input, now) => {
    try {
      if (typeof input !== 'string' || input.length === 0) return [];
      const raw = input.length > MAX_CHARS ? input.slice(0, MAX_CHARS) : input;
      let text = normalizeText(raw);
      if (text.length > MAX_CHARS) text = text.slice(0, MAX_CHARS);
      if (text.length === 0) return [];

      const candidates: Candidate[] = [];
      const add = (type: string, value: EntityValue, start: number, end: number): void => {
        if (end > start && start >= 0 && end <= text.length) candidates.push({ type, value, start, end, rank: RANK[type] ?? CUSTOM_RANK });
      };
      const ctx: Ctx = { text, cased: casedTwin(raw, text), now, shop, add };

      const flags = textFlags(text);
      if (flags & (HAS_DIGIT | HAS_LATIN)) scanOrderIds(ctx, orderPatterns);
      if (flags & HAS_DIGIT) scanPhones(text, add);
      if (text.includes('@')) scanEmails(text, add);
      for (const rule of ALL_RULES) {
        if ((rule.needs && !(rule.needs & flags)) || (rule.hint && !rule.hint.test(text))) continue;
        rule.re.lastIndex = 0;
        for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
          if (m[0].length === 0) {
            rule.re.lastIndex++;
            continue;
          }
          rule.on(m, ctx);
        }
      }
      bareHeights(text, candidates, add);
      dict.scan(text, add);

      return resolve(candidates, text.length).map((c) => ({ type: c.type, value: c.value, text: text.slice(c.start, c.end), start: c.start, end: c.end }));
    } catch {
      // Extraction must never break a conversation; an unexpected input yields no entities.
      return [];
    }
  };
}
