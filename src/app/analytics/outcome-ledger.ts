// The outcome ledger: each conversation episode folded once from its transcript and stored, folded
// again only when the conversation changed since. Reports read the rows, and transcript retention
// folds a conversation before its words are erased, so the figures outlive the transcripts.
import { foldEpisode, type Episode, type EpisodeMessage } from '../../core/analytics/episode.js';
import type { ConversationFacts, MessageRecord, OutcomeSource } from '../ports.js';

/** The episodes of the shop's conversations started in [from, to): stored rows, refolded where stale. */
export async function ledgerEpisodes(deps: { outcomes: OutcomeSource }, shopId: string, from: string, to: string): Promise<Episode[]> {
  const entries = await deps.outcomes.entries(shopId, from, to);
  const stale = entries.filter((e) => e.stored?.foldedAt !== e.updatedAt).map((e) => e.id);
  const fresh = new Map((await foldConversations(deps, stale)).map((e) => [e.conversationId, e]));
  return entries.flatMap((e) => {
    const episode = fresh.get(e.id) ?? e.stored?.episode;
    // A rating does not change the conversation, so it is read live rather than folded.
    return episode ? [{ ...episode, rating: e.rating }] : [];
  });
}

/** Folds these conversations from their transcripts and stores the episodes; returns them. */
export async function foldConversations(deps: { outcomes: OutcomeSource }, conversationIds: readonly string[]): Promise<Episode[]> {
  if (conversationIds.length === 0) return [];
  const facts = await deps.outcomes.facts(conversationIds);
  const rows = facts.map((f) => ({ shopId: f.shopId, episode: episodeOf(f), foldedAt: f.updatedAt }));
  await deps.outcomes.saveEpisodes(rows);
  return rows.map((r) => r.episode);
}

/**
 * Before a transcript's words are erased (retention, a customer's erasure): folds the conversations
 * while their words are there; `keep` stores the episodes, without the shopper's words (the gaps),
 * as of the erasure's time, so the erased transcript is never folded again.
 */
export async function foldBeforeErasing(deps: { outcomes?: OutcomeSource }, conversationIds: readonly string[]): Promise<{ keep(erasedAt: string): Promise<void> }> {
  const outcomes = deps.outcomes;
  if (!outcomes || conversationIds.length === 0) return { keep: async () => {} };
  const facts = await outcomes.facts(conversationIds);
  const episodes = facts.map((f) => ({ shopId: f.shopId, episode: { ...episodeOf(f), gaps: [] } }));
  return { keep: (erasedAt) => outcomes.saveEpisodes(episodes.map((e) => ({ ...e, foldedAt: erasedAt }))) };
}

function episodeOf(c: ConversationFacts): Episode {
  return foldEpisode({ conversationId: c.id, customerId: c.customerId, startedAt: c.createdAt, messages: c.messages.map(episodeMessage), handoffReasons: c.handoffReasons, rating: c.rating });
}

function episodeMessage(m: MessageRecord): EpisodeMessage {
  const t = m.trace;
  const products = t?.productIds ?? (t?.productId ? [t.productId] : []);
  return {
    id: m.id,
    direction: m.direction,
    at: m.createdAt,
    source: t?.source ?? null,
    replyTo: m.replyTo,
    ...(t?.rule ? { rule: t.rule } : {}),
    ...(t?.flow ? { flow: { id: t.flow.id, step: t.flow.step } } : {}),
    ...(products.length ? { productIds: products } : {}),
    ...(t?.experiments ? { experiments: t.experiments } : {}),
    ...(t?.understanding ? { intent: t.understanding.intent } : {}),
    ...(m.direction === 'in' ? { text: m.text } : {}),
  };
}
