// Text normalisation shared by indexing and querying, so both sides see the same characters.

/**
 * NFKC folds full-width letters, digits and punctuation (ＸＬ → XL, ？→ ?), then lower-cases
 * and collapses white space. Control characters are dropped: they carry no meaning for us.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\ufeff]/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
