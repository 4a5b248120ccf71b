import { describe, expect, it } from 'vitest';
import { formatMoney, formatPriceRange } from './money.js';

describe('formatMoney', () => {
  it('prints prices the way Chinese shops do', () => {
    expect(formatMoney(8900)).toBe('89');
    expect(formatMoney(3990)).toBe('39.9');
    expect(formatMoney(3995)).toBe('39.95');
    expect(formatMoney(5)).toBe('0.05');
  });
  it('prints a range only when prices differ', () => {
    expect(formatPriceRange([8900, 8900])).toBe('¥89');
    expect(formatPriceRange([12900, 8900, 9900])).toBe('¥89–129');
  });
});
