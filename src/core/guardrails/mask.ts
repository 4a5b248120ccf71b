// Personal data replaced by numbered placeholders before text leaves for a model provider, and
// found in generated text so an answer cannot state a phone, email or id card no source holds.
import { claimSpans } from './spans.js';
import { foldWidth } from './fold.js';
import type { MaskedItem } from './types.js';

type Kind = MaskedItem['kind'];

const LABEL: Readonly<Record<Kind, string>> = { phone: '电话', address: '地址', order_id: '订单号', email: '邮箱', id_card: '证件号' };

// Each pattern may start only at the beginning of its run (look-behinds), so matching stays linear.
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9])/g;
/** 13812345678 grouped 3-4-4 or 4-3-4 by spaces, dashes or dots, with or without +86. */
const MOBILE = /(?<![\d+])(?<!\d\.)(?:\+?86[ \t.-]?)?1[3-9]\d(?:[ \t.-]?\d{4}[ \t.-]?\d{4}|\d[ \t.-]?\d{3}[ \t.-]?\d{4})(?!\d)(?!\.\d)/g;
const LANDLINE = /(?<!\d)(?:0\d{2,3}[ \t-]\d{7,8}|\(0\d{2,3}\)\s?\d{7,8})(?!\d)(?!\.\d)/g;
const ID_CARD = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
/**
 * One numbered part of a street address: 123号, 八十八号院, 5栋, 3单元, 1201室. Consecutive parts
 * (88号华星小区3号楼2单元1201室) are joined into one address afterwards.
 */
