import { describe, expect, it } from 'vitest';
import { numberedOptions } from './options.js';

describe('numberedOptions', () => {
  it('offers the numbered lines of a reply, two or more, at most six', () => {
    expect(numberedOptions('为您推荐：\n1. 婴儿纯棉连体衣 ¥89\n2、纱布睡袋 ¥129（透气）\n3）围兜')).toEqual(['婴儿纯棉连体衣 ¥89', '纱布睡袋 ¥129（透气）', '围兜']);
    expect(numberedOptions('满99元包邮，不满99元运费6元。')).toEqual([]);
    expect(numberedOptions('1. 只有一个')).toEqual([]);
    expect(numberedOptions(Array.from({ length: 9 }, (_, i) => `${i + 1}. 选项${i + 1}`).join('\n'))).toHaveLength(6);
  });
});
