// The ownership state machine: every legal move, and every illegal one refused.
import { describe, expect, it } from 'vitest';
import { AI_OWNED, aiMaySpeak, transition, type Ownership, type OwnershipAction } from './ownership.js';

const T = '2026-11-25T02:00:00.000Z';
const ACTIONS: OwnershipAction[] = [
  { kind: 'request', reason: 'angry', group: 'after-sale', priority: 1 },
  { kind: 'assign', agentId: 'a1' },
  { kind: 'transfer_to_agent', agentId: 'a2' },
  { kind: 'transfer_to_group', group: 'vip' },
  { kind: 'hand_back' },
  { kind: 'close' },
  { kind: 'reopen' },
];
const at = (owner: Ownership['owner']): Ownership => ({ owner, agentId: owner === 'agent' ? 'a1' : null, group: 'after-sale', reason: owner === 'ai' ? null : 'angry', priority: 1, since: T });

describe('conversation ownership', () => {
  it('allows exactly ai → queued → agent → ai | closed, transfers and reopening, and refuses the rest', () => {
    const allowed: Record<string, string[]> = {};
    for (const owner of ['ai', 'queued', 'agent', 'closed'] as const) {
      allowed[owner] = ACTIONS.filter((a) => transition(at(owner), a, T).ok).map((a) => a.kind);
    }
    expect(allowed).toEqual({
      ai: ['request', 'close'],
      queued: ['assign', 'transfer_to_group', 'close'],
      agent: ['transfer_to_agent', 'transfer_to_group', 'hand_back', 'close'],
      closed: ['reopen'],
    });
    expect(transition(at('ai'), { kind: 'assign', agentId: 'a1' }, T)).toEqual({ ok: false, from: 'ai', action: 'assign' });
    // Transferring to the agent who already owns it is no move.
    expect(transition(at('agent'), { kind: 'transfer_to_agent', agentId: 'a1' }, T).ok).toBe(false);
  });

  it('keeps the reason and priority through the queue, and forgets them when the AI has it back', () => {
    const queued = transition(AI_OWNED(T), { kind: 'request', reason: 'vip', group: 'vip', priority: 2 }, '2026-11-25T02:01:00.000Z');
    if (!queued.ok) throw new Error('request refused');
    expect(queued.ownership).toEqual({ owner: 'queued', agentId: null, group: 'vip', reason: 'vip', priority: 2, since: '2026-11-25T02:01:00.000Z' });
    const taken = transition(queued.ownership, { kind: 'assign', agentId: 'a9' }, '2026-11-25T02:02:00.000Z');
    if (!taken.ok) throw new Error('assign refused');
    expect(taken.ownership).toMatchObject({ owner: 'agent', agentId: 'a9', reason: 'vip', priority: 2 });
    expect(aiMaySpeak(queued.ownership)).toBe(true);
    expect(aiMaySpeak(taken.ownership)).toBe(false);
    const back = transition(taken.ownership, { kind: 'hand_back' }, '2026-11-25T02:03:00.000Z');
    expect(back.ok && back.ownership).toEqual(AI_OWNED('2026-11-25T02:03:00.000Z'));
  });
});
