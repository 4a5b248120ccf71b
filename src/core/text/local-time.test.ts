import { describe, expect, it } from 'vitest';
import { localTimeToIso } from './local-time.js';

describe('local wall-clock times', () => {
  it('reads a seller centre time in the shop’s zone', () => {
    expect(localTimeToIso('2026-12-01 10:00:00', 'Asia/Shanghai')).toBe('2026-12-01T02:00:00.000Z');
    expect(localTimeToIso('2026-12-01 10:00', 'Asia/Shanghai')).toBe('2026-12-01T02:00:00.000Z');
    expect(localTimeToIso('2026-07-01 10:00:00', 'America/New_York')).toBe('2026-07-01T14:00:00.000Z');
    expect(localTimeToIso('2026-12-01 10:00:00', 'America/New_York')).toBe('2026-12-01T15:00:00.000Z');
  });

  it('refuses what is not a real local time', () => {
    expect(['2026-02-30 10:00:00', '2026-12-01 24:00:00', '2026-12-01', 'yesterday', '2026-12-01T10:00:00Z'].map((t) => localTimeToIso(t, 'Asia/Shanghai'))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
