// One shopper message, end to end: persist it first (idempotent on the client's id), decide and
// settle the turn, conclude it, and save it with recordTurn (state, replies and events in one transaction).
import { calendarDay } from '../../core/understanding/understand.js';
import { findProductId, type KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import { decide, listenOnly } from '../../core/conversation/decide.js';
import { applyHandoff, handoffSettings, queueMessage, type HandoffDecision } from '../../core/conversation/handoff.js';
import { AI_OWNED, aiMaySpeak, type Ownership } from '../../core/conversation/ownership.js';
import type { Decision } from '../../core/conversation/decision.js';
import type { TurnContext } from '../../core/conversation/flow-turn.js';
import { concludeTurn, type ConcludedTurn } from '../../core/conversation/conclude-turn.js';
import { settleTurn } from './settle-turn.js';
import { consultModel } from '../llm/consult-model.js';
import { XiaoerError } from '../errors.js';
import type { AppDeps } from '../deps.js';
import type { Commerce, ConversationRecord, MessageRecord } from '../ports.js';
import type { KeyedLock } from './keyed-lock.js';
import { outboxEvent, turnContext } from './turn-context.js';
import { recordTurn, type TurnRun } from './record-turn.js';
import { commerceOf } from '../commerce/commerce-drivers.js';
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

/** Handles one inbound message; serialised per conversation by `lock`, saved by `recordTurn`. */
export async function handleInboundMessage(deps: AppDeps & { lock: KeyedLock }, input: InboundMessage): Promise<HandledMessage> {
  const text = checkMessageText(input.text, deps.maxMessageBytes);
  // Stored, and who the shopper is looked up, on the first run; a run again after a conflict reuses them.
  let message: MessageRecord | undefined;
  let ctx: TurnContext | undefined;
  return recordTurn(deps, input.conversationId, async (conversation): Promise<TurnRun<HandledMessage>> => {
    if (!conversation) throw new XiaoerError('XIAOER_CONVERSATION_NOT_FOUND', `conversation ${input.conversationId} does not exist`);
    const shopId = conversation.shopId;
    if (!message) {
      const stored = await storeInbound(deps, conversation, input.clientMessageId, text);
      if (!stored.inserted) {
        const replies = await deps.store.messages.listReplies(stored.message.id);
        // Replies exist: a plain resend. None: the earlier attempt stopped after saving the message.
        if (replies.length > 0) return { done: { shopId, message: stored.message, replies, duplicate: true, ownership: conversation.ownership, ownershipChanged: false } };
      }
      message = stored.message;
    }
    const kb = await deps.knowledge.get(conversation.releaseId);
    const commerce = commerceOf(deps.commerce, kb.release.bundle.shop);
    ctx ??= await turnContext(deps, commerce, shopId, conversation.customerId, conversation.state.authenticated);
    const turn = await answer(deps, { conversation, kb, commerce }, message, text, input.pageProductId, ctx);
    const ownership = turn.ownership ?? conversation.ownership;
    return { save: turn, result: { shopId, message, replies: turn.messages, duplicate: false, ownership, ownershipChanged: turn.ownership !== undefined } };
  });
}

/** The turn a shopper's message makes: decided, settled with its tools, handed off by the shop's rules, concluded. */
async function answer(deps: AppDeps, on: { conversation: ConversationRecord; kb: KnowledgeBase; commerce: Commerce }, message: MessageRecord, text: string, pageId: string | undefined, ctx: TurnContext): Promise<ConcludedTurn> {
  const { conversation, kb } = on;
  const now = deps.clock.now();
  const today = calendarDay(new Date(now), kb.release.bundle.shop.businessHours.timezone);
  // The page's product id in any case; an unknown one is passed on as is (decide ignores it).
  const pageProductId = pageId ? (findProductId(kb, pageId) ?? pageId) : undefined;
  const turnInput = { text, today, ...(pageProductId ? { pageProductId } : {}) };
  const scope = { conversationId: conversation.id, shopId: conversation.shopId, customerId: conversation.customerId, messageId: message.id, now };
  // A closed conversation the shopper writes to again is the AI's again, from a clean slate.
  const reopened = conversation.ownership.owner === 'closed';
  const before = reopened ? AI_OWNED(now) : conversation.ownership;
  const state = { ...conversation.state };
  if (reopened) delete state.handoff;
  let decision: Decision;
  let ownership = before;
  let handoff: HandoffDecision | undefined;
  if (aiMaySpeak(before)) {
    const offline = decide(state, turnInput, kb, ctx);
    // When the offline outcome is unsure and the shop has a model, it may propose better (core code decides).
    const first = await consultModel(deps.llm, { shopId: conversation.shopId, kb, state, text, today, ctx, offline, now });
    const settled = await settleTurn(on.commerce, scope, kb, first, ctx);
    // What is at stake: the price of the product being discussed.
    const focus = settled.state.focusProductId ? kb.productsById.get(settled.state.focusProductId) : undefined;
    const valueMinor = focus ? Math.max(...focus.variants.map((v) => v.priceMinor)) : 0;
    ({ decision, ownership, handoff } = applyHandoff(handoffSettings(kb.release.bundle.shop), settled, text, ctx, before, now, valueMinor));
    if (handoff?.open) decision = await withQueuePosition(deps, conversation.shopId, conversation.id, ownership, decision, kb.release.bundle.shop.language);
  } else {
    // A person owns the conversation: the AI says nothing, but still understands (tags, preferences).
    decision = listenOnly(state, turnInput, kb);
  }
  return concludeTurn({
    conversation,
    trigger: { kind: 'message', messageId: message.id, text },
    decision,
    ownership,
    ...(handoff ? { handoff } : {}),
    ...(kb.release.bundle.tags ? { taxonomy: kb.release.bundle.tags } : {}),
    ...(ctx.customer?.preferences ? { profile: ctx.customer.preferences } : {}),
    now,
    newId: (prefix) => deps.ids.next(prefix),
  });
}

/** Tells a shopper who was just queued where they are in the line and how long the wait is. */
export async function withQueuePosition(deps: AppDeps, shopId: string, conversationId: string, mine: Ownership, d: Decision, language: 'zh-CN' | 'en'): Promise<Decision> {
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
