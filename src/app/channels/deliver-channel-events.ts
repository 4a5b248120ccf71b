// Channels out: what Xiaoer and the shop's agents say in a conversation that came through a channel
// (WeCom 微信客服, the signed webhook) goes back through it from the outbox, like the CDP stream:
// written in the same transaction as the message, delivered at least once and in order per
// conversation, retried with back-off when the channel fails, so a node stopping between a turn's
// save and its send loses nothing. Handoffs go the same way (a channel may move its own session).
// Chat goes stale: an event is never sent once it is CHANNEL_MAX_AGE_MS old (nor enqueued, so an
// upgrade does not send the history). A message that cannot be delivered, because the channel
// says it never can be (WeCom's 48-hour / 5-message window is over) or because it went stale,
// is dead; the workspace gets a note saying so, and a conversation the AI held after the shopper
// wrote goes to the agents' queue. A change of who serves the shopper that the channel refuses is
// dropped without holding back the messages after it.
import { numberedOptions, outboundMessage, type OutboundMessage } from '../../core/channels/outbound.js';
import { transition } from '../../core/conversation/ownership.js';
import type { DomainEvent } from '../../core/events.js';
import type { AppDeps } from '../deps.js';
import type { CdpDelivery, Channel, ChannelItem, MessageRecord } from '../ports.js';
import { deliverPending, type AttemptOutcome } from '../outbox/deliver-pending.js';
import { recordTurn, type TurnRun } from '../conversations/record-turn.js';
import type { KeyedLock } from '../conversations/keyed-lock.js';

/** The events a channel carries: messages to the shopper and changes of who serves them. */
export const CHANNEL_EVENT_TYPES: readonly DomainEvent['type'][] = ['reply.sent', 'agent.message_sent', 'handoff.requested', 'handoff.assigned', 'handoff.handed_back', 'conversation.closed'];

/** An event older than this is not sent any more (its delivery is dead, a message's noted in the workspace). */
export const CHANNEL_MAX_AGE_MS = 15 * 60_000;
/** Retries stop by age first; this only bounds a delivery enqueued late. */
const RETRY_FOR_MS = CHANNEL_MAX_AGE_MS + 60_000;
/** Events enqueued per channel per pass. */
const ENQUEUE_BATCH = 1000;

/** The outbox sink a channel's deliveries are stored under ("/" is in no shop id, so no CDP sink id is one). */
export const channelSink = (channel: string) => `channel/${channel}`;

type Deps = AppDeps & { lock: KeyedLock };

/**
 * One pass over each channel: enqueue its conversations' new events, then deliver what is due.
 * `mayGoOn` is asked as the pass goes (the node still holds the delivery lease).
 */
export async function deliverChannelEvents(
  deps: Deps,
  channels: readonly Channel[],
  mayGoOn: () => Promise<boolean> = async () => true,
  /** Told of each note written for words that did not reach the shopper (the workspace shows it live). */
  onUndelivered: (u: Undelivered) => void = () => undefined,
): Promise<{ delivered: number; failed: number }> {
  const totals = { delivered: 0, failed: 0 };
  for (const channel of channels) {
    if (!(await mayGoOn())) break;
    const sink = channelSink(channel.name);
    await deps.store.outbox.enqueueChannelDeliveries(sink, channel.name, CHANNEL_EVENT_TYPES, deps.clock.now(), ENQUEUE_BATCH, CHANNEL_MAX_AGE_MS);
    await deliverPending(deps, sink, RETRY_FOR_MS, (d) => attempt(deps, channel, d, onUndelivered), totals, mayGoOn);
  }
  return totals;
}

/** What an event asks the channel to carry; undefined when nothing (a message since erased, an agent's note). */
async function itemOf(deps: Deps, event: DomainEvent, productUrl: string | undefined, releaseId: string, eventId: string): Promise<ChannelItem | undefined> {
  switch (event.type) {
    case 'reply.sent':
    case 'agent.message_sent': {
      const m = await deps.store.messages.get(event.messageId);
      if (!m || m.direction !== 'out' || m.text.trim() === '') return undefined;
      // A turn's replies go as one message (WeCom allows 5 per shopper message): the first carries them all.
      const turn = event.type === 'reply.sent' && m.replyTo ? (await deps.store.messages.listReplies(m.replyTo)).filter((r) => r.direction === 'out' && r.text.trim() !== '') : [m];
      if (turn.length > 1 && turn[0]?.id !== m.id) return undefined;
      const kb = await deps.knowledge.get(releaseId);
      const parts = (turn.length ? turn : [m]).map((r) => outboundMessage(r, (id) => kb.productsById.get(id), productUrl));
      return { kind: 'message', message: mergeMessages(parts) };
    }
    case 'handoff.requested':
      return { kind: 'service', change: 'queued', eventId };
    case 'handoff.assigned':
      return { kind: 'service', change: 'agent', eventId };
    case 'handoff.handed_back':
      return { kind: 'service', change: 'ai', eventId };
    case 'conversation.closed':
      return { kind: 'service', change: 'closed', eventId };
    default:
      return undefined;
  }
}

