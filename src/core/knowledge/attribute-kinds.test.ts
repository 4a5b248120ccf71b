import { describe, expect, it } from 'vitest';
import type { AttributeDeclaration, Product } from '../catalog/types.js';
import { listItems, numberOf, resolveDeclarations, scaleLevel, unstatedDeclarations, withUnit } from './attribute-kinds.js';

const LEVELS = { yes: ['可以', '可用', '适用', '是'], caution: ['慎用', '建议咨询医生', '少量'], no: ['禁用', '不可以', '否', '不适用'] };

const product = (id: string, facts: Record<string, string>): Product => ({ id, name: id, aliases: [], category: '面霜', priceMinor: 100, description: '', attributes: {}, facts, sizeChart: [], variants: [{ sku: `${id}-A`, options: {}, priceMinor: 100, stock: 1 }] });

describe('scale values', () => {
  it('read the level of a value that is one level word', () => {
    expect(scaleLevel('慎用', LEVELS)).toBe('caution');
    expect(scaleLevel('禁用', LEVELS)).toBe('no');
    expect(scaleLevel('建议咨询医生', LEVELS)).toBe('caution');
    expect(scaleLevel('可以。', LEVELS)).toBe('yes');
  });

  it('read a longer value by the words of one level, longest first (不适用 is not 适用)', () => {
    expect(scaleLevel('孕早期禁用', LEVELS)).toBe('no');
    expect(scaleLevel('不适用于孕妇', LEVELS)).toBe('no');
    expect(scaleLevel('是，需另购电池', LEVELS)).toBe('yes');
  });

  it('leave a value naming several levels, or none, without a level', () => {
    expect(scaleLevel('孕早期禁用，孕晚期慎用', LEVELS)).toBeUndefined();
    expect(scaleLevel('请看说明书', LEVELS)).toBeUndefined();
    // One-character words count only as the value's first word.
    expect(scaleLevel('可见是透明的', LEVELS)).toBeUndefined();
  });
});

describe('number and list values', () => {
  it('add the declared unit only to a bare number', () => {
    expect(withUnit('1500', 'W')).toBe('1500W');
    expect(withUnit('1500W', 'W')).toBe('1500W');
    expect(withUnit('约1.5kW', 'W')).toBe('约1.5kW');
  });

  it('read the first number and its unit', () => {
    expect(numberOf('1500W')).toEqual({ n: 1500, unit: 'w' });
    expect(numberOf('约 2.5 升')).toEqual({ n: 2.5, unit: '升' });
    expect(numberOf('无')).toBeUndefined();
  });

  it('split on the declared separator, else on common ones', () => {
    expect(listItems('8大预设菜单,可视窗口、翻面提醒', undefined)).toEqual(['8大预设菜单', '可视窗口', '翻面提醒']);
    expect(listItems('A+B+C', '+')).toEqual(['A', 'B', 'C']);
  });
});

describe('declarations', () => {
  const declared: AttributeDeclaration = { name: '孕妇可用', aliases: ['孕期可用'], questions: ['怀孕'], kind: 'scale', levels: LEVELS };
  const products = [product('P01', { 孕期可用: '慎用', 功率: '800W', 含酒精: '否', 保质期: '3年' }), product('P02', { 含酒精: '是', 保质期: '2年' })];

  it("give each stated attribute the shop's declaration (by name or alias), else the template's, else an inferred one", () => {
    const d = resolveDeclarations({ attributes: [declared], template: 'electronics' }, products);
    expect(d.get('孕期可用')).toBe(declared);
    expect(d.get('功率')).toMatchObject({ name: '额定功率', kind: 'number', unit: 'W' });
    // Every value a bare yes/no word: a scale, without any declaration.
    expect(d.get('含酒精')?.kind).toBe('scale');
    expect(d.has('保质期')).toBe(false);
  });

  it('need no template and no declaration', () => {
    expect(resolveDeclarations({}, products).get('功率')).toBeUndefined();
    // A name that asks permission is a scale whatever its values: 禁用 must not be read as plain text.
    expect(resolveDeclarations({}, [product('P03', { 孕妇可用: '慎用（建议咨询医生）' })]).get('孕妇可用')?.kind).toBe('scale');
  });

  it('report declared attributes no product states', () => {
    expect(unstatedDeclarations({ attributes: [declared, { ...declared, name: '孕妇适用', aliases: [] }] }, products)).toEqual([1]);
  });
});
