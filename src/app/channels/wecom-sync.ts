// WeCom 微信客服 in: a callback says "something new behind this sync token"; pull every message after
// the shop's stored cursor, answer each shopper text through the same turn pipeline as the web, and
// store the cursor only once the whole batch was handled. The answers go back from the outbox
// (deliver-channel-events.ts), so a node stopping after a turn was saved still sends it. A replayed
// callback, a crash before the cursor was stored or a second node syncing the same batch re-reads
// messages; each is stored once under `wecom:<msgid>`, so a repeat is answered from storage and its
// answer not queued again. A shopper opening the chat (enter_session) gets the shop's greeting
// through send_msg_on_event, whose code is good once for 20 seconds, so it is sent at once.
import { XiaoerError, type ErrorCode } from '../errors.js';
import type { AppDeps } from '../deps.js';
import type { ChannelInbound, MessageRecord, WecomApi, WecomInbound } from '../ports.js';
import type { KeyedLock } from '../conversations/keyed-lock.js';
import type { HandledMessage } from '../conversations/handle-inbound-message.js';
import { receiveChannelMessage } from './receive-channel-message.js';
import { conversationOnChannel } from './channel-conversation.js';

/** The channel name conversations and cursors are stored under. */
export const WECOM_CHANNEL = 'wecom';
/** sync_msg's origin for a message the shopper wrote, and for one a WeCom servicer wrote. */
const CUSTOMER_ORIGIN = 3;
const SERVICER_ORIGIN = 5;
/** Pulls in one sync at most (each up to 20 pages of 1,000): past it, the next callback goes on from the stored cursor. */
const MAX_BATCHES = 50;
/** A message with these can never be answered: it is skipped rather than block the cursor for ever. */
const UNANSWERABLE: ReadonlySet<ErrorCode> = new Set(['XIAOER_EMPTY_MESSAGE', 'XIAOER_MESSAGE_TOO_LARGE', 'XIAOER_CLIENT_MESSAGE_ID_REUSED']);

/** What one sync did, for the log. */
export interface WecomSyncReport {
  /** Shopper texts answered now (their answers queued for sending). */
  answered: number;
  /** Greetings sent to shoppers who opened the chat. */
  welcomed: number;
  /** Shopper texts handled before (a replayed batch): not sent again. */
  duplicates: number;
  /** What WeCom servicers wrote (shops whose agents work in WeCom), copied into the transcript. */
  servicerTexts: number;
  /** Messages that are not shopper or servicer texts (events, images), and texts that cannot be answered. */
  skipped: number;
  /** msgids of enter_session events whose greeting could not be sent, and why. */
  sendFailures: { msgId: string; reason: string }[];
  /** The cursor stored at the end; undefined when nothing was pulled yet. */
  cursor: string | undefined;
}

/**
 * The ports a sync uses: the app's, the per-conversation lock turns take, the shop's WeCom account,
 * and `syncLock`, this process's own lock serialising a shop's syncs. It must not be the conversation
 * lock: on PostgreSQL that holds a pool connection for the whole sync while every message's turn takes
 * another, so as many shops syncing at once as the pool is large would wait on each other for ever.
 * Across nodes a message is still answered once: turns of a conversation are serialised there, and a
 * message id already answered is a duplicate.
 */
export type WecomSyncDeps = AppDeps & {
  lock: KeyedLock;
  syncLock: KeyedLock;
  wecom: WecomApi;
  onTurn?: (handled: HandledMessage) => Promise<void>;
  /** A WeCom servicer's words, copied into the transcript (for the workspace to show). */
  onServicerText?: (shopId: string, message: MessageRecord) => void;
};

/**
 * Pulls and answers what is new for a shop's 微信客服 account, serialised per shop on this node
 * (`syncLock`, key `wecom:<shop>`). Throws when a pull or storing fails: the cursor then stays where it was and the
 * next callback fetches the same messages again.
 */
export function syncWecom(deps: WecomSyncDeps, shopId: string, callbackToken: string | undefined): Promise<WecomSyncReport> {
  return deps.syncLock.run(`wecom:${shopId}`, async () => {
    const report: WecomSyncReport = { answered: 0, welcomed: 0, servicerTexts: 0, duplicates: 0, skipped: 0, sendFailures: [], cursor: await deps.store.channelCursors.get(shopId, WECOM_CHANNEL) };
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const pulled = await deps.wecom.syncMessages(callbackToken, report.cursor);
      if (!pulled.ok) throw new Error(`WeCom sync_msg failed for shop ${shopId}: ${pulled.reason}`);
      for (const m of pulled.messages) await handleOne(deps, shopId, m, report);
      if (pulled.nextCursor && pulled.nextCursor !== report.cursor) {
        await deps.store.channelCursors.put(shopId, WECOM_CHANNEL, pulled.nextCursor, deps.clock.now());
        report.cursor = pulled.nextCursor;
      }
      if (!pulled.hasMore) break;
    }
    return report;
  });
}

