// The records a turn writes: its messages, the customer's tags and preferences it set, and its
// domain events as outbox rows. Plain data, built by the core (conclude-turn.ts) and stored by
// the app through its ports (app/ports.ts re-exports them under the same names).
import type { DomainEvent } from '../events.js';
import type { ReplyTrace } from './trace.js';

/** A message in or out of a conversation. */
export interface MessageRecord {
  id: string;
  conversationId: string;
  /** in: the shopper's; out: the AI's or an agent's (trace.source agent); note: internal, never shown to the shopper. */
  direction: 'in' | 'out' | 'note';
  text: string;
  /** The sender's id for an inbound message: resending it is idempotent. */
  clientMessageId: string | null;
  /** For a reply, the inbound message it answers. */
  replyTo: string | null;
  trace: ReplyTrace | null;
  createdAt: string;
}

/** A domain event as stored in the outbox. */
export interface OutboxEvent {
  id: string;
  shopId: string;
  conversationId: string | null;
  event: DomainEvent;
  createdAt: string;
}

/** A tag a customer holds, with its evidence: which rule set it, from which message, when. */
export interface CustomerTagRecord {
  shopId: string;
  /** The customer id, or `visitor:<conversation id>` for a shopper not signed in. */
  customerKey: string;
  tag: string;
  group: string;
  confidence: number;
  /** The tags.yaml rule id, or `sop:<flow>/<step>`. */
  rule: string;
  conversationId: string;
  messageId: string;
  setAt: string;
  expiresAt: string | null;
}

/** A preference of a customer with its provenance: learned from a message or a flow answer, or edited. */
export interface CustomerPreferenceRecord {
  shopId: string;
  customerKey: string;
  name: string;
  value: string;
  confidence: number;
  source: 'message' | 'flow' | 'edit';
  conversationId: string | null;
  messageId: string | null;
  setAt: string;
}
