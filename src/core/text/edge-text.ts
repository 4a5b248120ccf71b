// Text as it arrives from outside, made the same for every store before anything compares or saves
// it: PostgreSQL refuses NUL in text and stores a lone surrogate as U+FFFD while SQLite keeps both,
// so without this a resend of the same message could read as a different one on one store only.

// eslint-disable-next-line no-control-regex
const NEEDS_CLEANING = /[\u0000-\u0008\u000b-\u001f\u007f\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** White space and the invisible characters a message may consist of and still say nothing. */
const BLANK = /^[\s\u200b-\u200f\u2060-\u2064\ufeff\u180e\u3164\u115f\u1160]*$/;

/**
 * C0 control characters other than tab and newline removed (CR LF and a lone CR become LF), DEL
 * removed, lone surrogates replaced by U+FFFD. Idempotent; text needing none of it is returned as is.
 */
export function cleanEdgeText(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text;
  return text.replace(/\r\n?/g, '\n').replace(CONTROLS, '').replace(LONE_SURROGATE, '\ufffd');
}

/** True when the text shows nothing: only white space and zero-width characters. */
export function isBlankText(text: string): boolean {
  return BLANK.test(text);
}

/** Cleans every string of a JSON-like value (object keys included); other values are kept. */
export function cleanEdgeValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanEdgeText(value);
  // Deeper than any payload of ours: left as is for the schema to refuse.
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => cleanEdgeValue(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[cleanEdgeText(k)] = cleanEdgeValue(v, depth + 1);
  return out;
}
