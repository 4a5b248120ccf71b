// Width folding that keeps every character where it was, so a match found in folded text can be
// cut out of the original text by the same offsets.

/**
 * Folds full-width ASCII (Ａ１％，) to ASCII and the ideographic space to a space, one UTF-16
 * unit for one, so offsets into the result are offsets into `text`; the guardrails match on this.
 */
export function foldWidth(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += text[i];
  }
  return out;
}

/** Superscripts and subscripts (m², H₂O): NFKC makes them digits, but they are not numbers. */
const SUPER_OR_SUBSCRIPT = /^[\u00b2\u00b3\u00b9\u2070-\u209f]$/u;

/**
 * Folds like foldWidth and also every other way to write a digit that NFKC reads as ASCII digits
 * (𝟗𝟗, ①, ⑩, ⒈), code point by code point. The result may be shorter or longer than `text`, so
 * `offsets[i]` is where folded character i starts in `text` (`offsets[folded.length]` = text.length).
 */
export function foldDigits(text: string): { folded: string; offsets: number[] } {
  const width = foldWidth(text);
  let folded = '';
  const offsets: number[] = [];
  let i = 0;
  for (const ch of width) {
    const cp = ch.codePointAt(0) ?? 0;
    let out = ch;
    // Only symbols can fold to digits; CJK ideographs and ASCII are left as they are.
    if (cp >= 0x2000 && !(cp >= 0x3400 && cp <= 0x9fff) && !SUPER_OR_SUBSCRIPT.test(ch)) {
      const n = ch.normalize('NFKC').replace(/\.$/, '');
      if (/^\d{1,2}$/.test(n)) out = n;
    }
    for (let k = 0; k < out.length; k++) offsets.push(i);
    folded += out;
    i += ch.length;
  }
  offsets.push(text.length);
  return { folded, offsets };
}
