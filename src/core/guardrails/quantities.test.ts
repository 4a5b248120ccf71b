import { describe, expect, it } from 'vitest';
import { quantitiesIn, unsupportedQuantities, type QuantityUnit } from './quantities.js';
import type { GroundingSource } from './types.js';

/** [text, value, unit] triples, the compact form the cases compare. */
const triples = (text: string) => quantitiesIn(text).map((q) => [q.text, q.value, q.unit]);
const faq = (text: string): GroundingSource => ({ id: 'faq:1', kind: 'faq', text });

describe('quantitiesIn', () => {
  it.each<[string, number, QuantityUnit]>([
    ['¥99', 99, 'yuan'],
    ['￥99', 99, 'yuan'],
    ['99元', 99, 'yuan'],
    ['99块', 99, 'yuan'],
    ['99.9 元', 99.9, 'yuan'],
    ['RMB 99', 99, 'yuan'],
    ['1,299元', 1299, 'yuan'],
    ['1.5万元', 15000, 'yuan'],
    ['两百元', 200, 'yuan'],
    ['三点五元', 3.5, 'yuan'],
    ['$5', 5, 'usd'],
    ['1美元', 1, 'usd'],
    ['9折', 9, 'zhe'],
    ['九折', 9, 'zhe'],
    ['八五折', 8.5, 'zhe'],
    ['85折', 8.5, 'zhe'],
    ['8.5折', 8.5, 'zhe'],
    ['打个对折', 5, 'zhe'],
    ['半价', 5, 'zhe'],
    ['减20', 20, 'yuan'],
    ['90%', 90, 'percent'],
    ['９０％', 90, 'percent'],
    ['百分之九十', 90, 'percent'],
    ['90 percent', 90, 'percent'],
    ['12月8日', 1208, 'date'],
    ['十二月八号', 1208, 'date'],
    ['12/8', 1208, 'date'],
    ['2026-12-08', 1208, 'date'],
    ['2026年12月8日', 1208, 'date'],
    ['8号', 8, 'date'],
    ['Dec 8th', 1208, 'date'],
    ['周五', 5, 'weekday'],
    ['星期天', 7, 'weekday'],
    ['Friday', 5, 'weekday'],
    ['7天', 7, 'day'],
    ['七天', 7, 'day'],
    ['48小时', 48, 'hour'],
    ['二十四小时', 24, 'hour'],
    ['24h', 24, 'hour'],
    ['两周', 2, 'week'],
    ['3个月', 3, 'month'],
    ['1年', 1, 'year'],
    ['3个工作日', 3, 'workday'],
    ['3 business days', 3, 'workday'],
    ['seven days', 7, 'day'],
    ['2件', 2, 'item'],
    ['3瓶', 3, 'item'],
    ['500ml', 500, 'ml'],
    ['50克', 50, 'g'],
    ['下午3点', 900, 'time'],
    ['下午三点半', 930, 'time'],
    ['5pm', 1020, 'time'],
    ['十五', 15, ''],
    ['一万', 10000, ''],
    ['两百', 200, ''],
    ['199', 199, ''],
  ])('reads %s as %d %s', (text, value, unit) => {
    expect(triples(text)).toEqual([[text, value, unit]]);
  });

  it('splits 满199减30 into the threshold and the reduction', () => {
    expect(triples('满199减30')).toEqual([
      ['满199', 199, 'yuan'],
      ['减30', 30, 'yuan'],
    ]);
  });

  it('reads every claim of a sentence in text order', () => {
    expect(triples('现在9折，满199包邮，12月8日前下单7天内发货')).toEqual([
      ['9折', 9, 'zhe'],
      ['满199', 199, 'yuan'],
      ['12月8日', 1208, 'date'],
      ['7天', 7, 'day'],
    ]);
  });

  it('reads the digits of a model name as a bare number', () => {
    expect(triples('iPhone 15 和 iPhone15')).toEqual([
      ['15', 15, ''],
      ['15', 15, ''],
    ]);
  });

  it.each([
    '第一',
    '第2件',
    '稍等一下',
    '我们一起看看',
    '请稍等一点时间',
    '一样的',
    '一般来说',
    '唯一的办法',
    '统一发货',
    '一直有货',
    '一定会帮您',
    '有一个问题',
    '一次性用品',
    '这两天',
    '万一坏了',
    '千万别着急',
    '十分抱歉',
    '和券一块用',
    '享受三包服务',
    '便宜一点吧',
  ])('finds no quantity in %s', (text) => {
    expect(triples(text)).toEqual([]);
  });

  it('ignores list markers at a line start but not numbers after them', () => {
    expect(triples('1. 先确认地址\n2、再付款\n(3) 等待7天')).toEqual([['7天', 7, 'day']]);
  });

  it('ignores the placeholders of masked personal data', () => {
    expect(triples('已记录您的电话[电话1]和订单[订单号2]')).toEqual([]);
  });

  it('reads 7日 before 内 as a duration, not a date', () => {
    expect(triples('7日内退款')).toEqual([['7日', 7, 'day']]);
  });

  it('does not read 5G as grams, 3号楼 as a date or 3折叠 as a discount', () => {
    expect(triples('3折叠伞')).toEqual([['3', 3, '']]);
    expect(triples('5G手机')).toEqual([['5', 5, '']]);
    expect(triples('3号楼')).toEqual([['3', 3, '']]);
  });
});

