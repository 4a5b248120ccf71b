// The agent workspace's use cases: the queue, taking a conversation over, writing to the shopper,
// internal notes, transfers, handing back to the AI and closing. Every move of ownership goes
// through the state machine (core/conversation/ownership); an action that changes the conversation
// is a turn, concluded and saved as every turn is (recordTurn), with its domain events; every read
// and write checks the staff member's shop.
import { transition, type Ownership, type OwnershipAction } from '../../core/conversation/ownership.js';
import { remember } from '../../core/conversation/flow-turn.js';
import { calendarDay } from '../../core/understanding/understand.js';
import { searchFaq } from '../../core/knowledge/faq-search.js';
import type { DomainEvent } from '../../core/events.js';
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { ConversationRecord, MessageRecord, StaffRecord } from '../ports.js';
import type { KeyedLock } from '../conversations/keyed-lock.js';
import { recordTurn, type TurnRun } from '../conversations/record-turn.js';
import { concludeTurn, stateOnly, type ConcludedTurn } from '../../core/conversation/conclude-turn.js';
import { customerKeyOf } from '../../core/customer/turn-tags.js';

type Deps = AppDeps & { lock: KeyedLock };

/** The conversation, if it is of the staff member's shop (another shop's is "not found": no leak of existence). */
export async function conversationOfShop(deps: Pick<AppDeps, 'store'>, staff: StaffRecord, id: string): Promise<ConversationRecord> {
  return ofShop(staff, id, await deps.store.conversations.get(id));
}

function ofShop(staff: StaffRecord, id: string, c: ConversationRecord | undefined): ConversationRecord {
  if (!c || c.shopId !== staff.shopId) throw new XiaoerError('XIAOER_CONVERSATION_NOT_FOUND', `conversation ${id} does not exist`);
  return c;
}

/** An agent's action as a turn: its state, its messages and events, concluded and saved like every turn. */
function agentTurn(deps: Pick<AppDeps, 'ids'>, c: ConversationRecord, now: string, action: { state: ConversationRecord['state']; ownership?: Ownership; messages?: MessageRecord[]; events: DomainEvent[] }): ConcludedTurn {
  return concludeTurn({
    conversation: c,
    trigger: { kind: 'agent', messages: action.messages ?? [], events: action.events },
    decision: stateOnly(action.state),
    ...(action.ownership ? { ownership: action.ownership } : {}),
    now,
    newId: (prefix) => deps.ids.next(prefix),
  });
}

/** Only the owning agent (or an admin) may act on a conversation an agent owns. */
function mustOwn(staff: StaffRecord, c: ConversationRecord): void {
  if (c.ownership.owner !== 'agent' || (c.ownership.agentId !== staff.id && staff.role !== 'admin')) {
    throw new XiaoerError('XIAOER_NOT_OWNER', c.ownership.owner === 'agent' ? 'another agent owns this conversation' : `the conversation is ${c.ownership.owner}, not yours`);
  }
}

/** Moves ownership; refuses illegal moves with XIAOER_ILLEGAL_TRANSITION. */
async function move(
  deps: Deps,
  staff: StaffRecord,
  id: string,
  check: (c: ConversationRecord) => void,
  action: (c: ConversationRecord) => OwnershipAction,
  event: (c: ConversationRecord, next: Ownership) => DomainEvent | undefined,
  state?: (c: ConversationRecord) => ConversationRecord['state'],
): Promise<ConversationRecord> {
  return recordTurn(deps, id, async (found): Promise<TurnRun<ConversationRecord>> => {
    const c = ofShop(staff, id, found);
    check(c);
    const now = deps.clock.now();
    const a = action(c);
    const moved = transition(c.ownership, a, now);
    if (!moved.ok) throw new XiaoerError('XIAOER_ILLEGAL_TRANSITION', `a ${c.ownership.owner} conversation cannot be moved by ${a.kind}`);
    const e = event(c, moved.ownership);
    const nextState = state ? state(c) : c.state;
    const save = agentTurn(deps, c, now, { state: nextState, ownership: moved.ownership, events: e ? [e] : [] });
    return { save, result: { ...c, state: nextState, ownership: moved.ownership, version: c.version + 1, updatedAt: now } };
  });
}

