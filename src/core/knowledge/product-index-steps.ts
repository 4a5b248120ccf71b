// A release's product index (MiniSearch's JSON) parsed in steps: its `index` array holds a few
// hundred thousand small objects for a catalog of 50,000 SKUs, and one `JSON.parse` of the whole
// text held the event loop for half a second on a busy machine. The text around the array is parsed
// at once (document ids, field lengths, stored fields); the array's terms a few thousand per step.

const INDEX_KEY = '"index":[';
/** Characters of the index array scanned (and the terms they complete parsed) per step. */
const CHARS_PER_STEP = 1 << 18;

/**
 * `JSON.parse(text)` of a serialised MiniSearch index, pausing between slices of its `index` array.
 * A quote inside a JSON string is always escaped, so `"index":[` is found only as a key; text of
 * another shape is parsed whole.
 */
export function* parseProductIndexSteps(text: string, charsPerStep = CHARS_PER_STEP): Generator<void, unknown> {
  const key = text.lastIndexOf(INDEX_KEY);
  if (key < 0) return JSON.parse(text);
  const open = key + INDEX_KEY.length;
  const terms: unknown[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  // Where the element being scanned starts, and the first element not parsed yet.
  let pending = open;
  let i = open;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) {
      if (depth === 0) break; // the array's closing bracket
      depth--;
      // An element ends at depth 0: parse the elements so far once a step's worth is scanned.
      if (depth === 0 && i + 1 - pending >= charsPerStep) {
        for (const t of elements(text, pending, i + 1)) terms.push(t);
        pending = i + 1;
        yield;
      }
    }
  }
  if (i >= text.length) return JSON.parse(text);
  for (const t of elements(text, pending, i)) terms.push(t);
  const rest = JSON.parse(`${text.slice(0, open)}]${text.slice(i + 1)}`) as { index: unknown[] };
  rest.index = terms;
  return rest;
}

/** The array elements in `text[from, to)`: whole elements, separated by commas, after the one before `from` (if any). */
function elements(text: string, from: number, to: number): unknown[] {
  const slice = text.slice(from, to).replace(/^\s*,/, '');
  return slice.trim() === '' ? [] : (JSON.parse(`[${slice}]`) as unknown[]);
}
