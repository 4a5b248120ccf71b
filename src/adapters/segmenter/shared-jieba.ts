// jieba's dictionary segmentation in JavaScript over one process-wide dictionary, so that loading a
// release costs a small map of its shop words instead of a native jieba instance of its own (~250 ms
// and ~40 MB each). It reproduces @node-rs/jieba (jieba-rs 0.10) `Jieba.withDict(dict)` followed by
// `loadDict(shop words)` exactly: the same blocks, the same prefix DAG, the same route over log
// frequencies divided by the dictionary's total (the shop's words included, as jieba counts them),
// the same tie-breaking, and the same HMM for runs of single characters, which is delegated to a
// native jieba with an empty dictionary (its `cut` of such a run is the HMM cut alone).

/** What the shared engine needs of jieba's native module: an empty instance's HMM cut. */
export interface HmmCutter {
  cut(sentence: string, hmm?: boolean | null): string[];
}

/** Marks a string that is only a prefix of dictionary words, not a word itself. */
const PREFIX_ONLY = -1;

/** jieba's base dictionary: word → frequency, every proper prefix of a word → PREFIX_ONLY, and the total. */
export interface BaseDictionary {
  readonly entries: Map<string, number>;
  readonly total: number;
}

/** Incremental reader of a jieba dictionary text ("word freq tag" per line, later lines win, as load_dict does). */
export function dictionaryReader(): { add(lines: string): void; finish(): BaseDictionary } {
  const entries = new Map<string, number>();
  return {
    add(lines) {
      for (const line of lines.split('\n')) {
        const parts = line.trim().split(/\s+/);
        const word = parts[0];
        if (!word) continue;
        const freq = parts[1] === undefined ? 0 : Number.parseInt(parts[1], 10);
        entries.set(word, Number.isFinite(freq) ? freq : 0);
        addPrefixes(entries, word, undefined);
      }
    },
    finish() {
      let total = 0;
      for (const v of entries.values()) if (v !== PREFIX_ONLY) total += v;
      return { entries, total };
    },
  };
}

/**
 * A dictionary's UTF-8 text decoded `sliceBytes` at a time, cut at line ends: each slice holds whole
 * lines (no final newline), the last the rest, so `slices.join('\n')` is the whole text. Decoding
 * and splitting a 5 MB dictionary in one go held the event loop for a few hundred milliseconds.
 */
export function* dictionaryTextSlices(bytes: Uint8Array, sliceBytes: number): Generator<string, void, undefined> {
  const decoder = new TextDecoder();
  let rest = '';
  for (let at = 0; at < bytes.length; at += sliceBytes) {
    const text = rest + decoder.decode(bytes.subarray(at, at + sliceBytes), { stream: at + sliceBytes < bytes.length });
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      rest = text;
      continue;
    }
    yield text.slice(0, cut);
    rest = text.slice(cut + 1);
  }
  yield rest;
}

function addPrefixes(target: Map<string, number>, word: string, base: Map<string, number> | undefined): void {
  const chars = Array.from(word);
  let prefix = '';
  for (let i = 0; i < chars.length - 1; i++) {
    prefix += chars[i];
    if (target.has(prefix) || base?.has(prefix)) continue;
    target.set(prefix, PREFIX_ONLY);
  }
}

// RE_HAN_DEFAULT of jieba-rs: CJK ideographs, ASCII letters and digits, and + # & . _ % -.
function isHan(cp: number): boolean {
  return (
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2ebef) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f) ||
    (cp >= 0x30 && cp <= 0x39) ||
    (cp >= 0x41 && cp <= 0x5a) ||
    (cp >= 0x61 && cp <= 0x7a) ||
    cp === 0x2b || cp === 0x23 || cp === 0x26 || cp === 0x2e || cp === 0x5f || cp === 0x25 || cp === 0x2d
  );
}

