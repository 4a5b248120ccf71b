import { describe, expect, it } from 'vitest';
import { createTokenizer, intlSegmenter } from '../../core/understanding/tokenizer.js';
import { defaultSegmenter, jiebaAvailable, jiebaSegmenter, nativeJiebaSegmenter, prepareSegmenter } from './jieba-segmenter.js';
import { dictionaryReader, dictionaryTextSlices } from './shared-jieba.js';

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

  it('reads a dictionary in slices of whole lines that join to its whole text, multi-byte characters cut anywhere', () => {
    const text = '敏感肌 200000 n\n长绒棉 3 n\r\n𠀀字 1\n\nab 5 eng\n双十一 10';
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 2, 3, 5, 7, 16, 1000]) {
      const slices = [...dictionaryTextSlices(bytes, size)];
      expect(slices.join('\n')).toBe(text);
      // Read slice by slice, the dictionary is the one read from the whole text.
      const reader = dictionaryReader();
      for (const s of slices) reader.add(s);
      const whole = dictionaryReader();
      whole.add(text);
      expect([...reader.finish().entries]).toEqual([...whole.finish().entries]);
    }
    expect([...dictionaryTextSlices(new TextEncoder().encode(text + '\n'), 4)].join('\n')).toBe(text + '\n');
  });

  it('falls back to Intl.Segmenter only where jieba cannot load', () => {
    expect(defaultSegmenter).toBe(jiebaAvailable ? jiebaSegmenter : intlSegmenter);
  });
});
