// Domain events: the one contract for UIs, analytics and CDP sinks. Written to the outbox in the
// same transaction as the change they describe.

/** Every event the system records, discriminated by `type`. */
export type DomainEvent =
  | { type: 'conversation.started'; conversationId: string; shopId: string; releaseId: string; customerId: string | null }
  | { type: 'message.received'; conversationId: string; messageId: string }
  | { type: 'reply.sent'; conversationId: string; messageId: string; replyTo: string; source: string }
  | { type: 'fallback.used'; conversationId: string; messageId: string; consecutive: number }
  | { type: 'tool.called'; conversationId: string; messageId: string; tool: string }
  /** The conversation went to the queue: why, for which agent group, and whether agents were working (else it waits as a ticket). */
  | { type: 'handoff.requested'; conversationId: string; messageId: string; reason: string; group?: string | null; open?: boolean }
  /** An agent took a queued conversation, after it waited `waitedMs`. */
  | { type: 'handoff.assigned'; conversationId: string; agentId: string; reason: string | null; waitedMs: number }
  | { type: 'handoff.transferred'; conversationId: string; fromAgentId: string; toAgentId: string | null; group: string | null }
  /** The agent gave the conversation back to the AI. */
  | { type: 'handoff.handed_back'; conversationId: string; agentId: string }
  | { type: 'agent.message_sent'; conversationId: string; messageId: string; agentId: string }
  /** The agent's first message after taking the conversation, `afterMs` after they took it. */
  | { type: 'agent.first_response'; conversationId: string; agentId: string; afterMs: number }
  /** The conversation ended; resolvedBy says whether a person or the AI saw it through. */
  | { type: 'conversation.closed'; conversationId: string; resolvedBy: 'ai' | 'agent'; agentId: string | null; closedBy: string }
  /** A customer's personal data was erased on request (PIPL): sinks should erase theirs. */
  | { type: 'customer.erased'; conversationId: null; customerKey: string; conversations: number }
  /** The shopper of a conversation proved to be this customer; what the visitor had (tags) is theirs now. */
  | { type: 'customer.identified'; conversationId: string; customerId: string; previousKey: string }
  /** `customerKey` holds the tags (the customer id, or visitor:<conversation id>); `evidence` says which rule set each, from which message. */
  | { type: 'customer.tagged'; conversationId: string; customerId: string | null; customerKey: string; tags: string[]; evidence: { tag: string; rule: string; confidence: number; messageId: string }[] }
  /** Preferences the shopper revealed (size, skin type…), newest value per name; `messageId` null when someone edited them. */
  | { type: 'customer.preferences_learned'; conversationId: string | null; customerKey: string; preferences: { name: string; value: string; confidence: number; source: string; messageId: string | null }[] }
  /** The shopper rated the conversation (CSAT, 1–5), once. */
  | { type: 'conversation.rated'; conversationId: string; score: number }
  /** What a shopper's message was understood to want (the shop's intent, never out_of_scope). */
  | { type: 'intent.identified'; conversationId: string; messageId: string; intent: string; confidence: number };

/** The names of all event types. */
export type DomainEventType = DomainEvent['type'];