/** A cutter over the base dictionary plus one shop's words at `freq` each (jieba's loadDict of them). */
export function sharedJiebaCutter(base: BaseDictionary, hmm: HmmCutter, shopWords: readonly string[], freq: number) {
  // The shop's words and their prefixes that the base lacks; a shop word's frequency replaces the base's.
  const overlay = new Map<string, number>();
  let total = base.total;
  for (const w of shopWords) {
    if (overlay.get(w) === freq) continue;
    const old = base.entries.get(w);
    total += freq - (old !== undefined && old !== PREFIX_ONLY ? old : 0);
    overlay.set(w, freq);
  }
  for (const w of [...overlay.keys()]) addPrefixes(overlay, w, base.entries);
  const lookup = (s: string): number | undefined => overlay.get(s) ?? base.entries.get(s);
  const isWord = (s: string): boolean => {
    const v = lookup(s);
    return v !== undefined && v !== PREFIX_ONLY;
  };
  const logTotal = Math.log(total);
  const log1 = 0 - logTotal;

  // One block of han characters: jieba's DAG, route and HMM pass (cut_dag_hmm).
  function cutBlock(block: string, out: string[]): void {
    const at: number[] = []; // UTF-16 offset of each code point, and the end
    for (let i = 0; i < block.length; ) {
      at.push(i);
      const cp = block.codePointAt(i) ?? 0;
      i += cp > 0xffff ? 2 : 1;
    }
    const n = at.length;
    at.push(block.length);
    const routeScore = new Float64Array(n + 1);
    const routeEnd = new Int32Array(n + 1);
    for (let i = n - 1; i >= 0; i--) {
      let best = -Infinity;
      let bestEnd = -1;
      const from = at[i] as number;
      for (let j = i + 1; j <= n; j++) {
        const v = lookup(block.slice(from, at[j]));
        if (v === undefined) break;
        if (v === PREFIX_ONLY) continue;
        const score = Math.log(v) - logTotal + (routeScore[j] as number);
        // Rust's max_by keeps the last of equal maxima (edges come shortest first) and takes an
        // incomparable (NaN) one.
        if (bestEnd < 0 || !(best > score)) {
          best = score;
          bestEnd = j;
        }
      }
      if (bestEnd < 0) {
        best = log1 + (routeScore[i + 1] as number);
        bestEnd = i + 1;
      }
      routeScore[i] = best;
      routeEnd[i] = bestEnd;
    }
    let left = -1;
    const flush = (endIdx: number) => {
      const word = block.slice(at[left] as number, at[endIdx]);
      if (endIdx - left === 1) out.push(word);
      else if (!isWord(word)) for (const w of hmm.cut(word, true)) out.push(w);
      else for (let k = left; k < endIdx; k++) out.push(block.slice(at[k], at[k + 1]));
      left = -1;
    };
    for (let x = 0; x < n; ) {
      const y = routeEnd[x] as number;
      if (y - x === 1) {
        if (left < 0) left = x;
      } else {
        if (left >= 0) flush(x);
        out.push(block.slice(at[x], at[y]));
      }
      x = y;
    }
    if (left >= 0) flush(n);
  }

  function cut(text: string): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < text.length) {
      const cp = text.codePointAt(i) ?? 0;
      const width = cp > 0xffff ? 2 : 1;
      if (isHan(cp)) {
        let end = i + width;
        while (end < text.length) {
          const c = text.codePointAt(end) ?? 0;
          if (!isHan(c)) break;
          end += c > 0xffff ? 2 : 1;
        }
        cutBlock(text.slice(i, end), out);
        i = end;
      } else if (cp === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
        out.push('\r\n');
        i += 2;
      } else {
        out.push(text.slice(i, i + width));
        i += width;
      }
    }
    return out;
  }

  function cutForSearch(text: string): string[] {
    const out: string[] = [];
    for (const word of cut(text)) {
      const chars = Array.from(word);
      if (chars.length > 2) {
        for (let k = 0; k + 2 <= chars.length; k++) {
          const g = (chars[k] as string) + (chars[k + 1] as string);
          if (isWord(g)) out.push(g);
        }
      }
      if (chars.length > 3) {
        for (let k = 0; k + 3 <= chars.length; k++) {
          const g = (chars[k] as string) + (chars[k + 1] as string) + (chars[k + 2] as string);
          if (isWord(g)) out.push(g);
        }
      }
      out.push(word);
    }
    return out;
  }

  return { cut, cutForSearch };
}
