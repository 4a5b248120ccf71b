import { describe, expect, it } from 'vitest';
import { createTokenizer, intlSegmenter } from '../../core/understanding/tokenizer.js';
import { defaultSegmenter, jiebaAvailable, jiebaSegmenter, nativeJiebaSegmenter, prepareSegmenter } from './jieba-segmenter.js';

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

  it.runIf(jiebaAvailable)('cuts over the shared dictionary exactly as a native jieba with the shop’s words loaded', async () => {
    await prepareSegmenter();
    const words = ['敏感肌', '棉芽', '长绒棉', '双十一', '水洗棉四件套', 'af501', '婴儿推车'];
    const shared = (jiebaSegmenter ?? intlSegmenter).withDictionary(words);
    const native = (nativeJiebaSegmenter ?? intlSegmenter).withDictionary(words);
    const texts = [
      '这款面料适合敏感肌吗',
      '双十一拍的要等多久才发',
      '水洗棉四件套有白色的吗？\r\n还有别的颜色😀',
      'AF501的长绒棉睡衣，3.5%折扣+包邮',
      '婴儿推车能上飞机吗 𠀀 明天佛山下雨吗',
      '我买的那个榨汁杯吨吨桶漏水了怎么办啊啊啊',
    ];
    for (const t of texts) {
      expect(shared.cut(t)).toEqual(native.cut(t));
      expect(shared.cutForSearch(t)).toEqual(native.cutForSearch(t));
    }
  });

  it('falls back to Intl.Segmenter only where jieba cannot load', () => {
    expect(defaultSegmenter).toBe(jiebaAvailable ? jiebaSegmenter : intlSegmenter);
  });
});
