// Domain events as Segment-spec messages (identify / track) for the shop's CDP: what a customer
// is (tags as traits) and what happened (conversations, handoffs, actions). Pure.
import type { DomainEvent } from '../events.js';

/** A Segment-spec message. `messageId` is the event id: the same on every retry, for de-duplication. */
export type SegmentMessage =
  | { type: 'identify'; messageId: string; timestamp: string; userId?: string; anonymousId?: string; traits: Record<string, unknown>; context: Record<string, unknown> }
  | { type: 'track'; messageId: string; timestamp: string; userId?: string; anonymousId?: string; event: string; properties: Record<string, unknown>; context: Record<string, unknown> }
  | { type: 'alias'; messageId: string; timestamp: string; userId: string; previousId: string; context: Record<string, unknown> };

/** The event types streamed to CDP sinks. */
export const CDP_EVENT_TYPES: readonly DomainEvent['type'][] = ['conversation.started', 'customer.tagged', 'customer.preferences_learned', 'customer.identified', 'customer.erased', 'intent.identified', 'handoff.requested', 'handoff.assigned', 'handoff.handed_back', 'agent.first_response', 'conversation.closed', 'tool.called'];

/** Who a message is about: a known customer (userId) or a visitor (anonymousId). */
function who(customerKey: string): { userId: string } | { anonymousId: string } {
  return customerKey.startsWith('visitor:') ? { anonymousId: customerKey } : { userId: customerKey };
}

/** The Segment message for an event, or undefined for events not streamed. */
export function segmentMessage(e: DomainEvent, eventId: string, createdAt: string, shopId: string, customerKey: string): SegmentMessage | undefined {
  const base = { messageId: eventId, timestamp: createdAt, ...who(customerKey), context: { library: { name: 'xiaoer' }, shopId, conversationId: e.conversationId } };
  switch (e.type) {
    case 'customer.tagged':
      return { type: 'identify', ...base, traits: { tags: e.tags, tagEvidence: e.evidence } };
    case 'customer.preferences_learned':
      // Traits named preference_<name> ("preference_size": "L"), with where each came from.
      return { type: 'identify', ...base, traits: { ...Object.fromEntries(e.preferences.map((p) => [`preference_${p.name}`, p.value])), preferenceEvidence: e.preferences } };
    case 'intent.identified':
      return { type: 'track', ...base, event: 'Intent Identified', properties: { intent: e.intent, confidence: e.confidence, messageId: e.messageId } };
    case 'customer.identified':
      return { type: 'alias', messageId: eventId, timestamp: createdAt, userId: e.customerId, previousId: e.previousKey, context: base.context };
    case 'conversation.started':
      return { type: 'track', ...base, event: 'Conversation Started', properties: { releaseId: e.releaseId } };
    case 'customer.erased':
      return { type: 'track', ...base, event: 'Customer Erased', properties: { conversations: e.conversations } };
    case 'handoff.requested':
      return { type: 'track', ...base, event: 'Handoff Requested', properties: { reason: e.reason, messageId: e.messageId } };
    case 'handoff.assigned':
      return { type: 'track', ...base, event: 'Handoff Assigned', properties: { agentId: e.agentId, reason: e.reason, waitedMs: e.waitedMs } };
    case 'handoff.handed_back':
      return { type: 'track', ...base, event: 'Handed Back To AI', properties: { agentId: e.agentId } };
    case 'agent.first_response':
      return { type: 'track', ...base, event: 'Agent First Response', properties: { agentId: e.agentId, afterMs: e.afterMs } };
    case 'conversation.closed':
      return { type: 'track', ...base, event: 'Conversation Closed', properties: { resolvedBy: e.resolvedBy, agentId: e.agentId } };
    case 'tool.called':
      return { type: 'track', ...base, event: 'Tool Called', properties: { tool: e.tool, messageId: e.messageId } };
    default:
      return undefined;
  }
}

/** Retries: 2 s doubling to at most 30 minutes between attempts, for at least 4 hours, then dead-letter. */
export const RETRY_FOR_MS = 4 * 3_600_000;
export function nextRetryDelayMs(attempts: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}
