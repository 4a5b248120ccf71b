// Messages a node acknowledged but never answered (it stopped with them in line, or its turn
// failed) are answered by whichever node runs the sweep: each goes through the same turn as a
// resend of it would, under the conversation's lock, so a message answered meanwhile is not
// answered twice.
import type { AppDeps } from '../deps.js';
import type { KeyedLock } from './keyed-lock.js';
import { handleInboundMessage, type HandledMessage } from './handle-inbound-message.js';

/** Messages younger than this may still be in some node's line: left to it. */
const GRACE_MS = 30_000;
/** Older messages are not answered any more: the shopper has left. */
const MAX_AGE_MS = 3_600_000;

/**
 * Answers up to `limit` unanswered messages, oldest first, of those stored since `since` (at most an
 * hour back); returns the turns taken, how many failed, and `checkedUntil`: where the next sweep
 * may start, since every message before it is answered or too old. Without it each sweep would
 * read back the last hour of messages: 0.6 s of PostgreSQL for 300,000 of them (measured), every
 * sweep, at a peak. A message whose turn failed holds `checkedUntil` back, so it is tried again.
 */
export async function answerUnansweredMessages(deps: AppDeps & { lock: KeyedLock }, options: { since?: string; limit?: number } = {}): Promise<{ answered: HandledMessage[]; failed: number; checkedUntil: string }> {
  const limit = options.limit ?? 200;
  const nowMs = Date.parse(deps.clock.now());
  const oldest = new Date(nowMs - MAX_AGE_MS).toISOString();
  const from = options.since !== undefined && options.since > oldest ? options.since : oldest;
  const to = new Date(nowMs - GRACE_MS).toISOString();
  const answered: HandledMessage[] = [];
  let failed = 0;
  let firstFailed: string | undefined;
  const page = await deps.store.messages.listUnansweredInbound(from, to, limit);
  for (const m of page) {
    if (m.clientMessageId === null) continue;
    try {
      const r = await handleInboundMessage(deps, { conversationId: m.conversationId, text: m.text, clientMessageId: m.clientMessageId });
      if (!r.duplicate) answered.push(r);
    } catch {
      failed++; // tried again at the next sweep, until it is too old
      firstFailed ??= m.createdAt;
    }
  }
  // A full page: the rest is after its last message. Messages stored at that same instant are read again (and found answered).
  const read = page.length < limit ? to : (page[page.length - 1]?.createdAt ?? to);
  return { answered, failed, checkedUntil: firstFailed !== undefined && firstFailed < read ? firstFailed : read };
}