/** The agent takes a queued conversation. */
export function claimConversation(deps: Deps, staff: StaffRecord, id: string): Promise<ConversationRecord> {
  return move(
    deps,
    staff,
    id,
    () => undefined,
    () => ({ kind: 'assign', agentId: staff.id }),
    (c) => ({ type: 'handoff.assigned', conversationId: c.id, agentId: staff.id, reason: c.ownership.reason, waitedMs: Date.parse(deps.clock.now()) - Date.parse(c.ownership.since) }),
  );
}

/** Tells the shopper a person has joined ("客服小美已接入…"); the message is the agent's. */
export async function announceAgent(deps: Pick<AppDeps, 'store' | 'clock' | 'ids'>, staff: StaffRecord, c: ConversationRecord): Promise<MessageRecord> {
  const language = (await deps.store.shops.get(c.shopId))?.language;
  const text = language === 'en' ? `${staff.displayName} has joined and will take care of you.` : `${staff.displayName}已接入，正在为您处理～`;
  const message: MessageRecord = { id: deps.ids.next('msg'), conversationId: c.id, direction: 'out', text, clientMessageId: null, replyTo: null, trace: { releaseId: c.releaseId, source: 'agent', agentId: staff.id, rule: 'agent_joined' }, createdAt: deps.clock.now() };
  // As every message to the shopper, with its event: a channel's shopper (WeCom) gets it from the outbox.
  await deps.store.transaction(async (tx) => {
    await tx.messages.insert([message]);
    await tx.outbox.append([{ id: deps.ids.next('evt'), shopId: c.shopId, conversationId: c.id, createdAt: message.createdAt, event: { type: 'agent.message_sent', conversationId: c.id, messageId: message.id, agentId: staff.id } }]);
  });
  return message;
}

/** To another agent of the shop, or back to a group's queue. */
export async function transferConversation(deps: Deps, staff: StaffRecord, id: string, to: { agentId: string } | { group: string }): Promise<ConversationRecord> {
  await conversationOfShop(deps, staff, id); // another shop's conversation is not found, whatever the target
  if ('agentId' in to) {
    const target = await deps.store.staff.get(to.agentId);
    if (!target || target.shopId !== staff.shopId) throw new XiaoerError('XIAOER_STAFF_NOT_FOUND', `no agent ${to.agentId} in this shop`);
  } else {
    const shop = await deps.store.shops.get(staff.shopId);
    const groups = shop?.bundle.shop.handoff?.groups.map((g) => g.id) ?? [];
    if (!groups.includes(to.group)) throw new XiaoerError('XIAOER_GROUP_NOT_FOUND', `no group ${to.group} in this shop (shop.yaml handoff.groups: ${groups.join(', ') || 'none'})`);
  }
  return move(
    deps,
    staff,
    id,
    (c) => mustOwn(staff, c),
    () => ('agentId' in to ? { kind: 'transfer_to_agent', agentId: to.agentId } : { kind: 'transfer_to_group', group: to.group }),
    (c, next) => ({ type: 'handoff.transferred', conversationId: c.id, fromAgentId: staff.id, toAgentId: next.agentId, group: next.group }),
  );
}

/** The AI takes over again, with everything said so far (its flow had stopped at the handoff). */
export function handBack(deps: Deps, staff: StaffRecord, id: string): Promise<ConversationRecord> {
  return move(
    deps,
    staff,
    id,
    (c) => mustOwn(staff, c),
    () => ({ kind: 'hand_back' }),
    (c) => ({ type: 'handoff.handed_back', conversationId: c.id, agentId: staff.id }),
    (c) => {
      const s = { ...c.state, consecutiveFallbacks: 0 };
      delete s.handoff;
      delete s.flow;
      return s;
    },
  );
}

