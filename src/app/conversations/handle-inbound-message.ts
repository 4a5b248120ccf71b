// One shopper message, end to end: persist it first (idempotent on the client's id), decide,
// then save state, replies and events in one transaction.
import { calendarDay } from '../../core/understanding/understand.js';
import { findProductId } from '../../core/knowledge/knowledge-base.js';
import { decide, listenOnly } from '../../core/conversation/decide.js';
import { applyHandoff, handoffSettings, queueMessage, type HandoffDecision } from '../../core/conversation/handoff.js';
import { AI_OWNED, aiMaySpeak, type Ownership } from '../../core/conversation/ownership.js';
import type { Decision } from '../../core/conversation/decision.js';
import type { TurnContext } from '../../core/conversation/flow-turn.js';
import { settleTurn, type TurnScope } from './settle-turn.js';
import { XiaoerError } from '../errors.js';
import type { AppDeps } from '../deps.js';
import type { ConversationRecord, MessageRecord, OutboxEvent } from '../ports.js';
import type { KeyedLock } from './keyed-lock.js';
import { outboxEvent, replyRecords, turnContext } from './turn-context.js';
import { customerKeyOf, turnTags } from '../../core/customer/turn-tags.js';
import { preferencesEvent, turnPreferences } from '../../core/customer/turn-preferences.js';
import { OUT_OF_SCOPE } from '../../core/understanding/intent-classifier.js';
import { cleanEdgeText, isBlankText } from '../../core/text/edge-text.js';

/** An inbound message as a channel delivers it. */
export interface InboundMessage {
  conversationId: string;
  text: string;
  clientMessageId: string;
  pageProductId?: string;
}

/** The stored message and the replies to it; `duplicate` when this was a resend. */
export interface HandledMessage {
  shopId: string;
  message: MessageRecord;
  replies: MessageRecord[];
  duplicate: boolean;
  /** Who owns the conversation after the message, and whether this message changed it (a handoff). */
  ownership: Ownership;
  ownershipChanged: boolean;
}

const MAX_ATTEMPTS = 3;

/**
 * Checks the text against the edge rules shared by every channel and returns it as it is stored:
 * cleaned (cleanEdgeText: the same on every store, so a resend compares equal) and trimmed.
 */
export function checkMessageText(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new XiaoerError('XIAOER_MESSAGE_TOO_LARGE', `message text is larger than ${maxBytes} bytes`);
  }
  const cleaned = cleanEdgeText(text);
  if (isBlankText(cleaned)) throw new XiaoerError('XIAOER_EMPTY_MESSAGE', 'message text is empty');
  return cleaned.trim();
}

/**
 * Stores a shopper message idempotently on its clientMessageId (with its message.received event),
 * before anything is computed; `inserted` is false when it was stored already. The same id with
 * other text is refused (XIAOER_CLIENT_MESSAGE_ID_REUSED).
 */
async function storeInbound(deps: AppDeps, conversation: Pick<ConversationRecord, 'id' | 'shopId'>, clientMessageId: string, text: string): Promise<{ message: MessageRecord; inserted: boolean }> {
  const conversationId = conversation.id;
  // The common case is a new message: insert it first and only look at what was stored before
  // when the insert finds it there already.
  const fresh: MessageRecord = { id: deps.ids.next('msg'), conversationId, direction: 'in', text, clientMessageId, replyTo: null, trace: null, createdAt: deps.clock.now() };
  const inserted = await deps.store.transaction(async (tx) => {
    if (!(await tx.messages.insertInbound(fresh))) return false;
    await tx.outbox.append([outboxEvent(deps, conversation.shopId, fresh.createdAt, { type: 'message.received', conversationId, messageId: fresh.id })]);
    return true;
  });
  if (inserted) return { message: fresh, inserted };
  const existing = await deps.store.messages.findInbound(conversationId, clientMessageId);
  if (!existing) throw new XiaoerError('XIAOER_CONCURRENT_UPDATE', 'the same message is being handled by another request');
  if (existing.text !== text) throw new XiaoerError('XIAOER_CLIENT_MESSAGE_ID_REUSED', `clientMessageId ${clientMessageId} was already used for a different message`);
  return { message: existing, inserted: false };
}

