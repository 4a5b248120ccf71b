// Picking matches that do not overlap: the guardrails find candidates with several patterns, and
// the first to claim a stretch of text (in the caller's order of preference) keeps it.

/** A match of `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** The spans, in the order given, that overlap none kept before them; sorted by position. Empty spans are skipped. */
export function claimSpans<T extends Span>(length: number, preferred: Iterable<T>): T[] {
  const taken = new Uint8Array(length);
  const chosen: T[] = [];
  for (const s of preferred) {
    if (s.end <= s.start) continue;
    let free = true;
    for (let i = s.start; i < s.end && free; i++) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, s.start, s.end);
    chosen.push(s);
  }
  return chosen.sort((a, b) => a.start - b.start);
}
