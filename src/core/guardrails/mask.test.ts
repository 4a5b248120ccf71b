import { describe, expect, it } from 'vitest';
import { maskPersonalData, personalDataIn } from './mask.js';

const opts = { orderIdPatterns: ['\\d{18,19}'] };
const mask = (text: string, o = opts) => maskPersonalData(text, o).text;

describe('maskPersonalData', () => {
  it.each([
    ['电话13812345678', '电话[电话1]'],
    ['电话138-1234-5678', '电话[电话1]'],
    ['电话 138 1234 5678', '电话 [电话1]'],
    ['电话+86 13812345678', '电话[电话1]'],
    ['座机021-12345678', '座机[电话1]'],
    ['邮箱 a.b+c@mail.example.com 谢谢', '邮箱 [邮箱1] 谢谢'],
    ['身份证11010519491231002X', '身份证[证件号1]'],
    ['订单号123456789012345678', '订单号[订单号1]'],
    ['寄到上海市浦东新区张江路123号5栋1201室，谢谢', '寄到[地址1]，谢谢'],
    ['我的地址是杭州市西湖区文三路90号', '我的地址是[地址1]'],
    ['电话1381 234 5678', '电话[电话1]'],
    ['电话138.1234.5678', '电话[电话1]'],
    ['电话138 1234 5678', '电话[电话1]'],
    ['电话+86 138-1234-5678', '电话[电话1]'],
    ['座机021 12345678', '座机[电话1]'],
    ['寄到杭州市西湖区文三路88号华星小区3号楼2单元1201室，谢谢', '寄到[地址1]，谢谢'],
    ['北京市朝阳区建国路八十八号院3号楼', '[地址1]'],
    ['北京市朝阳区建国路八十八号', '[地址1]'],
    ['地址：杭州市西湖区文三路华星小区', '地址：[地址1]'],
    ['收货地址杭州市西湖区文三路华星小区，谢谢', '收货地址[地址1]，谢谢'],
    ['住在上海市浦东新区张江镇', '住在[地址1]'],
  ])('masks %s', (text, masked) => {
    expect(mask(text)).toBe(masked);
  });

  it('numbers placeholders per kind in text order and reports each once', () => {
    const r = maskPersonalData('13812345678 和 13900001111，邮箱 x@y.cn', opts);
    expect(r.text).toBe('[电话1] 和 [电话2]，邮箱 [邮箱1]');
    expect(r.masked).toEqual([
      { kind: 'phone', placeholder: '[电话1]' },
      { kind: 'phone', placeholder: '[电话2]' },
      { kind: 'email', placeholder: '[邮箱1]' },
    ]);
  });

  it('gives the same value written differently the same placeholder', () => {
    expect(mask('138-1234-5678，再说一遍 +8613812345678')).toBe('[电话1]，再说一遍 [电话1]');
  });

  it('applies order-id patterns before id cards, which can look the same', () => {
    expect(mask('110105194912310021')).toBe('[订单号1]');
    expect(mask('110105194912310021', { orderIdPatterns: ['E\\d{11}'] })).toBe('[证件号1]');
  });

  it('matches shop order patterns only as whole tokens', () => {
    expect(mask('订单 E20261208001 已发货', { orderIdPatterns: ['E\\d{11}'] })).toBe('订单 [订单号1] 已发货');
    expect(mask('编号XE20261208001', { orderIdPatterns: ['E\\d{11}'] })).toBe('编号XE20261208001');
  });

  it('does not take the digits of an email for a phone', () => {
    expect(mask('13812345678@qq.com')).toBe('[邮箱1]');
  });

  it.each(['12月8号发货', '3号楼前台', '满199减30', '请稍等1分钟', 'iPhone 15 Pro', '订单尾号5678', '价格¥138.12', '2026-12-08发货', '2026.12.08发货', '送到家里', '我住在市中心', '在三楼等您'])('leaves %s alone', (text) => {
    expect(mask(text)).toBe(text);
  });

  it('does not take a long number for a phone', () => {
    expect(mask('批次 113812345678')).toBe('批次 113812345678');
  });
});

describe('personalDataIn', () => {
  it('lists phones, emails and id cards in a canonical form', () => {
    expect(personalDataIn('联系 138 1234 5678 或 A@B.cn，证件11010519491231002X').sort()).toEqual(['11010519491231002x', '13812345678', 'a@b.cn'].sort());
  });

  it('finds nothing in ordinary text', () => {
    expect(personalDataIn('满199包邮，7天无理由退货')).toEqual([]);
  });
});
