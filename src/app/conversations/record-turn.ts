// The one way a turn is saved, whatever started it (a shopper's message, a message Xiaoer starts
// itself, an agent's action): under the conversation's lock, load, run, and save what the turn
// concluded (core/conversation/conclude-turn.ts) in one transaction under the version check.
import type { ConcludedTurn } from '../../core/conversation/conclude-turn.js';
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { ConversationRecord } from '../ports.js';
import type { KeyedLock } from './keyed-lock.js';

/** What a turn's run returns: the records to save and its result once they are saved, or a result with nothing to save. */
export type TurnRun<T> = { save: ConcludedTurn; result: T } | { done: T };

/** Runs of one turn at most, the first included. */
const MAX_RUNS = 3;

/**
 * Runs `turn` on the conversation as stored (undefined when there is none) under the
 * conversation's lock (in process, and on PostgreSQL across nodes), and saves what it concluded.
 *
 * The conflict policy of every turn: a save whose version check fails means the conversation
 * changed without this lock (a write made outside a turn, a node whose lock was lost), so the
 * conversation is loaded again and the turn run again on the newer state, which may also find that
 * nothing is left to do (`done`); after three runs XIAOER_CONCURRENT_UPDATE is thrown. A run must
 * therefore be safe to repeat: tool writes are keyed by the turn's idempotency key, and what it
 * stored before concluding (an inbound message) is found again, not stored twice.
 * The lock is taken here: a caller must not hold it (the in-process lock is not reentrant).
 */
export async function recordTurn<T>(deps: Pick<AppDeps, 'store'> & { lock: KeyedLock }, conversationId: string, turn: (conversation: ConversationRecord | undefined) => Promise<TurnRun<T>>): Promise<T> {
  return deps.lock.run(conversationId, async () => {
    for (let run = 1; ; run++) {
      const conversation = await deps.store.conversations.get(conversationId);
      const r = await turn(conversation);
      if ('done' in r) return r.done;
      if (!conversation || r.save.conversationId !== conversationId) throw new Error(`a turn of ${conversationId} concluded for another conversation`);
      if (await save(deps, conversation.version, r.save)) return r.result;
      if (run >= MAX_RUNS) throw new XiaoerError('XIAOER_CONCURRENT_UPDATE', 'the conversation kept changing; try again');
    }
  });
}

/** Saves a concluded turn if the conversation is still at `version`; returns whether it did. */
async function save(deps: Pick<AppDeps, 'store'>, version: number, t: ConcludedTurn): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    if (!(await tx.conversations.saveState(t.conversationId, t.state, version, t.at))) return false;
    if (t.ownership) await tx.conversations.setOwnership(t.conversationId, t.ownership);
    await tx.messages.insert(t.messages);
    await tx.customers.upsertTags(t.tags);
    await tx.customers.upsertPreferences(t.preferences);
    await tx.outbox.append(t.events);
    return true;
  });
}
