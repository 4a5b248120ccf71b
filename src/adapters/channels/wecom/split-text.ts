// WeCom refuses a text message over 2048 bytes of UTF-8, and a long answer read as several short
// messages is kinder when each part ends at a line or a sentence, never inside a character.

/** The most bytes of UTF-8 one kf text message may hold. */
export const WECOM_TEXT_MAX_BYTES = 2048;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const SENTENCE_END = new Set(['。', '！', '？', '；', '!', '?', ';', '.', '…']);

/** Splits text into parts of at most `maxBytes` UTF-8 bytes, at line breaks, else sentence ends, else any character boundary. */
export function splitUtf8(text: string, maxBytes = WECOM_TEXT_MAX_BYTES): string[] {
  // A grapheme bigger than a whole part (a pile of combining marks) falls back to code points.
  const segs = Array.from(graphemes.segment(text), (s) => s.segment).flatMap((g) => (Buffer.byteLength(g) > maxBytes ? Array.from(g) : [g]));
  const parts: string[] = [];
  let i = 0;
  while (i < segs.length) {
    while (i < segs.length && isLineBreak(segs[i]!)) i++; // a part never starts with a blank line
    let bytes = 0;
    let j = i;
    let lineCut = -1;
    let sentenceCut = -1;
    while (j < segs.length) {
      const b = Buffer.byteLength(segs[j]!);
      if (bytes + b > maxBytes) break;
      bytes += b;
      // A break only counts when the part before it is at least half full, so parts stay few.
      if (bytes >= maxBytes / 2) {
        if (isLineBreak(segs[j]!)) lineCut = j;
        else if (SENTENCE_END.has(segs[j]!)) sentenceCut = j;
      }
      j++;
    }
    let end = j;
    let next = j;
    if (j < segs.length) {
      if (lineCut >= 0) [end, next] = [lineCut, lineCut + 1];
      else if (sentenceCut >= 0) [end, next] = [sentenceCut + 1, sentenceCut + 1];
    }
    const part = segs.slice(i, end).join('').trimEnd();
    if (part) parts.push(part);
    i = next;
  }
  return parts;
}

function isLineBreak(g: string): boolean {
  return g === '\n' || g === '\r\n' || g === '\r';
}
