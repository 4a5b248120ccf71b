import { describe, expect, it } from 'vitest';
import { createTokenizer, intlSegmenter } from '../../core/understanding/tokenizer.js';
import { defaultSegmenter, jiebaAvailable, jiebaSegmenter } from './jieba-segmenter.js';

describe('jieba segmenter', () => {
  it.runIf(jiebaAvailable)('keeps the shop’s words whole with jieba', () => {
    const tok = createTokenizer(['敏感肌', '棉芽'], jiebaSegmenter ?? intlSegmenter);
    expect(tok.engine).toBe('jieba');
    expect(tok.words('这款面料适合敏感肌吗')).toContain('敏感肌');
    expect(tok.words('棉芽的睡衣')).toContain('棉芽');
  });

  it.runIf(jiebaAvailable)('cuts retrieval terms in search mode', () => {
    const tok = createTokenizer(['双十一'], defaultSegmenter);
    expect(tok.words('双十一的纯棉睡衣发货吗')).toEqual(['双十一', '的', '纯棉', '睡衣', '发货', '吗']);
    expect(tok.terms('双十一的纯棉睡衣发货吗')).toEqual(['双十', '十一', '双十一', '纯棉', '睡衣', '发货']);
  });

  it('falls back to Intl.Segmenter only where jieba cannot load', () => {
    expect(defaultSegmenter).toBe(jiebaAvailable ? jiebaSegmenter : intlSegmenter);
  });
});
