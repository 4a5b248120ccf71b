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

/** Answers up to `limit` unanswered messages, oldest first; returns the turns taken and how many failed. */
export async function answerUnansweredMessages(deps: AppDeps & { lock: KeyedLock }, limit = 200): Promise<{ answered: HandledMessage[]; failed: number }> {
  const nowMs = Date.parse(deps.clock.now());
  const from = new Date(nowMs - MAX_AGE_MS).toISOString();
  const to = new Date(nowMs - GRACE_MS).toISOString();
  const answered: HandledMessage[] = [];
  let failed = 0;
  for (const m of await deps.store.messages.listUnansweredInbound(from, to, limit)) {
    if (m.clientMessageId === null) continue;
    try {
      const r = await handleInboundMessage(deps, { conversationId: m.conversationId, text: m.text, clientMessageId: m.clientMessageId });
      if (!r.duplicate) answered.push(r);
    } catch {
      failed++; // tried again at the next sweep, until it is too old
    }
  }
  return { answered, failed };
}