describe('unsupportedQuantities', () => {
  it('accepts a number the source states with the same unit', () => {
    expect(unsupportedQuantities('满199元包邮哦', [faq('满199包邮，偏远地区除外')])).toEqual([]);
  });

  it('accepts a Chinese numeral for the Arabic one in the source', () => {
    expect(unsupportedQuantities('七天内发货', [faq('7天内发货')])).toEqual([]);
  });

  it('reports a number no source states', () => {
    const found = unsupportedQuantities('您可以在出行后90天内申请', [faq('丧亲优惠票需在出行前申请，出行后不予追溯退款')]);
    expect(found.map((q) => q.text)).toEqual(['90天']);
  });

  it('keeps discounts and percentages apart (9折 is not backed by 90%)', () => {
    expect(unsupportedQuantities('全场9折', [faq('好评返现90%')]).map((q) => q.text)).toEqual(['9折']);
  });

  it('is strict about durations: 一周 is not backed by 7天', () => {
    expect(unsupportedQuantities('一周内发货', [faq('7天内发货')]).map((q) => q.text)).toEqual(['一周']);
  });

  it('does not let a price back a duration of the same value', () => {
    expect(unsupportedQuantities('7天发货', [faq('运费7元')]).map((q) => q.text)).toEqual(['7天']);
  });

  it('lets a bare number on either side back the other', () => {
    expect(unsupportedQuantities('保修2年', [faq('保修期：2')])).toEqual([]);
    expect(unsupportedQuantities('型号15', [faq('iPhone 15 手机壳')])).toEqual([]);
  });

  it('matches dates on month and day whatever the writing', () => {
    const sources = [faq('活动截止2026-12-08')];
    expect(unsupportedQuantities('12月8日截止', sources)).toEqual([]);
    expect(unsupportedQuantities('8号截止', sources)).toEqual([]);
    expect(unsupportedQuantities('12月9日截止', sources).map((q) => q.text)).toEqual(['12月9日']);
  });

  it('does not let a day-only source date back a full date', () => {
    expect(unsupportedQuantities('12月8日发货', [faq('8号发货')]).map((q) => q.text)).toEqual(['12月8日']);
  });

  it('checks every source, not just the first', () => {
    expect(unsupportedQuantities('9折，48小时发货', [faq('全场9折'), faq('48小时内发货')])).toEqual([]);
  });

  it('reports nothing for a text without numbers, even with no sources', () => {
    expect(unsupportedQuantities('您好，请问有什么可以帮您？', [])).toEqual([]);
  });
});
