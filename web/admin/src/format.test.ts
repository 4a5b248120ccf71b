import { describe, expect, it } from 'vitest';
import { daysOf, interval, isDay, mean, percent, points, seconds, yuan } from './format.js';

describe('console number formats', () => {
  it('writes rates as percentages with one decimal, rounding half up', () => {
    expect(percent(0.4375)).toBe('43.8%');
    expect(percent(0.3125)).toBe('31.3%');
    expect(percent(0.5556)).toBe('55.6%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(0)).toBe('0.0%');
    expect(percent(0.0005)).toBe('0.1%');
    expect(percent(0.1235)).toBe('12.4%');
    expect(percent(null)).toBeNull();
  });

  it('writes a 95% interval as two percentages, none without one', () => {
    expect(interval([0.0615, 0.7923])).toBe('6.2%–79.2%');
    expect(interval([0, 0.6576])).toBe('0.0%–65.8%');
    expect(interval([0.2077, 0.9385])).toBe('20.8%–93.9%');
    expect(interval(null)).toBeNull();
  });

  it('writes a lift in percentage points with its sign, rounding half away from zero', () => {
    expect(points(0.5)).toBe('+50.0');
    expect(points(0.0125)).toBe('+1.3');
    expect(points(-0.0125)).toBe('-1.3');
    expect(points(-0.0004)).toBe('0.0');
    expect(points(0)).toBe('0.0');
    expect(points(null)).toBeNull();
  });

  it('writes money as yuan with two decimals', () => {
    expect(yuan(744)).toBe('¥744.00');
    expect(yuan(136.98)).toBe('¥136.98');
    expect(yuan(152.33)).toBe('¥152.33');
    expect(yuan(12345.6)).toBe('¥12,345.60');
    expect(yuan(0)).toBe('¥0.00');
    expect(yuan(null)).toBeNull();
  });

  it('writes times in seconds without losing a millisecond', () => {
    expect(seconds(1100)).toBe('1.1');
    expect(seconds(4200)).toBe('4.2');
    expect(seconds(1234)).toBe('1.234');
    expect(seconds(60_000)).toBe('60');
    expect(seconds(850)).toBe('0.85');
    expect(seconds(null)).toBeNull();
  });

  it('writes a mean rating with two decimals, none without ratings', () => {
    expect(mean(3.67)).toBe('3.67');
    expect(mean(4)).toBe('4.00');
    expect(mean(null)).toBeNull();
  });

  it('reads the days of a report range whose end is exclusive', () => {
    expect(daysOf({ from: '2026-12-01T00:00:00.000Z', to: '2026-12-11T00:00:00.000Z' })).toEqual({ from: '2026-12-01', to: '2026-12-10' });
    expect(isDay('2026-12-01')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-1-01')).toBe(false);
    expect(isDay(null)).toBe(false);
  });
});
