import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildFlatXml, parseFlatXml } from './xml.js';

describe('flat XML', () => {
  it('reads CDATA, plain text, entities and a prolog', () => {
    const r = parseFlatXml('<?xml version="1.0"?>\n<xml>\n <A><![CDATA[<b>&amp;</b>]]></A><B>1 &lt; 2 &amp;&#x4F60;&#22909;</B><C/><D></D></xml>\n');
    expect(r.ok && { ...r.fields }).toEqual({ A: '<b>&amp;</b>', B: '1 < 2 &你好', C: '', D: '' });
  });

  it('refuses DOCTYPE, entities it does not know, comments and nested elements', () => {
    expect(parseFlatXml('<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><A>&x;</A></xml>')).toEqual({ ok: false, reason: 'doctype_or_declaration' });
    expect(parseFlatXml('<xml><A>&x;</A></xml>')).toEqual({ ok: false, reason: 'unknown_entity' });
    expect(parseFlatXml('<xml><A>&#0;</A></xml>')).toEqual({ ok: false, reason: 'unknown_entity' });
    expect(parseFlatXml('<xml><!-- c --><A>1</A></xml>')).toEqual({ ok: false, reason: 'doctype_or_declaration' });
    expect(parseFlatXml('<xml><A><B>1</B></A></xml>')).toEqual({ ok: false, reason: 'nested_element' });
    expect(parseFlatXml('<xml><A>1</A><A>2</A></xml>')).toEqual({ ok: false, reason: 'duplicate_tag' });
    expect(parseFlatXml('<xml a="1"><A>1</A></xml>')).toEqual({ ok: false, reason: 'not_xml_root' });
    expect(parseFlatXml('<xml><A>1</A></xml><xml/>')).toEqual({ ok: false, reason: 'not_xml_root' });
    expect(parseFlatXml('<xml><A x="1">1</A></xml>')).toEqual({ ok: false, reason: 'bad_tag' });
  });

  it('refuses unterminated documents and anything over the size cap', () => {
    for (const cut of ['<xml>', '<xml><A>1', '<xml><A><![CDATA[1</A></xml>', '<xml><A', '<?xml']) expect(parseFlatXml(cut).ok).toBe(false);
    expect(parseFlatXml(`<xml><A>${'x'.repeat(100)}</A></xml>`, 50)).toEqual({ ok: false, reason: 'too_large' });
  });

  it('keeps __proto__ as an ordinary tag', () => {
    const r = parseFlatXml('<xml><__proto__>1</__proto__><constructor>2</constructor></xml>');
    expect(r.ok && r.fields['__proto__']).toBe('1');
    expect(r.ok && r.fields['constructor']).toBe('2');
  });

  it('builds XML that reads back, "]]>" inside a value included', () => {
    const xml = buildFlatXml([['Content', 'a]]>b'], ['Empty', '']]);
    const r = parseFlatXml(xml);
    expect(r.ok && { ...r.fields }).toEqual({ Content: 'a]]>b', Empty: '' });
  });
});

describe('flat XML on arbitrary input', () => {
  it('never throws, and reads back whatever it builds', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => void expect(() => parseFlatXml(text)).not.toThrow()));
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }).map((s) => `<xml>${s}</xml>`), (text) => void expect(() => parseFlatXml(text)).not.toThrow()),
    );
    const tag = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(tag, fc.string({ maxLength: 50 })), { selector: ([t]) => t, maxLength: 8 }), (fields) => {
        const r = parseFlatXml(buildFlatXml(fields));
        expect(r.ok && { ...r.fields }).toEqual(Object.fromEntries(fields));
      }),
    );
  });
});
