import { describe, expect, it } from 'vitest';
import { badRows, emptyRow, fromRows, toRows } from './attribute-rows.js';

describe('attribute declarations in the editable table', () => {
  const declared = [
    { name: '孕妇可用', aliases: ['孕妇'], questions: ['能用吗'], kind: 'scale' as const, levels: { yes: ['可以'], caution: ['慎用'], no: ['禁用'] } },
    { name: '功率', aliases: [], questions: [], kind: 'number' as const, unit: 'W' },
    { name: '成分', aliases: [], questions: [], kind: 'list' as const, separator: '、' },
  ];

  it('round-trips what the shop declared', () => {
    expect(fromRows(toRows(declared))).toEqual(declared);
  });

  it('saves only what the kind uses', () => {
    const [scale] = toRows(declared);
    expect(fromRows([{ ...scale!, kind: 'text', unit: 'kg', separator: '|' }])).toEqual([{ name: '孕妇可用', aliases: ['孕妇'], questions: ['能用吗'], kind: 'text' }]);
    expect(fromRows([{ ...emptyRow(), name: ' 重量 ', kind: 'number', unit: ' ' }])).toEqual([{ name: '重量', aliases: [], questions: [], kind: 'number' }]);
  });

  it('marks empty and repeated names', () => {
    expect(badRows([{ ...emptyRow(), name: 'a' }, { ...emptyRow(), name: ' ' }, { ...emptyRow(), name: 'a ' }, { ...emptyRow(), name: 'b' }])).toEqual([2, 3]);
  });

  it('gives each new row its own key', () => {
    expect(emptyRow().key).not.toBe(emptyRow().key);
  });
});
