import { describe, expect, it } from 'vitest';
import { clusterGaps, normaliseQuestion } from './gaps.js';

describe('knowledge gaps', () => {
  it('takes texts that differ only in case, width, spaces and punctuation as one question', () => {
    expect(normaliseQuestion('支持ＰＡＹＰＡＬ付款吗？ ')).toBe(normaliseQuestion('支持paypal付款吗'));
  });

  it('clusters similar questions, ranks by count and keeps examples in the order sent', () => {
    const gaps = clusterGaps(['能开专票吗？', '可以开专票吗', '能开专票吗', '支持paypal吗', '专票几天能开好', '能开专票吗!']);
    expect(gaps).toEqual([
      { text: '能开专票吗？', count: 4, examples: ['能开专票吗？', '可以开专票吗', '能开专票吗'] },
      { text: '专票几天能开好', count: 1, examples: ['专票几天能开好'] },
      { text: '支持paypal吗', count: 1, examples: ['支持paypal吗'] },
    ]);
  });

  it('reports at most the top clusters asked for, and nothing for empty or punctuation-only texts', () => {
    expect(clusterGaps(['？？', '', '   '])).toEqual([]);
    expect(clusterGaps(['一二三', '四五六', '七八九'], 2).map((g) => g.text)).toEqual(['一二三', '七八九']);
  });
});
