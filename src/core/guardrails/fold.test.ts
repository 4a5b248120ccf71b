import { describe, expect, it } from 'vitest';
import { foldWidth } from './fold.js';

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
