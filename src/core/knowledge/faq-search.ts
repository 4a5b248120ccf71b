// FAQ retrieval: one pass over the inverted index of phrasing vectors gives the TF-IDF cosine
// (words and character bigrams) with every phrasing; the best entries are then scored against
// their centroid and answer and blended with a softmax classifier. The blend is bounded 0..1 and
// doubles as the confidence that decides between an answer and the fallback.
import { returnConditions, termFrequencies, tfidfVector, topicsOf } from './features.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { probabilities } from '../understanding/linear-classifier.js';
import { candidateProbabilities, DEFAULT_CANDIDATE_OPTIONS } from '../understanding/candidate-classifier.js';
import { featureRows, idfOfCount, isSparse, type FaqModel, type FeatureEntryBlocks } from './faq-model.js';
import { indexInSorted } from '../understanding/numeric.js';
import { perRelease, perReleaseKey } from './release-memo.js';
import { normalizeText } from '../understanding/normalize.js';

/** One ranked FAQ candidate. */
export interface FaqMatch {
  faqId: string;
  /** TF-IDF cosine of the question with the entry's best-matching phrasing. */
  score: number;
  /** 0..1: similarity of the question to the entry (best phrasing blended with all phrasings). */
  confidence: number;
}

/** Ranks FAQ entries for a question, best first; empty when nothing shares a feature. */
export function searchFaq(kb: KnowledgeBase, text: string, limit = 3): FaqMatch[] {
  const model = kb.faqModel;
  const tokens = model.features(text);
  if (tokens.length === 0) return [];
  const q = tfidfVector(termFrequencies(tokens), queryIdf(kb), model.weights);

  // Only the first entries of the ranking are read (the candidates, and the classes of the
  // candidate softmax).
  const ordered = bestEntries(model, q, Math.max(model.weights.candidates, CANDIDATE_CLASSES));
  if (ordered.length === 0) return [];

  const { best: wBest, answer: wAnswer, classifier: wClassifier } = model.weights;
  const p = classProbabilities(model, q, ordered);
  const candidates = ordered.slice(0, model.weights.candidates);
  // Cosines of the candidates with their entry's centroid and answer: each entry's weight found in
  // the query features' entry postings (ascending entries), summed in the query's feature order.
  const { entries, centroid, answer, offsets } = model.entryPostings;
  const lists: { wq: number; from: number; to: number }[] = [];
  for (const [f, wq] of q) {
    const [from, to] = featureRows(model, offsets, f);
    if (to > from) lists.push({ wq, from, to });
  }
  const ranked: FaqMatch[] = candidates.map(([faqId, e, best]) => {
    let centroidDot = 0;
    let answerDot = 0;
    for (const list of lists) {
      const i = indexInSorted(entries, list.from, list.to, e);
      if (i < 0) continue;
      centroidDot = centroidDot + list.wq * (centroid[i] as number);
      answerDot = answerDot + list.wq * (answer[i] as number);
    }
    const cosine = Math.min(1, wBest * best + (1 - wBest) * centroidDot + wAnswer * answerDot);
    // Geometric blend: softmax probabilities always sum to 1, so without shared words (cosine 0)
    // the classifier alone must not make an unrelated question look answerable.
    const confidence = Math.pow(cosine, 1 - wClassifier) * Math.pow(p(model.classIndex.get(faqId) ?? -1), wClassifier);
    return { faqId, score: best, confidence };
  });
  // An entry about returning goods ("退货运费谁出？") does not answer a message that says nothing of
  // returning ("要运费吗"): its answer's many 运费 made it the best reading of every postage question.
  const norm = normalizeText(text);
  if (!RETURN_WORDS.test(norm)) {
    for (const m of ranked) if (entryFacts(kb, m.faqId).returning) m.confidence *= UNASKED_RETURN;
  }
  // An entry whose question says a service topic the message says too ("水壶才用了三天就不加热了" and
  // "收到的东西有质量问题怎么办") is the likelier reading.
  // Not in an elliptical follow-up ("那刻名字的项链玫瑰金的呢"): its words name goods, not a topic. Only
  // where entries have one question each: written paraphrases say the topic themselves.
  const topics = ELLIPTICAL.test(norm) || !oneQuestionPerEntry(kb) ? [] : topicsOf(norm);
  if (topics.length > 0) {
    for (const m of ranked) {
      const theirs = entryFacts(kb, m.faqId).topics;
      if (topics.some((t) => theirs.includes(t))) m.confidence *= TOPIC_BOOST;
    }
  }
  // "耳机收到还没拆 不想要了能退吗" says the goods are unused; an entry asking about returning used
  // goods ("拆封后还能退吗？") answers the opposite case, though its answer says 未使用 too.
  const condition = returnConditions(norm);
  if (condition.length === 1) {
    for (const m of ranked) {
      const theirs = entryFacts(kb, m.faqId).conditions;
      if (theirs.length === 1 && theirs[0] !== condition[0]) m.confidence *= OPPOSITE_CONDITION;
    }
  }
  // Ranked on the boosted confidences, then bounded to 1 (two boosted past 1 keep their order).
  ranked.sort((x, y) => y.confidence - x.confidence || x.faqId.localeCompare(y.faqId));
  return ranked.slice(0, limit).map((m) => (m.confidence > 1 ? { ...m, confidence: 1 } : m));
}