/** Ends the conversation; who resolved it (the agent who owned it, or the AI) goes with the event. */
export function closeConversation(deps: Deps, staff: StaffRecord, id: string): Promise<ConversationRecord> {
  return move(
    deps,
    staff,
    id,
    (c) => {
      if (c.ownership.owner === 'agent') mustOwn(staff, c);
    },
    () => ({ kind: 'close' }),
    (c) => ({ type: 'conversation.closed', conversationId: c.id, resolvedBy: c.ownership.owner === 'agent' ? 'agent' : 'ai', agentId: c.ownership.owner === 'agent' ? c.ownership.agentId : null, closedBy: staff.id }),
  );
}

/** The agent writes to the shopper (only the owning agent); idempotent on clientMessageId. */
export async function sendAgentMessage(deps: Deps, staff: StaffRecord, id: string, text: string, clientMessageId: string): Promise<{ message: MessageRecord; first: boolean }> {
  const trimmed = text.trim();
  if (trimmed === '') throw new XiaoerError('XIAOER_EMPTY_MESSAGE', 'message text is empty');
  return recordTurn(deps, id, async (found): Promise<TurnRun<{ message: MessageRecord; first: boolean }>> => {
    const c = ofShop(staff, id, found);
    // Per agent: two agents' ids never collide (and the key stays within the column's 128 characters).
    const key = `agent:${staff.id}:${clientMessageId.slice(0, 64)}`;
    const existing = await deps.store.messages.findInbound(id, key);
    if (existing) return { done: { message: existing, first: false } };
    mustOwn(staff, c);
    const now = deps.clock.now();
    const kb = await deps.knowledge.get(c.releaseId);
    const message: MessageRecord = { id: deps.ids.next('msg'), conversationId: id, direction: 'out', text: trimmed, clientMessageId: key, replyTo: null, trace: { releaseId: c.releaseId, source: 'agent', agentId: staff.id }, createdAt: now };
    // What the agent said is context for the AI when it gets the conversation back (an order number…).
    const u = kb.understander.understand(trimmed, calendarDay(new Date(now), kb.release.bundle.shop.businessHours.timezone));
    const state = { ...c.state, memory: remember(c.state.memory, u) };
    const previous = (await deps.store.messages.list(id, 500)).some((m) => m.trace?.source === 'agent' && m.trace.agentId === staff.id && m.createdAt >= c.ownership.since);
    const events: DomainEvent[] = [{ type: 'agent.message_sent', conversationId: id, messageId: message.id, agentId: staff.id }];
    if (!previous) events.push({ type: 'agent.first_response', conversationId: id, agentId: staff.id, afterMs: Date.parse(now) - Date.parse(c.ownership.since) });
    return { save: agentTurn(deps, c, now, { state, messages: [message], events }), result: { message, first: true } };
  });
}

/** An internal note on the conversation: staff only, never sent to the shopper. */
export async function addNote(deps: Deps, staff: StaffRecord, id: string, text: string): Promise<MessageRecord> {
  const trimmed = text.trim();
  if (trimmed === '') throw new XiaoerError('XIAOER_EMPTY_MESSAGE', 'note text is empty');
  const c = await conversationOfShop(deps, staff, id);
  const note: MessageRecord = { id: deps.ids.next('msg'), conversationId: id, direction: 'note', text: trimmed, clientMessageId: null, replyTo: null, trace: { releaseId: c.releaseId, source: 'note', agentId: staff.id }, createdAt: deps.clock.now() };
  await deps.store.messages.insert([note]);
  return note;
}

/** Replies an agent may send for the shopper's last message: the knowledge base's best answers and the flows' templates. */
export async function suggestReplies(deps: Pick<AppDeps, 'store' | 'knowledge'>, staff: StaffRecord, id: string): Promise<{ id: string; kind: 'faq' | 'product' | 'template'; title: string; text: string; score: number }[]> {
  const c = await conversationOfShop(deps, staff, id);
  const kb = await deps.knowledge.get(c.releaseId);
  const last = (await deps.store.messages.list(id, 100)).filter((m) => m.direction === 'in').at(-1);
  const out: { id: string; kind: 'faq' | 'product' | 'template'; title: string; text: string; score: number }[] = [];
  if (last) {
    for (const m of searchFaq(kb, last.text, 3)) {
      const e = kb.faqById.get(m.faqId);
      if (e) out.push({ id: `faq:${e.id}`, kind: 'faq', title: e.question, text: e.answer, score: Math.round(m.confidence * 1000) / 1000 });
    }
  }
  // Templates of the flow the conversation was in, or of flows ending in a handoff, without variables to fill.
  for (const f of kb.sops.flows.values()) {
    for (const [tid, variants] of Object.entries(f.templates)) {
      const v = variants.find((x) => !x.text.includes('{{'));
      if (v && out.length < 8 && (f.id === c.state.flow?.flowId || f.steps.some((s) => s.kind === 'handoff'))) out.push({ id: `template:${f.id}/${tid}`, kind: 'template', title: `${f.name.zh ?? f.name.en ?? f.id} · ${tid}`, text: v.text, score: 0 });
    }
  }
  return out;
}

