import { describe, expect, it } from 'vitest';
import { calendarDay } from './understand.js';

describe('calendarDay', () => {
  it("gives the day in the shop's time zone, the same on every call", () => {
    const at = new Date('2026-11-25T17:30:00Z'); // Thursday 01:30 in Shanghai, Wednesday in New York
    for (let i = 0; i < 3; i++) {
      expect(calendarDay(at, 'Asia/Shanghai')).toEqual({ year: 2026, month: 11, day: 26, weekday: 4 });
      expect(calendarDay(at, 'America/New_York')).toEqual({ year: 2026, month: 11, day: 25, weekday: 3 });
    }
  });

  it('reads an unknown time zone as UTC instead of throwing', () => {
    expect(calendarDay(new Date('2026-11-25T23:59:00Z'), 'Mars/Olympus')).toEqual({ year: 2026, month: 11, day: 25, weekday: 3 });
  });
});