/**
 * Accepts a message without answering it yet (the node is at capacity): it is stored, so it is
 * acknowledged and never lost, and `handleInboundMessage` answers it when its turn comes (or the
 * unanswered-message sweep does, should this node stop first).
 */
export async function acceptInboundMessage(deps: AppDeps, input: InboundMessage): Promise<{ shopId: string; message: MessageRecord }> {
  const text = checkMessageText(input.text, deps.maxMessageBytes);
  const found = await deps.store.conversations.get(input.conversationId);
  if (!found) throw new XiaoerError('XIAOER_CONVERSATION_NOT_FOUND', `conversation ${input.conversationId} does not exist`);
  return { shopId: found.shopId, message: (await storeInbound(deps, found, input.clientMessageId, text)).message };
}

/** Handles one inbound message; serialised per conversation by `lock`. */
export async function handleInboundMessage(deps: AppDeps & { lock: KeyedLock }, input: InboundMessage): Promise<HandledMessage> {
  const text = checkMessageText(input.text, deps.maxMessageBytes);
  return deps.lock.run(input.conversationId, async () => {
    const found = await deps.store.conversations.get(input.conversationId);
    if (!found) throw new XiaoerError('XIAOER_CONVERSATION_NOT_FOUND', `conversation ${input.conversationId} does not exist`);
    const shopId = found.shopId;
    let current = found;
    const stored = await storeInbound(deps, found, input.clientMessageId, text);
    const message = stored.message;
    if (!stored.inserted) {
      const replies = await deps.store.messages.listReplies(message.id);
      // Replies exist: a plain resend. None: the earlier attempt stopped after saving the message.
      if (replies.length > 0) return { shopId, message, replies, duplicate: true, ownership: found.ownership, ownershipChanged: false };
    }

    // Who the shopper is does not change between attempts: look it up once.
    const ctx = await turnContext(deps, found.shopId, found.customerId, found.state.authenticated);
    for (let attempt = 1; ; attempt++) {
      const conversation = current;
      const kb = await deps.knowledge.get(conversation.releaseId);
      const now = deps.clock.now();
      const today = calendarDay(new Date(now), kb.release.bundle.shop.businessHours.timezone);
      // The page's product id in any case; an unknown one is passed on as is (decide ignores it).
      const pageProductId = input.pageProductId ? (findProductId(kb, input.pageProductId) ?? input.pageProductId) : undefined;
      const turnInput = { text, today, ...(pageProductId ? { pageProductId } : {}) };
      const scope = { conversationId: conversation.id, shopId: conversation.shopId, customerId: conversation.customerId, messageId: message.id };
      // A closed conversation the shopper writes to again is the AI's again, from a clean slate.
      const reopened = conversation.ownership.owner === 'closed';
      const before = reopened ? AI_OWNED(now) : conversation.ownership;
      const state = { ...conversation.state };
      if (reopened) delete state.handoff;
      let decision: Decision;
      let ownership = before;
      let handoff: HandoffDecision | undefined;
      if (aiMaySpeak(before)) {
        const settled = await settleTurn(deps, scope, kb, decide(state, turnInput, kb, ctx), ctx);
        // What is at stake: the price of the product being discussed.
        const focus = settled.state.focusProductId ? kb.productsById.get(settled.state.focusProductId) : undefined;
        const valueMinor = focus ? Math.max(...focus.variants.map((v) => v.priceMinor)) : 0;
        ({ decision, ownership, handoff } = applyHandoff(handoffSettings(kb.release.bundle.shop), settled, text, ctx, before, now, valueMinor));
        if (handoff?.open) decision = await withQueuePosition(deps, conversation.shopId, conversation.id, ownership, decision, kb.release.bundle.shop.language);
      } else {
        // A person owns the conversation: the AI says nothing, but still understands (tags, preferences).
        decision = listenOnly(state, turnInput, kb);
      }
      const replies = replyRecords(deps, conversation.id, decision, message.id, now);
      const events: OutboxEvent[] = replies.map((r) =>
        outboxEvent(deps, conversation.shopId, now, { type: 'reply.sent', conversationId: conversation.id, messageId: r.id, replyTo: message.id, source: r.trace?.source ?? 'unknown' }),
      );
      if (decision.replies.some((r) => r.trace.source === 'fallback')) {
        events.push(outboxEvent(deps, conversation.shopId, now, { type: 'fallback.used', conversationId: conversation.id, messageId: message.id, consecutive: decision.state.consecutiveFallbacks }));
      }
      events.push(...effectEvents(deps, scope, decision, now));
      if (handoff) events.push(outboxEvent(deps, conversation.shopId, now, { type: 'handoff.requested', conversationId: conversation.id, messageId: message.id, reason: handoff.reason, group: handoff.group, open: handoff.open }));
      const customerKey = customerKeyOf({ id: conversation.id, customerId: conversation.customerId, state: decision.state });
      const tags = turnTags(kb.release.bundle.tags, decision, text, { shopId: conversation.shopId, customerKey, conversationId: conversation.id, messageId: message.id, now });
      if (tags.length) {
        events.push(
          outboxEvent(deps, conversation.shopId, now, { type: 'customer.tagged', conversationId: conversation.id, customerId: conversation.customerId, customerKey, tags: tags.map((t) => t.tag), evidence: tags.map((t) => ({ tag: t.tag, rule: t.rule, confidence: t.confidence, messageId: t.messageId })) }),
        );
      }
      const u = decision.understanding;
      if (u?.intent && u.intent !== OUT_OF_SCOPE) events.push(outboxEvent(deps, conversation.shopId, now, { type: 'intent.identified', conversationId: conversation.id, messageId: message.id, intent: u.intent, confidence: u.confidence }));
      const preferences = turnPreferences(state, decision, ctx.customer?.preferences, { shopId: conversation.shopId, customerKey, conversationId: conversation.id, messageId: message.id, now });
      if (preferences.length) events.push(outboxEvent(deps, conversation.shopId, now, preferencesEvent(conversation.id, customerKey, preferences)));
      const saved = await deps.store.transaction(async (tx) => {
        if (!(await tx.conversations.saveState(conversation.id, decision.state, conversation.version, now))) return false;
        if (ownership !== conversation.ownership) await tx.conversations.setOwnership(conversation.id, ownership);
        await tx.messages.insert(replies);
        await tx.customers.upsertTags(tags);
        await tx.customers.upsertPreferences(preferences);
        await tx.outbox.append(events);
        return true;
      });
      if (saved) return { shopId, message, replies, duplicate: false, ownership, ownershipChanged: ownership !== conversation.ownership };
      // Another node moved the conversation on meanwhile: decide again on the newer state.
      if (attempt >= MAX_ATTEMPTS) throw new XiaoerError('XIAOER_CONCURRENT_UPDATE', 'the conversation kept changing; try again');
      const reread = await deps.store.conversations.get(input.conversationId);
      if (!reread) throw new XiaoerError('XIAOER_CONVERSATION_NOT_FOUND', `conversation ${input.conversationId} does not exist`);
      current = reread;
    }
  });
}