/** An entry question about returning or exchanging goods (退差价 is price protection and 退款到账 a refund's arrival, not a return). */
const RETURN_ENTRY = /退货|退换|换货|寄回|退回|无理由/;
/** A message's words of returning or exchanging goods. */
const RETURN_WORDS = /退|换|寄回|无理由|售后|不想要|不要了|拒收|买错|选错|不合适|return|refund|exchange/;
/** How much more likely an entry sharing a service topic with the message reads. */
const TOPIC_BOOST = 2;
/** "那…呢": the question asked before, of other goods. */
const ELLIPTICAL = /^\s*(那|那个|那款|那种).*呢[\s?!。~～]*$/u;

/** What the search reads of an entry's question: its service topics, whether it is about returning goods, the goods' condition it states. */
interface EntryFacts {
  topics: string[];
  returning: boolean;
  conditions: string[];
}

/** An entry's question facts (once per release and entry). */
const entryFacts = perReleaseKey((kb, faqId): EntryFacts => {
  const question = normalizeText(kb.faqById.get(faqId)?.question ?? '');
  return { topics: topicsOf(question), returning: RETURN_ENTRY.test(question), conditions: returnConditions(question) };
});

/** The service topics of an entry's question. */
export function entryTopics(kb: KnowledgeBase, faqId: string): readonly string[] {
  return entryFacts(kb, faqId).topics;
}

/** What an entry asking about goods in the opposite condition keeps of its confidence. */
const OPPOSITE_CONDITION = 0.4;
/** What an entry about returns keeps of its confidence for a message that does not speak of returning. */
const UNASKED_RETURN = 0.25;

/**
 * The entries that can be among the first `k` by their best phrasing's cosine with the question
 * vector `q` (every entry scoring at least the k-th best), as [id, entry number, cosine], best
 * first, ties by id; empty when no phrasing shares a feature. `prune: false` walks every posting
 * (the reference the pruned search is tested against).
 */
