// An id for a new knowledge entry made from a question (a knowledge gap's text). Shop ids are
// ASCII (src/contracts/admin.ts itemId) while questions are mostly Chinese, so the id is a short
// hash of the text: the same question always suggests the same id, and the editor lets the user change it.

/**
 * A shop's item id as the API takes it (src/contracts/admin.ts itemId), written here as a plain
 * expression: importing the zod schema would bring zod into the page, and zod probes eval, which
 * the console's Content-Security-Policy reports. The test keeps the two the same.
 */
export const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** 32-bit FNV-1a over the UTF-16 code units: small, stable, good enough to tell questions apart. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** "faq-" and eight hex digits of the trimmed question: 能开专票吗？ → faq-… (always a valid item id). */
export function suggestFaqId(question: string): string {
  return `faq-${fnv1a(question.trim()).toString(16).padStart(8, '0')}`;
}
