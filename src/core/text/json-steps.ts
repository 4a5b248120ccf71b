// JSON text of a large value parsed in steps, so reading a big shop's bundle (17 MB for 10,000 FAQ
// entries and 50,000 SKUs) or its release's product index (a few hundred thousand terms) never holds
// the event loop for one decode and `JSON.parse`: the caller yields between steps. The UTF-8 bytes are scanned as they are (every byte of a multi-byte
// character is >= 0x80, so brackets, quotes, commas and backslashes are always themselves); each
// top-level array's elements are decoded and parsed a slice at a time, every other value whole.

/** Bytes scanned (and the array elements they complete parsed) per step. */
const BYTES_PER_STEP = 1 << 18;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * `JSON.parse` of UTF-8 JSON text, pausing between steps of about `bytesPerStep` bytes: the same
 * value (objects with the same keys in the same order), or the same kind of error for text that is
 * not JSON. A root that is not an object is parsed whole; so are a root object's values that are
 * not arrays, and each array element (a product, an FAQ entry, a term of a MiniSearch index).
 */
export function* parseJsonSteps(bytes: Uint8Array, bytesPerStep = BYTES_PER_STEP): Generator<void, unknown> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const text = (from: number, to: number): string => decoder.decode(bytes.subarray(from, to));
  /** The whole text parsed at once: what JSON.parse says (a value, or its error) where this reader gives up. */
  const whole = (): unknown => JSON.parse(text(0, bytes.length));
  const n = bytes.length;
  const skip = (i: number): number => {
    while (i < n && isSpace(bytes[i])) i++;
    return i;
  };
  /** The index after the string starting (with its quote) at `i`, or -1 when it does not end. */
  const stringEnd = (i: number): number => {
    for (let j = i + 1; j < n; j++) {
      const c = bytes[j];
      if (c === BACKSLASH) j++;
      else if (c === QUOTE) return j + 1;
    }
    return -1;
  };
  let scanned = 0;

  let i = skip(0);
  if (bytes[i] !== OPEN_BRACE) return whole();
  i = skip(i + 1);
  if (bytes[i] === CLOSE_BRACE) return whole();
  const out: Record<string, unknown> = {};
  for (;;) {
    // A member: its key, a colon, its value.
    if (bytes[i] !== QUOTE) return whole();
    const keyEnd = stringEnd(i);
    if (keyEnd < 0) return whole();
    const key = JSON.parse(text(i, keyEnd)) as string;
    i = skip(keyEnd);
    if (bytes[i] !== COLON) return whole();
    i = skip(i + 1);
    let value: unknown;
    const isArray = bytes[i] === OPEN_BRACKET;
    // Scan the value to its end: at depth 0, a comma or closing bracket or brace outside strings.
    // In an array, the elements between `batch` and a comma are parsed once a step's worth is scanned.
    const items: unknown[] = [];
    const start = isArray ? i + 1 : i;
    let batch = start;
    let commas = 0;
    let depth = 0;
    let j = start;
    for (; j < n; j++) {
      const c = bytes[j];
      if (c === QUOTE) {
        const end = stringEnd(j);
        if (end < 0) return whole();
        scanned += end - j;
        j = end - 1;
      } else if (c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
      else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
        if (depth === 0) break;
        depth--;
      } else if (c === COMMA && depth === 0) {
        if (!isArray) break;
        commas++;
        if (j - batch >= bytesPerStep) {
          for (const x of JSON.parse(`[${text(batch, j)}]`) as unknown[]) items.push(x);
          batch = j + 1;
          scanned = 0;
          yield;
        }
      }
      if (++scanned >= bytesPerStep) {
        scanned = 0;
        yield;
      }
    }
    if (j >= n) return whole();
    if (isArray) {
      if (bytes[j] !== CLOSE_BRACKET) return whole();
      const rest = text(batch, j);
      if (rest.trim() === '') {
        // Nothing after the last comma: not JSON ([1,] or [,]).
        if (commas > 0) return whole();
      } else for (const x of JSON.parse(`[${rest}]`) as unknown[]) items.push(x);
      value = items;
      j++;
    } else {
      value = JSON.parse(text(start, j));
    }
    // As JSON.parse does: an own property even for "__proto__", the last of a repeated key winning.
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    i = skip(j);
    if (bytes[i] === COMMA) {
      i = skip(i + 1);
      continue;
    }
    if (bytes[i] === CLOSE_BRACE && skip(i + 1) === n) return out;
    return whole();
  }
}
