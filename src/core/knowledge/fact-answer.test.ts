import { describe, expect, it } from 'vitest';
import type { AttributeDeclaration, Product } from '../catalog/types.js';
import { answerFact, compareFact } from './fact-answer.js';

const LEVELS = { yes: ['可以', '可用', '适用', '是'], caution: ['慎用', '建议咨询医生', '少量'], no: ['禁用', '不可以', '否', '不适用'] };
const product = (name: string, facts: Record<string, string>): Product => ({ id: name, name, aliases: [], category: '面霜', priceMinor: 100, description: '', attributes: {}, facts, sizeChart: [], variants: [{ sku: `${name}-A`, options: {}, priceMinor: 100, stock: 1 }] });
const decls = (...ds: AttributeDeclaration[]) => new Map(ds.map((d) => [d.name, d]));
const pregnancy: AttributeDeclaration = { name: '孕妇可用', aliases: [], questions: [], kind: 'scale', levels: LEVELS };

describe('answers about the shop’s own attributes', () => {
  it('quote a caution value under its own name with a lead that is not a yes', () => {
    const a = answerFact(product('雪肌面霜', { 孕妇可用: '慎用' }), '孕妇可用', 'zh-CN', decls(pregnancy));
    expect(a.text).toBe('需要谨慎哦～雪肌面霜的孕妇可用：慎用。');
    expect(a.fields).toEqual(['facts.孕妇可用']);
  });

  it('answer a forbidden product with a no, quoting 禁用, and never as a yes', () => {
    const a = answerFact(product('焕颜精华', { 孕妇可用: '禁用' }), '孕妇可用', 'zh-CN', decls(pregnancy));
    expect(a.text).toMatch(/^不可以/);
    expect(a.text).toContain('孕妇可用：禁用');
    expect(a.text).not.toMatch(/可以的|是的/);
  });

  it('keep 建议咨询医生 as the shop wrote it', () => {
    const a = answerFact(product('护手霜', { 孕妇可用: '建议咨询医生' }), '孕妇可用', 'zh-CN', decls(pregnancy));
    expect(a.text).toContain('孕妇可用：建议咨询医生');
    expect(a.text).not.toContain('慎用');
  });

  it('answer a yes plainly, and in English for English shops', () => {
    expect(answerFact(product('Cream', { 孕妇可用: '可以' }), '孕妇可用', 'zh-CN', decls(pregnancy)).text).toBe('可以的～Cream的孕妇可用：可以。');
    expect(answerFact(product('Cream', { 孕妇可用: '禁用' }), '孕妇可用', 'en', decls(pregnancy)).text).toBe('No — Cream — 孕妇可用: 禁用.');
  });

  it('give a contains-attribute no lead that could invert a question (能带上飞机 asks 是否含锂电池)', () => {
    const battery: AttributeDeclaration = { name: '是否含锂电池', aliases: [], questions: ['能带上飞机'], kind: 'scale', levels: LEVELS };
    expect(answerFact(product('榨汁杯', { 是否含锂电池: '是' }), '是否含锂电池', 'zh-CN', decls(battery)).text).toBe('榨汁杯的是否含锂电池：是。');
  });

  it('quote an unclear scale value without a lead', () => {
    const a = answerFact(product('面霜', { 孕妇可用: '孕早期禁用，孕晚期慎用' }), '孕妇可用', 'zh-CN', decls(pregnancy));
    expect(a.text).toBe('面霜的孕妇可用：孕早期禁用，孕晚期慎用。');
  });

  it('add the unit to a bare number and list the items of a list', () => {
    const power: AttributeDeclaration = { name: '功率', aliases: [], questions: [], kind: 'number', unit: 'W' };
    const features: AttributeDeclaration = { name: '功能', aliases: [], questions: [], kind: 'list' };
    const p = product('炸锅', { 功率: '1500', 功能: '预约,可视窗口,翻面提醒' });
    expect(answerFact(p, '功率', 'zh-CN', decls(power, features)).text).toBe('炸锅的功率：1500W。');
    expect(answerFact(p, '功能', 'zh-CN', decls(power, features)).text).toBe('炸锅的功能：预约、可视窗口、翻面提醒。');
    expect(answerFact(p, '功能', 'zh-CN', decls(power, features), '有翻面提醒吗').text).toBe('有的～炸锅的功能包括翻面提醒（全部：预约、可视窗口、翻面提醒）。');
  });

  it('say an attribute the product does not state is unstated, and quote undeclared ones as text', () => {
    expect(answerFact(product('面霜', {}), '孕妇可用', 'zh-CN', decls(pregnancy)).text).toContain('暂未标注孕妇可用');
    expect(answerFact(product('面霜', { 保质期: '3年' }), '保质期', 'zh-CN').text).toBe('面霜的保质期：3年。');
  });
});

describe('comparing an attribute across products', () => {
  const a = product('炸锅A', { 功率: '1500W' });
  const b = product('炸锅B', { 功率: '1700W' });

  it('names the larger or smaller when the values are numbers in one unit', () => {
    expect(compareFact([a, b], '功率', 'a和b哪个功率大', 'zh-CN')?.text).toBe('功率对比：\n炸锅A：1500W\n炸锅B：1700W\n炸锅B的功率更大。');
    expect(compareFact([a, b], '功率', '哪个功率小 省电', 'zh-CN')?.text).toContain('炸锅A的功率更小。');
  });

  it('only lists the values when they cannot be compared, and needs two products stating it', () => {
    const c = product('炸锅C', { 功率: '约1.2kW' });
    expect(compareFact([a, c], '功率', '哪个功率大', 'zh-CN')?.text).toBe('功率对比：\n炸锅A：1500W\n炸锅C：约1.2kW');
    expect(compareFact([a, product('D', {})], '功率', '哪个功率大', 'zh-CN')).toBeUndefined();
  });
});
