// Test helper for the fuzz suite: fast-check arbitraries of what a hostile client sends (strings,
// cookies, headers, paths, JSON bodies mutated from a valid one) and the request model they build.
import fc from 'fast-check';

/** Pieces hostile strings are made of: NUL and C0 controls, lone surrogates, zero-width and bidi marks, escapes. */
const PIECES = [
  '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0085',
  '\u2028', '\u2029', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u202E',
  '\u0301', '\uFFFD', '\uFFFF', '\u3000', '😀', '👨‍👩‍👧', '𠀀', '转人工', '人工', '退货', '订单', '%', '%00', '%E0%A4%A', '..', '/',
  '\\', '"', "'", '<script>', '${x}', '{{x}}', '__proto__', 'constructor', 'null', ' ', 'a', '1', '-1', '1e999', 'NaN',
];

/** Only invisible characters (zero-width, BOM, bidi marks). */
const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u200B\u200C\u200D\uFEFF', '\u202E\u202D', '\u00AD'];

/** A string a hostile client might send: mixed pieces, random code points, invisible only, or huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 10 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\uD800', 'x\uDFFFy', ...ZERO_WIDTH) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', '中', '\u0000', '\u200B', '😀', '\uD800'), fc.constantFrom(65, 129, 4000, 4097, 5000, 30_000, 70_000)).map(([c, n]) => c.repeat(n)) },
);

/** Any JSON value, sometimes with hostile strings in it. */
export const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -0, [], {}, [[]], { '': '' }) },
);

/** The paths of a value's string leaves. */
function leaves(v: unknown, path: string[] = []): string[][] {
  if (typeof v === 'string') return [path];
  if (v && typeof v === 'object' && !Array.isArray(v)) return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return [];
}

/** `v` with the leaf at `path` replaced. */
function replaced(v: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head = '', ...rest] = path;
  return { ...(v as object), [head]: replaced((v as Record<string, unknown>)[head], rest, value) };
}

/**
 * A valid value changed: either one string leaf replaced by a hostile string (so that the request
 * gets past validation to the use case and the store), or here and there: leaves replaced by
 * hostile strings or other JSON, keys dropped or added.
 */
export function mutated(template: unknown): fc.Arbitrary<unknown> {
  const paths = leaves(template);
  if (paths.length === 0) return mutatedAnywhere(template);
  const oneLeaf = fc.tuple(fc.constantFrom(...paths), hostileString).map(([path, value]) => replaced(template, path, value));
  return fc.oneof(oneLeaf, mutatedAnywhere(template));
}

function mutatedAnywhere(template: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (typeof template === 'string') {
    return fc.oneof({ weight: 3, arbitrary: fc.constant(template) }, { weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: jsonish });
  }
  if (template && typeof template === 'object' && !Array.isArray(template) && depth < 4) {
    const entries = Object.entries(template as Record<string, unknown>);
    const fields = fc.tuple(...entries.map(([k, v]) => fc.tuple(fc.constant(k), mutatedAnywhere(v, depth + 1), fc.nat(9))));
    // An unknown key one time in seven.
    const extra = fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'admin', 'token', ''), hostileString), jsonish) });
    const whole = fc.oneof({ weight: 8, arbitrary: fields.chain((fs) => extra.map((x) => ({ fs, x }))) }, { weight: 1, arbitrary: jsonish.map((v) => ({ fs: undefined, x: v })) });
    return whole.map(({ fs, x }) => {
      if (!fs) return x;
      const out: Record<string, unknown> = {};
      // Each key is dropped one time in ten.
      for (const [k, v, drop] of fs) if (drop !== 0) out[k] = v;
      if (x) Object.defineProperty(out, x[0], { value: x[1], enumerable: true, configurable: true, writable: true });
      return out;
    });
  }
  return fc.oneof({ weight: 3, arbitrary: fc.constant(template) }, { weight: 1, arbitrary: jsonish });
}