const ADDRESS_TAIL = /(?:\d+|(?<![零〇一二两三四五六七八九十百千])[零〇一二两三四五六七八九十百千]{1,6})[A-Za-z]?(?:号楼|号院|号|栋|幢|单元|室|弄|楼|层|座)/g;
/** Parts after which an address may end when it has no number (华星小区, 张江镇). */
const PLACE_END = /[省市区县镇乡路街巷弄村苑院园庄屯]|大道|小区|花园|大厦|公寓|广场|新村|号楼|号院|号|栋|幢|单元|室|楼|层|座/g;
/** An address announced by its lead-in but with no number: 地址：杭州市西湖区文三路华星小区. */
const LEAD_IN_ADDRESS = /(?:收货地址|地址|寄到|送到|住在)(?:是|为|在)?[:：]?[ \t]*([\u4e00-\u9fff0-9A-Za-z#-]{2,40})/g;
/** Two address parts at most this many address characters apart are one address. */
const ADDRESS_GAP = 12;
const PLACE = /[省市区县镇乡路街巷弄村]|大道|小区/g;
const ADDRESS_CHAR = /[\u4e00-\u9fff0-9A-Za-z#-]/;
/** Words after which an address begins (我的地址是…, 寄到…). */
const LEAD_IN = /[是到在址住寄送发:：]/;

interface Hit {
  kind: Kind;
  start: number;
  end: number;
}

/** The canonical form two mentions of the same value share (138-1234-5678 = +86 13812345678). */
function canonical(kind: Kind, value: string): string {
  if (kind === 'phone') return value.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  return value.toLowerCase().replace(/\s/g, '');
}

/** Street addresses: numbered tails extended left over the place names before them, and place runs after a lead-in, joined when they touch. */
function addresses(folded: string): Hit[] {
  const hits: Hit[] = [];
  LEAD_IN_ADDRESS.lastIndex = 0;
  for (const m of folded.matchAll(LEAD_IN_ADDRESS)) {
    const run = m[1] ?? '';
    PLACE.lastIndex = 0;
    // At least two place words (杭州市西湖区), so 住在市中心 is not an address.
    if ((run.match(PLACE) ?? []).length < 2) continue;
    let end = -1;
    PLACE_END.lastIndex = 0;
    for (const p of run.matchAll(PLACE_END)) end = p.index + p[0].length;
    const start = m.index + m[0].length - run.length;
    if (end > 0) hits.push({ kind: 'address', start, end: start + end });
  }
  for (const m of folded.matchAll(ADDRESS_TAIL)) {
    let runStart = m.index;
    while (runStart > 0 && runStart > m.index - 40 && ADDRESS_CHAR.test(folded[runStart - 1] ?? '')) runStart--;
    const run = folded.slice(runStart, m.index);
    PLACE.lastIndex = 0;
    const place = PLACE.exec(run);
    if (!place) continue;
    // Go back from the first place word over its name (at most 6 characters), stopping at a lead-in.
    let start = runStart + place.index;
    const floor = Math.max(runStart, start - 6);
    while (start > floor && !LEAD_IN.test(folded[start - 1] ?? '')) start--;
    hits.push({ kind: 'address', start, end: m.index + m[0].length });
  }
  hits.sort((a, b) => a.start - b.start);
  const joined: Hit[] = [];
  for (const h of hits) {
    const last = joined[joined.length - 1];
    const gap = last === undefined ? '' : folded.slice(last.end, h.start);
    if (last !== undefined && (h.start <= last.end || (gap.length <= ADDRESS_GAP && [...gap].every((c) => ADDRESS_CHAR.test(c))))) {
      last.end = Math.max(last.end, h.end);
    } else {
      joined.push({ ...h });
    }
  }
  return joined;
}

function hitsOf(folded: string, re: RegExp, kind: Kind): Hit[] {
  re.lastIndex = 0;
  return [...folded.matchAll(re)].map((m) => ({ kind, start: m.index, end: m.index + m[0].length }));
}

/**
 * Replaces phones, emails, order ids, id cards and street addresses with placeholders numbered per
 * kind in text order ([电话1], [订单号1]); a value repeated gets the same placeholder. Order-id
 * patterns (regex sources, whole tokens) come before id cards, which can look the same.
 */
export function maskPersonalData(text: string, opts: { orderIdPatterns: readonly string[] }): { text: string; masked: MaskedItem[] } {
  const folded = foldWidth(text);
  const patterns = opts.orderIdPatterns.length > 0 ? opts.orderIdPatterns : ['\\d{18,19}'];
  // Earlier groups win overlaps: an email's digits are not a phone, an order id is not an id card.
  const groups: Hit[][] = [
    hitsOf(folded, EMAIL, 'email'),
    ...patterns.map((p) => hitsOf(folded, new RegExp(`(?<![0-9A-Za-z])(?:${p})(?![0-9A-Za-z])`, 'gu'), 'order_id')),
    hitsOf(folded, ID_CARD, 'id_card'),
    hitsOf(folded, MOBILE, 'phone'),
    hitsOf(folded, LANDLINE, 'phone'),
    addresses(folded),
  ];
  const chosen = claimSpans(folded.length, groups.flat());
  const seen = new Map<string, string>();
  const counts = new Map<Kind, number>();
  const masked: MaskedItem[] = [];
  let out = '';
  let at = 0;
  for (const h of chosen) {
    const key = `${h.kind}:${canonical(h.kind, folded.slice(h.start, h.end))}`;
    let placeholder = seen.get(key);
    if (placeholder === undefined) {
      const n = (counts.get(h.kind) ?? 0) + 1;
      counts.set(h.kind, n);
      placeholder = `[${LABEL[h.kind]}${n}]`;
      seen.set(key, placeholder);
      masked.push({ kind: h.kind, placeholder });
    }
    out += text.slice(at, h.start) + placeholder;
    at = h.end;
  }
  return { text: out + text.slice(at), masked };
}

/**
 * The phones, emails and id card numbers in `text`, each in a canonical form (digits only for
 * phones, lower case otherwise), so generated text can be checked for data no source holds.
 */
export function personalDataIn(text: string): string[] {
  return personalDataSpans(text).map((h) => h.value);
}

/**
 * Where the phones, emails and id card numbers of `text` are ([start, end) UTF-16 offsets), each
 * with its canonical value; generated text blanks them before its numbers are checked.
 */
export function personalDataSpans(text: string): { start: number; end: number; value: string }[] {
  const folded = foldWidth(text);
  const hits = [...hitsOf(folded, EMAIL, 'email'), ...hitsOf(folded, ID_CARD, 'id_card'), ...hitsOf(folded, MOBILE, 'phone'), ...hitsOf(folded, LANDLINE, 'phone')];
  const taken = new Uint8Array(folded.length);
  const out: { start: number; end: number; value: string }[] = [];
  for (const h of hits) {
    if (taken.subarray(h.start, h.end).some((t) => t === 1)) continue;
    taken.fill(1, h.start, h.end);
    out.push({ start: h.start, end: h.end, value: canonical(h.kind, folded.slice(h.start, h.end)) });
  }
  return out;
}
