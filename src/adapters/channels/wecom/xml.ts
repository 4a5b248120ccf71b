// WeCom's callback bodies are flat `<xml><Tag><![CDATA[..]]></Tag>…</xml>` documents. A general XML
// parser would bring DOCTYPE, external entities and deep nesting with it, so this reads only that
// shape and refuses anything else as a value, never by throwing.

/** Why a body was not read as WeCom's flat XML. */
export type FlatXmlFailure =
  | 'too_large'
  | 'doctype_or_declaration'
  | 'not_xml_root'
  | 'bad_tag'
  | 'nested_element'
  | 'unknown_entity'
  | 'duplicate_tag'
  | 'unterminated';

/** The root's child elements by tag name (a null-prototype object, so `__proto__` is just a tag). */
export type FlatXmlFields = Readonly<Record<string, string>>;

/** The outcome of reading a body: its fields, or why it was refused. */
export type FlatXmlResult = { ok: true; fields: FlatXmlFields } | { ok: false; reason: FlatXmlFailure };

/** Callback bodies are a few hundred bytes; 64 KiB leaves room without letting a body grow memory. */
export const MAX_FLAT_XML_BYTES = 64 * 1024;

const TAG = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Reads WeCom's flat XML: one `<xml>` root whose children hold CDATA and/or entity-escaped text. */
export function parseFlatXml(text: string, maxBytes = MAX_FLAT_XML_BYTES): FlatXmlResult {
  if (Buffer.byteLength(text, 'utf8') > maxBytes) return { ok: false, reason: 'too_large' };
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  skipSpace();
  if (text.startsWith('<?xml', i)) {
    const end = text.indexOf('?>', i);
    if (end < 0) return { ok: false, reason: 'unterminated' };
    i = end + 2;
    skipSpace();
  }
  if (text.startsWith('<!', i) || text.startsWith('<?', i)) return { ok: false, reason: 'doctype_or_declaration' };
  if (!text.startsWith('<xml>', i)) return { ok: false, reason: 'not_xml_root' };
  i += '<xml>'.length;

  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (;;) {
    skipSpace();
    if (text.startsWith('</xml>', i)) {
      i += '</xml>'.length;
      skipSpace();
      return i === text.length ? { ok: true, fields } : { ok: false, reason: 'not_xml_root' };
    }
    if (text.startsWith('<!', i) || text.startsWith('<?', i)) return { ok: false, reason: 'doctype_or_declaration' };
    if (text[i] !== '<') return i >= text.length ? { ok: false, reason: 'unterminated' } : { ok: false, reason: 'bad_tag' };
    const close = text.indexOf('>', i);
    if (close < 0) return { ok: false, reason: 'unterminated' };
    let name = text.slice(i + 1, close);
    const selfClosing = name.endsWith('/');
    if (selfClosing) name = name.slice(0, -1);
    if (!TAG.test(name)) return { ok: false, reason: 'bad_tag' };
    if (name in fields) return { ok: false, reason: 'duplicate_tag' };
    i = close + 1;
    if (selfClosing) {
      fields[name] = '';
      continue;
    }
    const value = readContent(name);
    if (!value.ok) return value;
    fields[name] = value.text;
  }

  // Reads text and CDATA sections up to `</name>`, leaving `i` after the closing tag.
  function readContent(name: string): { ok: true; text: string } | { ok: false; reason: FlatXmlFailure } {
    let out = '';
    for (;;) {
      if (i >= text.length) return { ok: false, reason: 'unterminated' };
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        if (end < 0) return { ok: false, reason: 'unterminated' };
        out += text.slice(i + 9, end);
        i = end + 3;
      } else if (text.startsWith(`</${name}>`, i)) {
        i += name.length + 3;
        return { ok: true, text: out };
      } else if (text[i] === '<') {
        return { ok: false, reason: text.startsWith('<!', i) || text.startsWith('<?', i) ? 'doctype_or_declaration' : 'nested_element' };
      } else if (text[i] === '&') {
        const end = text.indexOf(';', i);
        if (end < 0 || end - i > 10) return { ok: false, reason: 'unknown_entity' };
        const decoded = decodeEntity(text.slice(i + 1, end));
        if (decoded === undefined) return { ok: false, reason: 'unknown_entity' };
        out += decoded;
        i = end + 1;
      } else {
        const next = nextSpecial(i);
        out += text.slice(i, next);
        i = next;
      }
    }
  }

  function nextSpecial(from: number): number {
    const lt = text.indexOf('<', from);
    const amp = text.indexOf('&', from);
    const ends = [lt, amp].filter((n) => n >= 0);
    return ends.length ? Math.min(...ends) : text.length;
  }
}

function decodeEntity(body: string): string | undefined {
  const named = ENTITIES[body];
  if (named !== undefined && Object.hasOwn(ENTITIES, body)) return named;
  const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(body);
  if (!m) return undefined;
  const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return String.fromCodePoint(code);
}

/** Writes fields as WeCom's flat XML, every value in CDATA, for the encrypted envelope and test callbacks. */
export function buildFlatXml(fields: ReadonlyArray<readonly [string, string]>): string {
  const parts = fields.map(([name, value]) => {
    if (!TAG.test(name)) throw Object.assign(new Error(`not an XML tag name: ${name}`), { code: 'XIAOER_WECOM_BAD_XML_TAG' });
    // "]]>" cannot sit inside one CDATA section: end it after "]]" and open another for ">".
    return `<${name}><![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]></${name}>`;
  });
  return `<xml>${parts.join('')}</xml>`;
}
