import { describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from './money.js';

describe('prices in fen and yuan', () => {
  it('writes fen as yuan with two decimals', () => {
    expect(fenToYuan(1999)).toBe('19.99');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(120000)).toBe('1200.00');
    expect(fenToYuan(-5)).toBe('-0.05');
  });

  it('reads yuan exactly, without binary rounding', () => {
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen('12')).toBe(1200);
    expect(yuanToFen('12.5')).toBe(1250);
    expect(yuanToFen(' 3.')).toBe(300);
    expect(yuanToFen(0)).toBe(0);
  });

  it('refuses what is not an amount with at most two decimals', () => {
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('-1')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
    expect(yuanToFen('')).toBeNull();
    expect(yuanToFen(Number.NaN)).toBeNull();
    expect(yuanToFen(1e21)).toBeNull();
    expect(yuanToFen(null)).toBeNull();
  });

  it('round-trips every price', () => {
    for (const fen of [0, 1, 9, 10, 99, 100, 101, 1999, 123456789]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });
});
