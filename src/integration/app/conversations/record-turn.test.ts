// recordTurn's one conflict policy, over SQLite: a save that finds the conversation changed runs the
// turn again on the newer state, and gives up after three runs.
import { describe, expect, it } from 'vitest';
import { concludeTurn, stateOnly } from '../../../core/conversation/conclude-turn.js';
import type { ConversationRecord } from '../../../app/ports.js';
import { recordTurn } from '../../../app/conversations/record-turn.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';
import { appHarness } from '../../../testing/app-harness.js';

async function setUp() {
  const h = await appHarness();
  const c = await startConversation(h.deps, { shopId: h.shopId });
  const deps = h.deps;
  /** A write made outside any turn: the conversation's version moves on under the turn's feet. */
  const meddle = async (seen: ConversationRecord) => {
    expect(await deps.store.conversations.saveState(seen.id, { ...seen.state, turns: seen.state.turns + 100 }, seen.version, deps.clock.now())).toBe(true);
  };
  /** A turn that counts one more turn of what it loaded. */
  const bump = (seen: ConversationRecord) =>
    concludeTurn({ conversation: seen, trigger: { kind: 'agent', messages: [], events: [] }, decision: stateOnly({ ...seen.state, turns: seen.state.turns + 1 }), now: deps.clock.now(), newId: (p) => deps.ids.next(p) });
  return { deps, c, meddle, bump };
}

describe('recording a turn', () => {
  it('runs the turn again on the newer state when the conversation changed before the save', async () => {
    const { deps, c, meddle, bump } = await setUp();
    const seen: number[] = [];
    const result = await recordTurn(deps, c.id, async (found) => {
      if (!found) throw new Error('missing');
      seen.push(found.state.turns);
      if (seen.length === 1) await meddle(found);
      return { save: bump(found), result: 'saved' };
    });
    expect(result).toBe('saved');
    expect(seen).toEqual([0, 100]);
    expect((await deps.store.conversations.get(c.id))?.state.turns).toBe(101);
  });

  it('gives up with XIAOER_CONCURRENT_UPDATE after three runs, and a run may find nothing left to do', async () => {
    const { deps, c, meddle, bump } = await setUp();
    let runs = 0;
    await expect(
      recordTurn(deps, c.id, async (found) => {
        if (!found) throw new Error('missing');
        runs++;
        await meddle(found);
        return { save: bump(found), result: 'saved' };
      }),
    ).rejects.toMatchObject({ code: 'XIAOER_CONCURRENT_UPDATE' });
    expect(runs).toBe(3);
    expect(await recordTurn(deps, c.id, async () => ({ done: 'nothing' }))).toBe('nothing');
    expect(await recordTurn(deps, 'no-such-conversation', async (found) => ({ done: found }))).toBeUndefined();
  });
});