/** A request as sent: raw payload and headers, so that it can be printed and replayed. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** JSON.stringify that never throws (lone surrogates are escaped by JSON.stringify already). */
export function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/** Deeply nested JSON text of the given depth. */
export function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A request body: the route's mutated valid body mostly, else any JSON, deep nesting, huge text or non-JSON bytes. */
export function bodyOf(template: unknown | undefined): fc.Arbitrary<{ payload: string | Buffer | undefined; json: boolean }> {
  const asJson = (v: unknown) => ({ payload: json(v), json: true });
  const options: fc.WeightedArbitrary<{ payload: string | Buffer | undefined; json: boolean }>[] = [
    { weight: 2, arbitrary: jsonish.map(asJson) },
    { weight: 1, arbitrary: fc.constantFrom(10, 1000, 20_000, 32_000).chain((d) => fc.constantFrom<'array' | 'object'>('array', 'object').map((k) => ({ payload: nested(d, k), json: true }))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => ({ payload: Buffer.from(b), json: true })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '', ' ', 'null', '{', '{"a":', '[1,]', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '\uFEFF{}', '"\\ud800"', '{"text":"\\u0000"}',
        '{"a":1}{"b":2}', '1e99999', '-', '\u0000', Buffer.from([0xed, 0xa0, 0x80]).toString('latin1'), '{"a":"\\x"}',
      ).map((payload) => ({ payload, json: true })),
    },
    { weight: 1, arbitrary: fc.constant({ payload: undefined, json: false }) },
  ];
  if (template !== undefined) options.push({ weight: 8, arbitrary: mutated(template).map(asJson) });
  return fc.oneof(...options);
}

/** Content types, right and wrong. */
export const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/json; charset=utf-16le', 'APPLICATION/JSON', 'application/json;;',
      'application/json; charset="', 'application/json; boundary=x', 'application/json, text/plain', 'application/vnd.api+json', 'application/problem+json',
      'text/plain', 'text/plain; charset=utf-8', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/octet-stream', '', '*/*',
      'application/*', 'json', ';', 'application/json\u0000', 'application/json\u00ff', 'application/\u4e2d\u6587', 'application/json; charset=utf-8; charset=latin1',
    ),
  },
  { weight: 1, arbitrary: hostileString.filter((s) => s.length < 2000) },
);

/** Cookie headers that are not a valid session: bad encoding, NUL, huge, unicode, many cookies. */
export const hostileCookie = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'xiaoer_session=%', 'xiaoer_session=%E0%A4%A', 'xiaoer_session=%ED%A0%80', 'xiaoer_session=%00', 'xiaoer_session=\u0000', 'xiaoer_session=a\u0000b',
      'xiaoer_session=%%%; other=%', 'xiaoer_session', 'xiaoer_session=', '=', ';;;', '=; ;=;xiaoer_session==', 'xiaoer_session=a; xiaoer_session=b',
      'xiaoer_session=中文', 'xiaoer_session=😀', 'xiaoer_session=\uD800', `xiaoer_session=${'a'.repeat(201)}`, `xiaoer_session=${'a'.repeat(9000)}`,
      `xiaoer_session=${'%41'.repeat(3000)}`, Array.from({ length: 300 }, (_, i) => `c${i}=${i}`).join('; '), `${'a=1; '.repeat(2000)}xiaoer_session=x`,
      'xiaoer_session=forged', 'XIAOER_SESSION=x', ' xiaoer_session = x ', 'xiaoer_session="quoted"',
    ),
  },
  { weight: 2, arbitrary: hostileString.map((s) => `xiaoer_session=${s}`) },
  { weight: 1, arbitrary: fc.array(fc.tuple(hostileString, hostileString), { maxLength: 20 }).map((cs) => cs.map(([k, v]) => `${k}=${v}`).join('; ')) },
);