/** A conversation as the workspace lists it: who the customer is and the last thing said. */
export async function workspaceSummary(deps: Pick<AppDeps, 'store' | 'orders'>, c: ConversationRecord): Promise<{
  id: string;
  customerKey: string;
  customerName: string | null;
  /** The channel the shopper writes through: 'web' (the widget, REST), 'wecom' (微信客服), 'webhook'… */
  channel: string;
  owner: Ownership['owner'];
  agentId: string | null;
  group: string | null;
  reason: string | null;
  priority: number;
  since: string;
  updatedAt: string;
  lastMessage: { text: string; author: 'shopper' | 'ai' | 'agent'; createdAt: string } | null;
}> {
  const customerKey = customerKeyOf(c);
  const customer = c.customerId ? await deps.orders.getCustomer(c.shopId, c.customerId) : undefined;
  const last = (await deps.store.messages.list(c.id, 20)).filter((m) => m.direction !== 'note').at(-1);
  return {
    id: c.id,
    customerKey,
    customerName: customer?.name ?? c.state.authenticated?.name ?? null,
    channel: c.channel || 'web',
    owner: c.ownership.owner,
    agentId: c.ownership.agentId,
    group: c.ownership.group,
    reason: c.ownership.reason,
    priority: c.ownership.priority,
    since: c.ownership.since,
    updatedAt: c.updatedAt,
    lastMessage: last ? { text: last.text, author: last.direction === 'in' ? 'shopper' : last.trace?.source === 'agent' ? 'agent' : 'ai', createdAt: last.createdAt } : null,
  };
}

/**
 * Gives queued conversations of a shop with `handoff.auto_assign` to online agents: highest
 * priority and longest wait first, each to the agent of its group (any agent when it has none) with
 * the fewest conversations below their capacity (their own, else the shop's). Returns the conversations
 * assigned, each with the "agent joined" message the shopper gets.
 */
export async function autoAssign(deps: Deps, shopId: string, online: ReadonlySet<string>): Promise<{ conversation: ConversationRecord; joined: MessageRecord }[]> {
  const settings = (await deps.store.shops.get(shopId))?.bundle.shop.handoff;
  if (!settings?.auto_assign || online.size === 0) return [];
  const agents = (await deps.store.staff.list(shopId)).filter((s) => online.has(s.id));
  const load = new Map<string, number>();
  for (const a of agents) load.set(a.id, (await deps.store.conversations.listByOwner(shopId, 'agent', a.id)).length);
  const assigned: { conversation: ConversationRecord; joined: MessageRecord }[] = [];
  for (const c of await deps.store.conversations.listByOwner(shopId, 'queued')) {
    const pick = agents
      .filter((a) => (load.get(a.id) ?? 0) < (a.capacity ?? settings.agent_capacity) && (c.ownership.group === null || a.groups.includes(c.ownership.group)))
      .sort((x, y) => (load.get(x.id) ?? 0) - (load.get(y.id) ?? 0) || x.username.localeCompare(y.username))[0];
    if (!pick) continue;
    try {
      const taken = await claimConversation(deps, pick, c.id);
      assigned.push({ conversation: taken, joined: await announceAgent(deps, pick, taken) });
      load.set(pick.id, (load.get(pick.id) ?? 0) + 1);
    } catch (err) {
      // Claimed by hand meanwhile: nothing to do.
      if (!(err instanceof XiaoerError)) throw err;
    }
  }
  return assigned;
}