/** Answers one pulled message when it is a shopper's text, greets one who opened the chat; anything else is counted as skipped. */
async function handleOne(deps: WecomSyncDeps, shopId: string, m: WecomInbound, report: WecomSyncReport): Promise<void> {
  if (m.event?.type === 'enter_session' && m.event.welcomeCode && m.externalUserId) {
    const c = await conversationOnChannel(deps, shopId, WECOM_CHANNEL, m.externalUserId);
    // Once per event: a re-read batch finds the note this leaves and sends nothing.
    const key = `wecom:${m.msgId}`;
    if (await deps.store.messages.findInbound(c.id, key)) {
      report.duplicates++;
      return;
    }
    const conversation = await deps.store.conversations.get(c.id);
    const text = c.greeting?.text ?? (await deps.store.shops.get(shopId))?.bundle.shop.greeting;
    if (!text || !conversation) return;
    const sent = await deps.wecom.sendWelcome(m.event.welcomeCode, text);
    if (sent.status === 'ok') report.welcomed++;
    else report.sendFailures.push({ msgId: m.msgId, reason: sent.status === 'failure' ? sent.reason : sent.status });
    await deps.store.messages.insertInbound({
      id: deps.ids.next('msg'),
      conversationId: c.id,
      direction: 'note',
      text: sent.status === 'ok' ? '企业微信：已发送欢迎语' : `企业微信：欢迎语未发送（${sent.status === 'failure' ? sent.reason : sent.status}）`,
      clientMessageId: key,
      replyTo: null,
      trace: { releaseId: conversation.releaseId, source: 'note', rule: 'wecom_welcome' },
      createdAt: deps.clock.now(),
    });
    return;
  }
  if (m.origin === SERVICER_ORIGIN && m.msgType === 'text' && m.text?.trim() && m.externalUserId) {
    await copyServicerText(deps, shopId, m as WecomInbound & { text: string; externalUserId: string }, report);
    return;
  }
  const inbound = wecomInbound(shopId, m);
  if (!inbound) {
    report.skipped++;
    return;
  }
  let received;
  try {
    received = await receiveChannelMessage(deps, inbound);
  } catch (e) {
    if (e instanceof XiaoerError && UNANSWERABLE.has(e.code)) {
      report.skipped++;
      return;
    }
    throw e;
  }
  if (received.kind !== 'handled') {
    report.skipped++;
    return;
  }
  if (received.handled.duplicate) report.duplicates++;
  else {
    report.answered++;
    // The workspace sees it as it sees a web turn (a failure to push is the pusher's to log).
    await deps.onTurn?.(received.handled).catch(() => undefined);
  }
}

/** WeCom's media message types, as the channel-neutral media kinds. */
const WECOM_MEDIA: Readonly<Record<string, string>> = { image: 'image', voice: 'voice', video: 'video', file: 'file' };

/** A shopper's message pulled from WeCom (origin 3) as every channel's; undefined for anything else (events, servicers). */
export function wecomInbound(shopId: string, m: WecomInbound): ChannelInbound | undefined {
  if (m.origin !== CUSTOMER_ORIGIN || !m.externalUserId) return undefined;
  const base = { shopId, channel: WECOM_CHANNEL, channelUser: m.externalUserId, messageId: m.msgId };
  if (m.msgType === 'text' && m.text !== undefined) return { ...base, text: m.text };
  const media = WECOM_MEDIA[m.msgType];
  return media ? { ...base, media: { kind: media } } : undefined;
}

/**
 * What a WeCom servicer wrote in WeCom's own app goes into the shopper's transcript as an agent's
 * message (once per msgid), so the workspace and the record show the whole conversation. It has no
 * outbox event: it was sent by WeCom, and must not be sent again.
 */
async function copyServicerText(deps: WecomSyncDeps, shopId: string, m: WecomInbound & { text: string; externalUserId: string }, report: WecomSyncReport): Promise<void> {
  const found = await deps.store.conversations.findByChannelUser(shopId, WECOM_CHANNEL, m.externalUserId);
  if (!found) {
    report.skipped++;
    return;
  }
  const at = m.sendTime ? new Date(m.sendTime * 1000).toISOString() : deps.clock.now();
  const message: MessageRecord = {
    id: deps.ids.next('msg'),
    conversationId: found.id,
    direction: 'out',
    text: m.text.slice(0, 8000),
    clientMessageId: `wecom:${m.msgId}`,
    replyTo: null,
    trace: { releaseId: found.releaseId, source: 'agent', agentId: `wecom:${m.servicerUserId ?? 'unknown'}`, rule: 'wecom_servicer' },
    createdAt: at < found.createdAt ? found.createdAt : at,
  };
  if (await deps.store.messages.insertInbound(message)) {
    report.servicerTexts++;
    deps.onServicerText?.(shopId, message);
  } else report.duplicates++;
}