/** Header names and values a hostile client adds (never content-length or transfer-encoding: the body is framed by the client). */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('authorization', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'host', 'accept', 'accept-version', 'accept-encoding', 'content-encoding', 'origin', 'x-request-id', 'user-agent', 'if-none-match', 'range') },
        { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/) },
      ),
      fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            'Bearer', 'Bearer ', 'Bearer %', 'Bearer \u0000', 'Basic Og==', 'Bearer a.b.c', `Bearer ${'x'.repeat(10_000)}`, 'bearer x', 'Bearer  x  y',
            'garbage', '1.2.3.4, ,,, ::1, 999.1.1.1, fe80::1%eth0, [::1]:80, unknown', '256.256.256.256', '::ffff:127.0.0.1', '', ' ', ',', 'https, http',
            'gzip', 'br', 'deflate', '*', 'bytes=0-1,2-3', 'bytes=-1', '1.x', '>=1', '0', `${'1.1.1.1,'.repeat(2000)}`, 'null', '中文',
          ),
        },
        { weight: 2, arbitrary: hostileString.filter((s) => s.length < 20_000) },
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => Object.fromEntries(pairs));

/** Percent-encodes anything, lone surrogates included (as the bytes of their UTF-8-style encoding, which are not valid UTF-8). */
export function encodeAny(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) out += `%${(0xe0 | (cp >> 12)).toString(16)}%${(0x80 | ((cp >> 6) & 0x3f)).toString(16)}%${(0x80 | (cp & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** A path segment: hostile encodings, dot segments, very long, unicode raw and encoded. */
export const hostileSegment = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '%00', '%', '%E0%A4%A', '..', '%2e%2e', '.', '%2F', '%2f..%2f', '%5C', '%ED%A0%80', '%ED%B0%80', '%C0%AF', '%C0%80', '%FF', '%uD800', '%%', '%0', '%G0',
      '中文', '%E4%B8%AD', '😀', '\u0000', 'cnv_nope', 'tiny', ';', '~', '*', ':id', '{id}', 'a'.repeat(65), 'a'.repeat(129), 'a'.repeat(201), 'a'.repeat(5000), 'a'.repeat(70_000),
      '%20', '+', 'visitor:cnv_1', '__proto__', 'constructor', 'toString',
    ),
  },
  { weight: 2, arbitrary: hostileString.filter((s) => s.length < 5000).map(encodeAny) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
);

/** A query string, sometimes hostile. */
export const query = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '?', '?a=%', '?a=%E0%A4%A', '?__proto__[x]=1', '?constructor[prototype][x]=1', '?a[b][c]=1', '?a=1&a=2', '?%=%', '?&&&', `?x=${'y'.repeat(10_000)}`,
      '?id=cnv_nope', '?\u0000=\u0000', '?a=%00', '#frag', '?#', '?a=%ED%A0%80',
    ),
  },
  { weight: 1, arbitrary: fc.array(fc.tuple(hostileString, hostileString), { maxLength: 4 }).map((kv) => `?${kv.map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join('&')}`) },
);

/** HTTP methods, mostly the route's. */
export const otherMethod = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'SEARCH', 'PROPFIND', 'QUERY');

/** A short printable form of a string (escaped, long runs shortened). */
export function show(s: string, max = 300): string {
  const text = JSON.stringify(s).replace(/(.)\1{40,}/gu, (run, ch: string) => `${ch}…×${[...run].length}`);
  return text.length > max ? `${text.slice(0, max)}…(${s.length} chars)` : text;
}

/** A request as one line, for reproductions. */
export function describeRequest(r: FuzzRequest): string {
  const headers = Object.entries(r.headers).map(([k, v]) => `${k}: ${show(v, 120)}`).join(', ');
  const body = r.payload === undefined ? '' : ` body=${typeof r.payload === 'string' ? show(r.payload) : `bytes(${r.payload.toString('hex').slice(0, 80)})`}`;
  return `${r.method} ${show(r.url, 200)} {${headers}}${body}`;
}