export function bestEntries(model: PostingsModel, q: ReadonlyMap<string, number>, k: number, prune = true): [string, number, number][] {
  const postings: Posting[] = [];
  let total = 0;
  for (const [f, wq] of q) {
    const [from, to] = featureRows(model, model.postings.offsets, f);
    if (to > from) {
      postings.push({ feature: model.featureIds.get(f) as number, from, to, wq });
      total += to - from;
    }
  }
  if (prune && total >= PRUNE_FROM) {
    const found = boundedEntries(model, postings, total, k);
    if (found) return found;
  }
  // Cosine with every phrasing at once: walk the postings of the query's features.
  const docs = model.docEntry.length;
  if (scratch.scores.length < docs) scratch.scores = new Float64Array(docs);
  if (scratch.touched.length < docs) scratch.touched = new Int32Array(docs);
  ensureEntries(model.entries.length);
  const { scores, best, touched } = scratch;
  const { docs: listDocs, weights: listWeights } = model.postings;
  // The phrasings touched, in order of first touch (a typed array: pushing to a growing array
  // cost most of the walk on a shop of 200,000 phrasings).
  let touchedCount = 0;
  for (const { from, to, wq } of postings) {
    for (let i = from; i < to; i++) {
      const doc = listDocs[i] as number;
      if (scores[doc] === 0) touched[touchedCount++] = doc;
      scores[doc] = (scores[doc] as number) + wq * (listWeights[i] as number);
    }
  }
  // Each entry's best phrasing; the buffers are left zeroed for the next call.
  const hit = scratch.hit;
  let hitCount = 0;
  for (let t = 0; t < touchedCount; t++) {
    const doc = touched[t] as number;
    const e = model.docEntry[doc] as number;
    const score = scores[doc] as number;
    scores[doc] = 0;
    if (score > (best[e] as number)) {
      if (best[e] === 0) hit[hitCount++] = e;
      best[e] = score;
    }
  }
  return ranking(model, hitCount, k);
}

/**
 * The `hitCount` entries of `scratch.hit` with their best cosines in `scratch.best` ranked: those at
 * or above the K-th best (all when there are at most K), best first, ties by id. Entries below it
 * are left out before sorting, which keeps the first K exactly as a sort of all of them. Leaves
 * `best` zeroed.
 */
function ranking(model: PostingsModel, hitCount: number, k: number): [string, number, number][] {
  const { hit, best } = scratch;
  if (hitCount === 0) return [];
  const threshold = kthLargest(hit, hitCount, best, k);
  const bestPhrasing: [string, number, number][] = [];
  for (let h = 0; h < hitCount; h++) {
    const e = hit[h] as number;
    if ((best[e] as number) >= threshold) bestPhrasing.push([model.entries[e] as string, e, best[e] as number]);
  }
  for (let h = 0; h < hitCount; h++) best[hit[h] as number] = 0;
  return bestPhrasing.sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));
}

/** What the search reads of the FAQ model. */
type PostingsModel = Pick<FaqModel, 'featureIds' | 'postings' | 'docEntry' | 'entries' | 'entryBlocks'>;

/** A feature's postings (rows `from` to `to` of the model's: ascending phrasings, the feature's weight in each) and its weight in the question. */
interface Posting {
  feature: number;
  from: number;
  to: number;
  wq: number;
}

/** Below this many postings in all, a question's postings are simply walked. */
const PRUNE_FROM = 16384;
/** The bounds are worth it when a question's features have at most this many entry blocks per posting. */
const BLOCKS_PER_POSTING = 0.6;
/** Slack for rounding in the bounds below (scores are sums of at most a few dozen products ≤ 1). */
const BOUND_SLACK = 1e-9;

/**
 * The best entries without walking every posting (block-max pruning over the model's entry blocks),
 * exactly as the walk ranks them; undefined when the model has no entry blocks or the question's
 * features have nearly one block per posting (then the walk is as cheap).
 *
 * An entry's best cosine is at most its bound: the sum, over the question's features, of the
 * feature's weight in the question times its largest weight in the entry's phrasings (each term of
 * a phrasing's sum is at most that, and all are positive). The bounds of every entry come from the
 * entry blocks alone (one per entry and feature, not one per phrasing). The entries of the K best
 * bounds are scored exactly: their K-th best cosine θ is at most the K-th best of all, so an entry
 * whose bound is below θ cannot rank. Every entry whose bound reaches θ is then scored exactly too:
 * its phrasings' sums are added up feature by feature in the question's order, as the walk adds
 * them, so each gets the very cosine the walk gives it. Every entry at or above the K-th best is
 * among them, so the ranking of these is the walk's.
 */
