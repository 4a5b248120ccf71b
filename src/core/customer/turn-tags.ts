// The tags a settled turn gives the customer: the shop's tags.yaml rules over what the turn
// understood and the flow steps it ran, plus the tags of flow `tag` steps. Stored with their
// evidence in the turn's transaction, and announced as one customer.tagged event.
import type { Decision } from '../conversation/decision.js';
import type { ConversationState } from '../conversation/state.js';
import { flowTagHits, matchTagRules, strongestPerTag, type TagHit, type TagTaxonomy } from './tags.js';
import type { CustomerTagRecord } from '../conversation/records.js';

/** Who holds a conversation's tags: the signed-in or authenticated customer, else the visitor of this conversation. */
export function customerKeyOf(conversation: { id: string; customerId: string | null; state: ConversationState }): string {
  return conversation.customerId ?? conversation.state.authenticated?.customerId ?? `visitor:${conversation.id}`;
}

/** The tag records a turn sets. */
export function turnTags(
  taxonomy: TagTaxonomy | undefined,
  decision: Decision,
  text: string,
  at: { shopId: string; customerKey: string; conversationId: string; messageId: string; now: string },
): CustomerTagRecord[] {
  const hits: TagHit[] = [];
  const u = decision.understanding;
  if (taxonomy && u) {
    const steps = decision.replies.flatMap((r) => (r.trace.flow ? [`${r.trace.flow.id}/${r.trace.flow.step}`] : []));
    hits.push(...matchTagRules(taxonomy, { understanding: u, text, steps }));
  }
  for (const e of decision.effects) if (e.kind === 'tag') hits.push(...flowTagHits(taxonomy, e.tags, e.step));
  return strongestPerTag(hits).map((h) => ({
    shopId: at.shopId,
    customerKey: at.customerKey,
    tag: h.tag,
    group: h.group,
    confidence: h.confidence,
    rule: h.rule,
    conversationId: at.conversationId,
    messageId: at.messageId,
    setAt: at.now,
    expiresAt: h.expiresDays ? new Date(Date.parse(at.now) + h.expiresDays * 86_400_000).toISOString() : null,
  }));
}
