import { describe, expect, it } from 'vitest';
import type { Product } from '../catalog/types.js';
import { audienceFact, detectFacts, factEvidence, factVocabulary, sharesName, wordsOfFact } from './facts.js';

const product = (facts: Record<string, string>): Product => ({ id: 'X1', name: '养生壶', aliases: [], category: '养生壶', priceMinor: 100, description: '', attributes: {}, facts, sizeChart: [], variants: [{ sku: 'X1-A', options: {}, priceMinor: 100, stock: 1 }] });

describe("the shop's own attributes", () => {
  it('are named by their words and what those reduce to', () => {
    expect(wordsOfFact('是否含锂电池')).toEqual(expect.arrayContaining(['是否含锂电池', '含锂电池', '锂电池', '上飞机']));
    expect(wordsOfFact('额定功率')).toEqual(expect.arrayContaining(['额定功率', '功率', '多少瓦']));
    expect(wordsOfFact('预约功能')).toContain('预约');
    // A rating is asked about by the quality it rates.
    expect(wordsOfFact('遮光率')).toContain('遮光');
    expect(wordsOfFact('防水指数')).toEqual(expect.arrayContaining(['防水', '下雨', '湿透']));
    expect(wordsOfFact('适用温度')).toEqual(expect.arrayContaining(['几度', '零下']));
    expect(wordsOfFact('承重')).toContain('会不会塌');
    expect(wordsOfFact('展开尺寸')).toEqual(expect.arrayContaining(['撑开', '多大']));
    expect(wordsOfFact('适用对象')).not.toContain('对象');
  });

  it('are found in a question, longest words first, each once', () => {
    const vocabulary = factVocabulary([product({ 额定功率: '1500W', 容量: '5L', 内胆材质: '不粘涂层' })]);
    expect(detectFacts('这个多少瓦的 能装几升', vocabulary)).toEqual(['额定功率', '容量']);
    expect(detectFacts('内胆是什么材质', vocabulary)).toEqual(['内胆材质']);
    expect(detectFacts('几天发货', vocabulary)).toEqual([]);
  });

  it('named "<adjective>度" are asked with the adjective (多厚, 硬不硬), and 克重 and 机洗 by their everyday words', () => {
    const vocabulary = factVocabulary([product({ 厚度: '12cm', 软硬度: '偏软', 面料: '冰丝', 克重: '120g/条', 是否可机洗: '可以' })]);
    expect(detectFacts('冰丝凉席多厚', vocabulary)).toEqual(['厚度']);
    expect(detectFacts('睡着硬不硬', vocabulary)).toEqual(['软硬度']);
    expect(detectFacts('毛巾一条多重', vocabulary)).toEqual(['克重']);
    expect(detectFacts('能直接扔洗衣机里洗吗', vocabulary)).toEqual(['是否可机洗']);
    expect(detectFacts('是什么面料', vocabulary)).toEqual(['面料']);
    const box = factVocabulary([product({ 尺寸: '63×44×35cm', 洗涤方式: '湿毛巾擦拭' })]);
    expect(detectFacts('收纳箱长宽高多少', box)).toEqual(['尺寸']);
    expect(detectFacts('竹席脏了咋清理', box)).toEqual(['洗涤方式']);
  });

  it('answer a how-high (wide, thick) question by the attribute that states that dimension with a number', () => {
    const pillow = { 尺寸: '60×40cm', 厚度: '高12cm', 面料: '天丝' };
    const vocabulary = factVocabulary([product(pillow)]);
    expect(detectFacts('乳胶枕面包款有多高', vocabulary, pillow)).toEqual(['厚度']);
    // Without a value stating the height, 多高 stays the size question it usually is.
    expect(detectFacts('乳胶枕有多高', vocabulary, { 尺寸: '60×40×12cm', 厚度: '12cm' })).toEqual(['尺寸']);
    expect(detectFacts('这个多宽', vocabulary, pillow)).toEqual(['尺寸']);
  });

  it('answer "can someone use it" by the attribute that names them, else one named for an audience', () => {
    const blanket = product({ 适用人群: '成人（婴幼儿、孕妇禁止使用）', 注意事项: '不可折叠使用' });
    expect(audienceFact(blanket, '孕妇能用这个吗')).toBe('适用人群');
    expect(audienceFact(product({ 注意事项: '孕妇慎用', 产地: '浙江' }), '孕妇能用吗')).toBe('注意事项');
    expect(audienceFact(product({ 适用对象: '成猫' }), '老人能用吗')).toBe('适用对象');
    expect(audienceFact(product({ 产地: '浙江' }), '孕妇能用吗')).toBeUndefined();
  });

  it('are found by their values when the question names none', () => {
    const p = product({ 功能: '6档恒温,40℃冲奶,保温12小时', 保修期: '2年' });
    expect(factEvidence(p, '恒温能调几档 冲奶粉')?.name).toBe('功能');
    expect(factEvidence(p, '这个好看吗')?.name).toBeUndefined();
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

  it('take a measured attribute by its name without the measure, and its size question with it', () => {
    const vocabulary = factVocabulary([product({ 电池容量: '4000mAh', 尺寸: '10×10×25cm' })]);
    expect(wordsOfFact('电池容量')).toContain('电池');
    // 多大 alone asks for the size; right after 电池 it asks how big the battery is.
    expect(detectFacts('电池多大', vocabulary)).toEqual(['电池容量']);
    expect(detectFacts('这个多大', vocabulary)).toEqual(['尺寸']);
  });

  it('are found by the unit a question asks for', () => {
    const p = product({ 功能: '20Bar泵压,蒸汽打奶泡', 控温范围: '上下独立70-230℃', 保修期: '2年' });
    expect(factEvidence(p, '压力多少bar的')?.name).toBe('功能');
    expect(factEvidence(p, '最高能到多少度啊', 1)?.name).toBe('控温范围');
    expect(factEvidence(p, '好看吗', 1)).toBeUndefined();
  });
});

describe('a measured attribute named without its measure', () => {
  it('is asked about only with a how-much word (电池多大, not 有电池吗)', () => {
    const vocabulary = factVocabulary([product({ 电池容量: '1500mAh' })]);
    expect(detectFacts('电池多大', vocabulary)).toEqual(['电池容量']);
    expect(detectFacts('有电池 坐飞机能带不', vocabulary)).toEqual([]);
    expect(detectFacts('电池容量是多少', vocabulary)).toEqual(['电池容量']);
  });
});

describe('a value stated per spec', () => {
  it('is evidence by its values, not by the spec names in front of them', () => {
    const p = product({ 净含量: '250g/原味：250g；250g/香辣：260g', 食用方法: '开袋即食，原味适合儿童' });
    expect(factEvidence(p, '原味的', 1)?.name).toBe('食用方法');
  });
});

describe('a word several attributes claim', () => {
  it('goes to the one the product asked about states', () => {
    const stroller = product({ 重量: '5.9kg' });
    const diaper = product({ 适用体重: 'L码：9-14kg' });
    const vocabulary = factVocabulary([stroller, diaper]);
    expect(detectFacts('多重啊', vocabulary, stroller.facts)).toEqual(['重量']);
    expect(detectFacts('适合多重的宝宝', vocabulary, diaper.facts)).toContain('适用体重');
    // A stroller states both: 多重 asks its weight, with or without (inferred) declarations.
    const both = product({ 重量: '5.9kg', 适用体重: '15kg以内' });
    const declared = new Map([
      ['重量', { name: '重量', aliases: [], questions: [], kind: 'text' as const }],
      ['适用体重', { name: '适用体重', aliases: [], questions: [], kind: 'text' as const }],
    ]);
    expect(detectFacts('推车多重啊', factVocabulary([both], declared), both.facts)).toEqual(['重量']);
  });
});

describe('sharesName', () => {
  it('tells whether a question names an attribute in part', () => {
    expect(sharesName('是否含荧光剂', '洗衣液加没加荧光增白剂')).toBe(true);
    expect(sharesName('是否含荧光剂', '几天发货')).toBe(false);
  });
});
