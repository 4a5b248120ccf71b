// JSON text of a large value in pieces, so writing a big shop's bundle or release never holds the
// event loop for one `JSON.stringify` of tens of megabytes: the caller yields between pieces.

/** Containers this deep or deeper are stringified whole (a product, an FAQ entry): no per-value overhead there. */
const WHOLE_FROM_DEPTH = 4;
/** Strings longer than this are cut (a release's serialised product index is megabytes long). */
const LONG_STRING = 1 << 16;

/** What JSON.stringify leaves out of an object and writes as null in an array. */
function unwritable(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/**
 * Yields `JSON.stringify(value)`'s text in pieces of about `pieceChars` characters (more when a
 * single value deep in the tree is bigger). The pieces join to exactly `JSON.stringify(value)` for
 * plain data (objects, arrays, strings, numbers, booleans, null; `undefined` and functions dropped
 * or written as null as JSON.stringify does; a value with `toJSON` is stringified whole by it).
 */
export function* jsonPieces(value: unknown, pieceChars = 1 << 16): Generator<string, void, undefined> {
  if (unwritable(value)) throw new TypeError('the value has no JSON text');
  let buffer: string[] = [];
  let size = 0;
  const put = (text: string): void => {
    buffer.push(text);
    size += text.length;
  };
  const flush = (): string => {
    const text = buffer.join('');
    buffer = [];
    size = 0;
    return text;
  };
  /** Whether `v` is written in one JSON.stringify at this depth. */
  const whole = (v: unknown, depth: number): boolean =>
    v === null || typeof v !== 'object' || depth >= WHOLE_FROM_DEPTH || typeof (v as { toJSON?: unknown }).toJSON === 'function';
  function* walk(v: unknown, depth: number): Generator<string, void, undefined> {
    if (typeof v === 'string' && v.length > LONG_STRING) {
      put('"');
      for (let i = 0; i < v.length; ) {
        let end = Math.min(v.length, i + LONG_STRING);
        // Never between the halves of a surrogate pair (JSON.stringify escapes a lone half).
        const last = v.charCodeAt(end - 1);
        if (end < v.length && last >= 0xd800 && last <= 0xdbff) end--;
        put(JSON.stringify(v.slice(i, end)).slice(1, -1));
        if (size >= pieceChars) yield flush();
        i = end;
      }
      put('"');
      return;
    }
    if (whole(v, depth)) {
      put(JSON.stringify(v));
      return;
    }
    // Most items are written whole here, without a generator of their own.
    const inline = (x: unknown): boolean => (typeof x === 'string' ? x.length <= LONG_STRING : whole(x, depth + 1));
    if (Array.isArray(v)) {
      put('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) put(',');
        const x: unknown = v[i];
        if (unwritable(x)) put('null');
        else if (inline(x)) put(JSON.stringify(x));
        else yield* walk(x, depth + 1);
        if (size >= pieceChars) yield flush();
      }
      put(']');
      return;
    }
    put('{');
    let first = true;
    for (const key of Object.keys(v as object)) {
      const x: unknown = (v as Record<string, unknown>)[key];
      if (unwritable(x)) continue;
      put(`${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      if (inline(x)) put(JSON.stringify(x));
      else yield* walk(x, depth + 1);
      if (size >= pieceChars) yield flush();
    }
    put('}');
  }
  yield* walk(value, 0);
  if (size > 0) yield flush();
}
