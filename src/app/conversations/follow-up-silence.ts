// Following up shoppers who went silent: a conversation whose flow has waited for the shopper's
// answer at least as long as one of its shop's customer_silent flows asks gets that flow's message
// (once per silence), and the waiting flow asks its question again. Run periodically by the server.
import { decideSilence, mayFollowUp } from '../../core/conversation/flow-turn.js';
import type { AppDeps } from '../deps.js';
import type { ConversationRecord, MessageRecord } from '../ports.js';
import type { KeyedLock } from './keyed-lock.js';
import { recordTurn, type TurnRun } from './record-turn.js';
import { proactiveTurn } from './proactive-turn.js';
import { turnContext } from './turn-context.js';
import { commerceOf } from '../commerce/commerce-drivers.js';

/** Conversations silent for longer than this are not followed up any more. */
const MAX_SILENCE_MS = 24 * 3_600_000;
/** Conversations read per page, and follow-ups sent per run at most. */
const BATCH = 500;

/** The follow-up replies sent, by conversation (for pushing them to connected shoppers). */
export interface FollowUp {
  shopId: string;
  conversationId: string;
  replies: MessageRecord[];
}

/**
 * Follows up every conversation whose shopper has been silent long enough; returns what was sent.
 * Pages through the day's idle conversations (most have no flow waiting, and a busy shop has more
 * than a page of them: reading only the oldest page never reached the newly silent), and sends at
 * most `batch` follow-ups per run; the next run picks up the rest.
 */
export async function followUpSilentConversations(deps: AppDeps & { lock: KeyedLock }, batch = BATCH): Promise<FollowUp[]> {
  if (!(batch >= 1)) throw new RangeError('batch must be at least 1'); // a page of 0 would never end
  const now = deps.clock.now();
  const nowMs = Date.parse(now);
  const from = new Date(nowMs - MAX_SILENCE_MS).toISOString();
  // No silent flow waits less than a minute; the exact minutes are the flow's, checked below.
  const to = new Date(nowMs - 60_000).toISOString();
  const sent: FollowUp[] = [];
  let after: ConversationRecord | undefined;
  for (;;) {
    const page = await deps.store.conversations.listIdle(from, to, batch, after);
    for (const candidate of page) {
      // Cheap checks first: most idle conversations have nothing to follow up.
      if (!mayFollowUp(candidate.state)) continue;
      if (sent.length >= batch) return sent;
      const replies = await recordTurn(deps, candidate.id, async (conversation): Promise<TurnRun<MessageRecord[]>> => {
        if (!conversation || conversation.version !== candidate.version) return { done: [] }; // the shopper wrote meanwhile
        const kb = await deps.knowledge.get(conversation.releaseId);
        const idleMinutes = (nowMs - Date.parse(conversation.updatedAt)) / 60_000;
        const ctx = await turnContext(deps, commerceOf(deps.commerce, kb.release.bundle.shop), conversation.shopId, conversation.customerId, conversation.state.authenticated);
        const first = decideSilence(conversation.state, idleMinutes, kb, ctx);
        if (!first) return { done: [] };
        const followUpId = `${conversation.id}:silence:${conversation.state.turns}`;
        const save = await proactiveTurn(deps, conversation, kb, first, ctx, { id: followUpId, source: 'customer_silent', replyTo: null });
        return { save, result: save.messages };
      });
      if (replies.length) sent.push({ shopId: candidate.shopId, conversationId: candidate.id, replies });
    }
    if (page.length < batch) return sent;
    after = page[page.length - 1];
  }
}