/** One message of several (a turn's replies): texts one after another, their cards once each. */
function mergeMessages(parts: OutboundMessage[]): OutboundMessage {
  const [first, ...rest] = parts;
  if (!first || rest.length === 0) return first as OutboundMessage;
  const text = parts.map((p) => p.text).join('\n\n');
  const products = parts.flatMap((p) => p.products).filter((c, i, all) => all.findIndex((x) => x.id === c.id) === i);
  return { ...first, text, quickReplies: numberedOptions(text), products };
}

/** A note written in the workspace for words that did not reach the shopper, and whether it queued the conversation. */
export interface Undelivered {
  shopId: string;
  conversationId: string;
  note: MessageRecord;
  queued: boolean;
}

async function attempt(deps: Deps, channel: Channel, d: CdpDelivery, onUndelivered: (u: Undelivered) => void): Promise<AttemptOutcome> {
  const conversationId = d.event.conversationId;
  const conversation = conversationId ? await deps.store.conversations.get(conversationId) : undefined;
  if (!conversation?.channelUser) return { ok: true }; // erased, or not a channel's shopper: nothing to carry
  const shop = await deps.store.shops.get(conversation.shopId);
  const settings = shop?.bundle.shop;
  const item = await itemOf(deps, d.event.event, settings?.channels?.product_url, conversation.releaseId, d.eventId);
  if (!item) return { ok: true };
  const dead = async (reason: string): Promise<AttemptOutcome> => {
    if (item.kind === 'message') {
      const u = await undeliverable(deps, conversation.id, channel.name, item.message, reason, d.event.event.type === 'reply.sent' && d.event.event.replyTo !== null);
      if (u) onUndelivered({ shopId: conversation.shopId, conversationId: conversation.id, ...u });
    }
    return { ok: false, error: reason, final: true };
  };
  if (Date.parse(deps.clock.now()) - Date.parse(d.event.createdAt) >= CHANNEL_MAX_AGE_MS) return dead('expired');
  const outlet = await channel.outlet(conversation.shopId);
  if (!outlet) return { ok: false, error: `${channel.name} is not set up for shop ${conversation.shopId} on this node` };
  const r = await outlet.deliver({ shopId: conversation.shopId, conversationId: conversation.id, channelUser: conversation.channelUser, language: shop?.language ?? 'zh-CN' }, item);
  if (r.status === 'ok') return { ok: true };
  if (r.status === 'retry') return { ok: false, error: r.reason };
  return dead(r.reason);
}

/**
 * Notes words that could not reach the shopper in the workspace; when they answered the shopper
 * (`answering`, not a follow-up Xiaoer started) and the AI held the conversation, it goes to the
 * agents' queue.
 */
async function undeliverable(deps: Deps, conversationId: string, channel: string, message: OutboundMessage, reason: string, answering: boolean): Promise<{ note: MessageRecord; queued: boolean } | undefined> {
  return recordTurn(deps, conversationId, async (c): Promise<TurnRun<{ note: MessageRecord; queued: boolean } | undefined>> => {
    if (!c) return { done: undefined };
    const now = deps.clock.now();
    const note: MessageRecord = {
      id: deps.ids.next('msg'),
      conversationId,
      direction: 'note',
      text: `未送达（${channel}: ${reason}）：${message.text}`,
      clientMessageId: null,
      replyTo: null,
      trace: { releaseId: c.releaseId, source: 'note', rule: `channel_${reason}` },
      createdAt: now,
    };
    const moved = answering && c.ownership.owner === 'ai' ? transition(c.ownership, { kind: 'request', reason: `channel_${reason}`, group: null, priority: 0 }, now) : undefined;
    const ownership = moved?.ok ? moved.ownership : undefined;
    const events: DomainEvent[] = ownership ? [{ type: 'handoff.requested', conversationId, messageId: note.id, reason: `channel_${reason}`, group: null, open: true }] : [];
    return {
      save: { conversationId, state: c.state, ...(ownership ? { ownership } : {}), messages: [note], tags: [], preferences: [], events: events.map((event) => ({ id: deps.ids.next('evt'), shopId: c.shopId, conversationId, createdAt: now, event })), at: now },
      result: { note, queued: ownership !== undefined },
    };
  });
}
