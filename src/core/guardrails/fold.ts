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
