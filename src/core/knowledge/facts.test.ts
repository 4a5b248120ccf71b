import { describe, expect, it } from 'vitest';
import type { Product } from '../catalog/types.js';
import { detectFacts, factByValue, factVocabulary, wordsOfFact } from './facts.js';

const product = (facts: Record<string, string>): Product => ({ id: 'X1', name: '养生壶', aliases: [], category: '养生壶', priceMinor: 100, description: '', attributes: {}, facts, sizeChart: [], variants: [{ sku: 'X1-A', options: {}, priceMinor: 100, stock: 1 }] });

describe("the shop's own attributes", () => {
  it('are named by their words and what those reduce to', () => {
    expect(wordsOfFact('是否含锂电池')).toEqual(expect.arrayContaining(['是否含锂电池', '含锂电池', '锂电池', '上飞机']));
    expect(wordsOfFact('额定功率')).toEqual(expect.arrayContaining(['额定功率', '功率', '多少瓦']));
    expect(wordsOfFact('预约功能')).toContain('预约');
    expect(wordsOfFact('适用对象')).not.toContain('对象');
  });

  it('are found in a question, longest words first, each once', () => {
    const vocabulary = factVocabulary([product({ 额定功率: '1500W', 容量: '5L', 内胆材质: '不粘涂层' })]);
    expect(detectFacts('这个多少瓦的 能装几升', vocabulary)).toEqual(['额定功率', '容量']);
    expect(detectFacts('内胆是什么材质', vocabulary)).toEqual(['内胆材质']);
    expect(detectFacts('几天发货', vocabulary)).toEqual([]);
  });

  it('are found by their values when the question names none', () => {
    const p = product({ 功能: '6档恒温,40℃冲奶,保温12小时', 保修期: '2年' });
    expect(factByValue(p, '恒温能调几档 冲奶粉')).toBe('功能');
    expect(factByValue(p, '这个好看吗')).toBeUndefined();
  });

  it('are named by declared aliases and question words too, which win over inferred words', () => {
    const products = [product({ 是否含锂电池: '是', 电池容量: '1500mAh' })];
    const declarations = new Map([['是否含锂电池', { name: '是否含锂电池', aliases: ['电芯'], questions: ['能托运', '续航'], kind: 'text' as const }]]);
    const vocabulary = factVocabulary(products, declarations);
    expect(detectFacts('这个能托运吗', vocabulary)).toEqual(['是否含锂电池']);
    expect(detectFacts('什么电芯', vocabulary)).toEqual(['是否含锂电池']);
    // 续航 is inferred for 电池容量; the shop's declaration takes it.
    expect(detectFacts('续航怎么样', vocabulary)).toEqual(['是否含锂电池']);
    expect(detectFacts('续航怎么样', factVocabulary(products))).toEqual(['电池容量']);
  });
});