/** The events of a settled turn's tool calls. */
function effectEvents(deps: AppDeps, scope: TurnScope, d: Decision, now: string): OutboxEvent[] {
  return d.calls.map((c) => outboxEvent(deps, scope.shopId, now, { type: 'tool.called', conversationId: scope.conversationId, messageId: scope.messageId, tool: c.tool }));
}

/** Tells a shopper who was just queued where they are in the line and how long the wait is. */
async function withQueuePosition(deps: AppDeps, shopId: string, conversationId: string, mine: Ownership, d: Decision, language: 'zh-CN' | 'en'): Promise<Decision> {
  const queue = await deps.store.conversations.listByOwner(shopId, 'queued');
  const ahead = queue.filter((c) => c.id !== conversationId && (c.ownership.priority > mine.priority || (c.ownership.priority === mine.priority && c.ownership.since <= mine.since))).length;
  // After the handoff's own words, before any question for details.
  const at = d.replies.findLastIndex((r) => !r.trace.rule?.startsWith('collect:'));
  const target = d.replies[at];
  if (!target) return d;
  const replies = [...d.replies];
  replies[at] = { ...target, text: `${target.text}${language === 'en' ? ' ' : ''}${queueMessage(language, ahead + 1)}` };
  return { ...d, replies };
}
