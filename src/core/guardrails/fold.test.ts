import { describe, expect, it } from 'vitest';
import { foldDigits, foldWidth } from './fold.js';

describe('foldWidth', () => {
  it('folds full-width digits, letters and punctuation to ASCII', () => {
    expect(foldWidth('ＸＬ码９９元，９０％')).toBe('XL码99元,90%');
  });

  it('keeps the length so offsets still point into the original text', () => {
    const text = '满１９９\u3000包邮😀';
    expect(foldWidth(text)).toHaveLength(text.length);
    expect(foldWidth(text)).toBe('满199 包邮😀');
  });

  it('leaves Chinese text and letter case alone', () => {
    expect(foldWidth('iPhone 15 支持7天无理由退货')).toBe('iPhone 15 支持7天无理由退货');
  });
});

describe('foldDigits', () => {
  it('folds mathematical and circled digits and maps offsets back to the original', () => {
    const text = '仅需𝟗𝟗元或①元';
    const { folded, offsets } = foldDigits(text);
    expect(folded).toBe('仅需99元或1元');
    expect(text.slice(offsets[2], offsets[4])).toBe('𝟗𝟗');
    expect(text.slice(offsets[6], offsets[7])).toBe('①');
    expect(offsets[folded.length]).toBe(text.length);
  });

  it('leaves superscripts, Chinese text and emoji alone', () => {
    expect(foldDigits('10m² 满１９９包邮😀').folded).toBe('10m² 满199包邮😀');
  });
});
