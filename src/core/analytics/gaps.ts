// Knowledge gaps: what shoppers asked that the fallback answered, grouped so a shop sees its top
// missing answers first (docs/analytics.md, "Knowledge gaps"). Character bigrams keep it free of
// any tokeniser, so it reads Chinese and English alike.

/** One cluster of similar unanswered questions. */
export interface GapCluster {
  text: string;
  count: number;
  examples: string[];
}

/** How similar two groups must be to share a cluster (Jaccard of character bigrams). */
const JOIN_AT = 0.5;
const EXAMPLES = 3;

/** NFKC, lower case, without spaces and punctuation: 能开发票吗？ and 能开发票吗 are one question. */
export function normaliseQuestion(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

function bigrams(s: string): Set<string> {
  const chars = [...s];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Clusters gap texts (in the order they were sent) and ranks them; the top `limit`. */
export function clusterGaps(texts: readonly string[], limit = 20): GapCluster[] {
  const groups = new Map<string, { name: string; texts: string[] }>();
  for (const text of texts) {
    const key = normaliseQuestion(text);
    if (!key) continue;
    const g = groups.get(key);
    if (g) g.texts.push(text);
    else groups.set(key, { name: text, texts: [text] });
  }
  const ranked = [...groups.entries()].sort(([, a], [, b]) => b.texts.length - a.texts.length || byCodePoint(a.name, b.name));
  const clusters: { name: string; grams: Set<string>; texts: Set<string>; count: number }[] = [];
  for (const [key, g] of ranked) {
    const grams = bigrams(key);
    const home = clusters.find((c) => jaccard(c.grams, grams) >= JOIN_AT);
    if (home) {
      home.count += g.texts.length;
      for (const t of g.texts) home.texts.add(t);
    } else clusters.push({ name: g.name, grams, texts: new Set(g.texts), count: g.texts.length });
  }
  return clusters
    .sort((a, b) => b.count - a.count || byCodePoint(a.name, b.name))
    .slice(0, limit)
    .map((c) => ({ text: c.name, count: c.count, examples: [...new Set(texts.filter((t) => c.texts.has(t)))].slice(0, EXAMPLES) }));
}

/** Plain code-point order: the same on every machine, whatever its locale (every tie-break of the report uses it). */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
