import { describe, expect, it } from 'vitest';
import { runEvery } from './periodic.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('background jobs', () => {
  it('never run twice at once; stopping waits for the run in progress; a failure is reported and the next run comes', async () => {
    let inside = 0;
    let overlapped = false;
    let runs = 0;
    const errors: unknown[] = [];
    const p = runEvery(
      5,
      async () => {
        runs++;
        if (++inside > 1) overlapped = true;
        await pause(30);
        inside--;
        if (runs === 1) throw new Error('first fails');
      },
      (err) => errors.push(err),
      { immediately: true },
    );
    expect(runs).toBe(1); // at once
    await pause(100);
    await p.stop();
    expect(inside).toBe(0);
    expect(overlapped).toBe(false);
    expect(runs).toBeGreaterThan(1);
    expect(errors).toHaveLength(1);
    const after = runs;
    await pause(30);
    expect(runs).toBe(after);
  });

  it('never run with a period of 0', async () => {
    let runs = 0;
    const p = runEvery(0, async () => void runs++, () => {}, { immediately: true });
    await pause(20);
    await p.stop();
    expect(runs).toBe(0);
  });
});