function boundedEntries(model: PostingsModel, lists: readonly Posting[], total: number, k: number): [string, number, number][] | undefined {
  const blocks = model.entryBlocks;
  if (!blocks) return undefined;
  const { offsets, entries: blockEntries, max } = blocks;
  let blockCount = 0;
  for (const l of lists) blockCount += (offsets[l.feature + 1] as number) - (offsets[l.feature] as number);
  if (blockCount > BLOCKS_PER_POSTING * total) return undefined;
  const entries = model.entries.length;
  ensureEntries(entries);
  if (scratch.scores.length < model.docEntry.length) scratch.scores = new Float64Array(model.docEntry.length);
  if (scratch.bound.length < entries) {
    scratch.bound = new Float64Array(entries);
    scratch.state = new Uint8Array(entries);
    scratch.touchedEntries = new Int32Array(entries);
    scratch.picked = new Int32Array(entries);
  }
  const { bound, state, touchedEntries: touched } = scratch;
  // Each entry's bound, from its blocks.
  let touchedCount = 0;
  for (const { feature, wq } of lists) {
    const to = offsets[feature + 1] as number;
    for (let j = offsets[feature] as number; j < to; j++) {
      const e = blockEntries[j] as number;
      if (state[e] === UNSEEN) {
        state[e] = BOUNDED;
        touched[touchedCount++] = e;
      }
      bound[e] = (bound[e] as number) + wq * (max[j] as number);
    }
  }
  // With at most K entries in all, the walk ranks them (undefined).
  let result: [string, number, number][] | undefined;
  if (touchedCount > k) {
    // The entries of the K best bounds, then every other entry whose bound reaches their K-th best cosine.
    const first = kthLargest(touched, touchedCount, bound, k);
    let hitCount = scoreEntries(model, lists, blockCount, touchedCount, (e) => (bound[e] as number) >= first, 0);
    const theta = kthLargest(scratch.hit, hitCount, scratch.best, k, true);
    hitCount = scoreEntries(model, lists, blockCount, touchedCount, (e) => (bound[e] as number) >= theta - BOUND_SLACK, hitCount);
    result = ranking(model, hitCount, k);
  }
  for (let t = 0; t < touchedCount; t++) {
    const e = touched[t] as number;
    bound[e] = 0;
    state[e] = UNSEEN;
  }
  return result;
}

/** What finding an entry's block of a feature by binary search costs, in blocks passed over. */
const SEARCH_STEPS = 16;
/** An entry's state in `boundedEntries`. */
const UNSEEN = 0;
const BOUNDED = 1;
const PICKED = 2;
const SCORED = 3;

/**
 * Scores exactly the bounded entries not yet scored that `pick` accepts: their phrasings' sums are
 * added up feature by feature in the question's order (over the blocks, which are in the question's
 * order too), as the walk adds them. Each entry's best cosine goes to `scratch.best`, the entry to
 * `scratch.hit` after the first `hitCount`; returns the new count.
 */
function scoreEntries(model: PostingsModel, lists: readonly Posting[], blockCount: number, touchedCount: number, pick: (entry: number) => boolean, hitCount: number): number {
  const blocks = model.entryBlocks as FeatureEntryBlocks;
  const { state, touchedEntries: touched, picked, scores, best, hit } = scratch;
  let pickedCount = 0;
  for (let t = 0; t < touchedCount; t++) {
    const e = touched[t] as number;
    if (state[e] === BOUNDED && pick(e)) {
      state[e] = PICKED;
      picked[pickedCount++] = e;
    }
  }
  if (pickedCount === 0) return hitCount;
  const { offsets, entries: blockEntries, starts, firstDoc } = blocks;
  const { docs: listDocs, weights: listWeights } = model.postings;
  const add = (j: number, wq: number) => {
    for (let i = starts[j] as number; i < (starts[j + 1] as number); i++) {
      const doc = listDocs[i] as number;
      scores[doc] = (scores[doc] as number) + wq * (listWeights[i] as number);
    }
  };
  if (pickedCount * lists.length * SEARCH_STEPS < blockCount) {
    // A few entries: each one's block of each feature found by binary search.
    for (let p = 0; p < pickedCount; p++) {
      const e = picked[p] as number;
      for (const { feature, wq } of lists) {
        const j = indexInSorted(blockEntries, offsets[feature] as number, offsets[feature + 1] as number, e);
        if (j >= 0) add(j, wq);
      }
    }
  } else {
    // Many: one pass over the question's blocks.
    for (const { feature, wq } of lists) {
      const to = offsets[feature + 1] as number;
      for (let j = offsets[feature] as number; j < to; j++) if (state[blockEntries[j] as number] === PICKED) add(j, wq);
    }
  }
  for (let p = 0; p < pickedCount; p++) {
    const e = picked[p] as number;
    state[e] = SCORED;
    let top = 0;
    for (let d = firstDoc[e] as number; d < (firstDoc[e + 1] as number); d++) {
      if ((scores[d] as number) > top) top = scores[d] as number;
      scores[d] = 0;
    }
    if (top > 0) {
      best[e] = top;
      hit[hitCount++] = e;
    }
  }
  return hitCount;
}

