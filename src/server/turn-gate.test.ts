import { describe, expect, it } from 'vitest';
import { createTurnGate } from './turn-gate.js';

/** A task that finishes when told to. */
function held<T>(value: T) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return { task: async () => (await gate, value), release };
}

describe('turn gate', () => {
  it('runs at most `capacity` turns at once and starts the next as one ends', async () => {
    const gate = createTurnGate(2);
    const [a, b, c] = [held('a'), held('b'), held('c')];
    const ta = gate.submit('s1', a.task);
    const tb = gate.submit('s1', b.task);
    const tc = gate.submit('s1', c.task);
    expect([ta.started(), tb.started(), tc.started()]).toEqual([true, true, false]);
    expect([gate.inFlight(), gate.depth(), tc.position()]).toEqual([2, 1, 1]);
    a.release();
    expect(await ta.result).toBe('a');
    expect(tc.started()).toBe(true);
    b.release();
    c.release();
    expect(await Promise.all([tb.result, tc.result])).toEqual(['b', 'c']);
    await gate.idle();
    expect([gate.inFlight(), gate.depth()]).toEqual([0, 0]);
  });

  it('serves shops in turn: a shop with a long line does not starve another', async () => {
    const gate = createTurnGate(1);
    const order: string[] = [];
    const blocker = held('x');
    gate.submit('busy', blocker.task);
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(gate.submit('busy', async () => void order.push(`busy${i}`)));
    tickets.push(gate.submit('quiet', async () => void order.push('quiet0')));
    tickets.push(gate.submit('quiet', async () => void order.push('quiet1')));
    expect(tickets[4]?.position()).toBe(5);
    blocker.release();
    await Promise.all(tickets.map((t) => t.result));
    expect(order).toEqual(['busy0', 'quiet0', 'busy1', 'quiet1', 'busy2', 'busy3', 'busy4']);
  });

  it('passes a failed turn on and keeps going; refuses new turns once closed but finishes the ones in line', async () => {
    const gate = createTurnGate(1);
    const a = held('a');
    const ta = gate.submit('s', a.task);
    const tb = gate.submit('s', async () => Promise.reject(new Error('boom')));
    const tc = gate.submit('s', async () => 'c');
    gate.close();
    expect(() => gate.submit('s', async () => 'late')).toThrow(expect.objectContaining({ code: 'XIAOER_DRAINING' }));
    const idle = gate.idle();
    a.release();
    await expect(tb.result).rejects.toThrow('boom');
    expect(await Promise.all([ta.result, tc.result])).toEqual(['a', 'c']);
    await idle;
  });
});