/** Scratch arrays by entry of at least `entries` elements. */
function ensureEntries(entries: number): void {
  if (scratch.best.length < entries) scratch.best = new Float64Array(entries);
  if (scratch.hit.length < entries) scratch.hit = new Int32Array(entries);
}


/**
 * The k-th largest of `values[i]` over the first `count` of `items`: -Infinity when there are at
 * most k (fewer than k with `orFewer`, where k of them give their smallest).
 */
function kthLargest(items: Int32Array, count: number, values: Float64Array, k: number, orFewer = false): number {
  if (orFewer ? count < k : count <= k) return -Infinity;
  const top: number[] = []; // descending, at most k
  for (let n = 0; n < count; n++) {
    const v = values[items[n] as number] as number;
    if (top.length === k && v <= (top[k - 1] as number)) continue;
    let at = top.length < k ? top.length : k - 1;
    while (at > 0 && (top[at - 1] as number) < v) {
      if (at < k) top[at] = top[at - 1] as number;
      at--;
    }
    top[at] = v;
  }
  return top[k - 1] as number;
}

/**
 * The idf a question is weighed with. In a knowledge base of one question per entry most of a
 * shopper's words are in no phrasing; weighed as unseen (the highest idf) they drown the few the
 * question shares with the right entry ("快递到了爽肤水瓶子裂了 漏了一箱子"), so there they weigh as
 * words seen in one phrasing. Entries written with many phrasings keep the model's idf.
 */
const queryIdf = perRelease((kb): ((feature: string) => number) => {
  const model = kb.faqModel;
  const seenOnce = idfOfCount(1, model.docEntry.length);
  return oneQuestionPerEntry(kb) ? (f) => Math.min(model.idf(f), seenOnce) : model.idf;
});

/** Whether the release's knowledge base is kept as shops keep it, one question per entry (`isSparse`), once per release. */
export const oneQuestionPerEntry = perRelease((kb) => isSparse(kb.release.bundle.faq));

// Scratch buffers reused across calls (single-threaded JS): a query allocates only what it returns.
/**
 * The classifier's probability of each entry (by class position; 0 for none): over all entries for
 * the full softmax, over the question's best entries by cosine for the candidate one (as it was
 * trained; the others 0, without an array of every entry per question).
 */
function classProbabilities(model: FaqModel, q: Map<string, number>, ordered: readonly [string, number, number][]): (position: number) => number {
  const c = model.classifier;
  if (c.kind === 'softmax') {
    const all = probabilities(c.model, q);
    return (position) => all[position] ?? 0;
  }
  const positions = ordered.slice(0, CANDIDATE_CLASSES).map(([faqId]) => model.classIndex.get(faqId) ?? -1);
  const p = candidateProbabilities(c.model, q, positions);
  const byPosition = new Map<number, number>();
  positions.forEach((pos, a) => {
    if (pos >= 0) byPosition.set(pos, p[a] as number);
  });
  return (position) => byPosition.get(position) ?? 0;
}

/** Entries a question's candidate softmax runs over (the training's candidate count). */
const CANDIDATE_CLASSES = DEFAULT_CANDIDATE_OPTIONS.candidates;

const scratch = {
  scores: new Float64Array(0),
  touched: new Int32Array(0),
  best: new Float64Array(0),
  hit: new Int32Array(0),
  /** By entry in `boundedEntries`: its bound and state; the entries bounded, and those picked to be scored. */
  bound: new Float64Array(0),
  state: new Uint8Array(0),
  touchedEntries: new Int32Array(0),
  picked: new Int32Array(0),
};
