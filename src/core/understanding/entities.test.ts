import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEntityExtractor, parseChineseNumber, type Entity, type EntityValue, type ReferenceDay } from './entities.js';
import { normalizeText } from './normalize.js';

// 2026-11-25 is a Wednesday.
const NOW: ReferenceDay = { year: 2026, month: 11, day: 25, weekday: 3 };

const extract = createEntityExtractor({
  orderIdPatterns: ['\\d{18}'],
  catalogColors: ['雾霾蓝', '燕麦色', '奶白色', '白色', '黑色', '米白', '米白色', '浅蓝', '藏青色', '樱花粉'],
  catalogSizes: ['S', 'M', 'L', 'XL', 'XXL', '59', '66', '73', '80', '90', '100', '110', '120', '1.2m床', '1.5m床', '1.8m床', '2.0m床', '150x200cm', '200x230cm', '标准', '标准款', '加大款', '均码', '75B', '0-3个月'],
  custom: [
    {
      type: 'audience',
      values: [
        { value: '婴儿', synonyms: ['宝宝', '小宝宝', 'baby'] },
        { value: '孕妇', synonyms: ['孕妈', '怀孕'] },
        { value: '男士', synonyms: ['男款', '老公'] },
      ],
    },
  ],
});

/** The entities of a message as [type, value] pairs, in text order. */
function pairs(text: string, now: ReferenceDay = NOW): [string, EntityValue][] {
  return extract(text, now).map((e) => [e.type, e.value]);
}

/** The values of one type. */
function valuesOf(text: string, type: string, now: ReferenceDay = NOW): EntityValue[] {
  return extract(text, now)
    .filter((e) => e.type === type)
    .map((e) => e.value);
}

type Case = [text: string, type: string, value: EntityValue];

describe('parseChineseNumber', () => {
  it.each([
    ['两百', 200],
    ['一百九十九', 199],
    ['三百五', 350],
    ['十二', 12],
    ['十', 10],
    ['二十', 20],
    ['一百零五', 105],
    ['两千五', 2500],
    ['一万五', 15000],
    ['百', 100],
    ['二零二六', 2026],
  ])('%s → %d', (s, n) => {
    expect(parseChineseNumber(s)).toBe(n);
  });

  it('refuses what is not one number', () => {
    expect(parseChineseNumber('两三百')).toBeUndefined();
    expect(parseChineseNumber('十十')).toBeUndefined();
    expect(parseChineseNumber('')).toBeUndefined();
  });
});

describe('order_id, phone, email', () => {
  it.each<Case>([
    ['订单号260311408812345678怎么还没发', 'order_id', '260311408812345678'],
    ['单号 2603 1140 8812 3456 78', 'order_id', '260311408812345678'],
    ['电话13812345678', 'phone', '13812345678'],
    ['+86 138-1234-5678', 'phone', '13812345678'],
    ['138 1234 5678 打这个', 'phone', '13812345678'],
    ['邮箱 Foo.Bar@Example.COM 谢谢', 'email', 'foo.bar@example.com'],
  ])('%s → %s %j', (text, type, value) => {
    expect(pairs(text)).toEqual([[type, value]]);
  });

  it('reads an 18-digit order number as one order_id, not also a phone or money', () => {
    expect(pairs('260311408812345678')).toEqual([['order_id', '260311408812345678']]);
    expect(pairs('付了260311408812345678')).toEqual([['order_id', '260311408812345678']]);
  });

  it('leaves numbers that fit no pattern alone', () => {
    expect(pairs('12345678901')).toEqual([]); // 11 digits but not a mobile number
    expect(pairs('2603114088123456789')).toEqual([]); // 19 digits: not the shop's 18
    expect(pairs('a@b')).toEqual([]);
  });

  it('ignores an invalid shop pattern instead of throwing', () => {
    const ex = createEntityExtractor({ orderIdPatterns: ['(', 'xe\\d{6}'], catalogColors: [], catalogSizes: [], custom: [] });
    expect(ex('单号XE123456', NOW).map((e) => [e.type, e.value])).toEqual([['order_id', 'XE123456']]);
  });
});

describe('money', () => {
  it.each<Case>([
    ['199元', 'money', 199],
    ['199块', 'money', 199],
    ['¥89', 'money', 89],
    ['￥89', 'money', 89],
    ['89rmb', 'money', 89],
    ['两百块', 'money', 200],
    ['99.9元', 'money', 99.9],
    ['一百九十九元', 'money', 199],
    ['3块5', 'money', 3.5],
    ['1,299元', 'money', 1299],
    ['双十一才399', 'money', 399],
    ['付了459', 'money', 459],
    ['退了199元', 'money', 199],
    ['价格是两百吗', 'money', 200],
    ['39块一条', 'money', 39],
  ])('%s → %s %j', (text, type, value) => {
    expect(valuesOf(text, type)).toEqual([value]);
  });

  it.each(['这个多少钱', '才3天就坏了', '两块毛巾', '满199包邮吗', '退了两件', '刚才说的', '下午3点'])('%s → no money', (text) => {
    expect(valuesOf(text, 'money')).toEqual([]);
  });
});

describe('budget', () => {
  it.each<Case>([
    ['三百以内', 'budget', { max: 300 }],
    ['300以内', 'budget', { max: 300 }],
    ['300以下的有吗', 'budget', { max: 300 }],
    ['不超过300', 'budget', { max: 300 }],
    ['300块以内', 'budget', { max: 300 }],
    ['预算300', 'budget', { max: 300 }],
    ['预算三百以内', 'budget', { max: 300 }],
    ['200-300', 'budget', { min: 200, max: 300 }],
    ['200到300', 'budget', { min: 200, max: 300 }],
    ['200~300元', 'budget', { min: 200, max: 300 }],
    ['两三百', 'budget', { min: 200, max: 300 }],
    ['200以上', 'budget', { min: 200 }],
    ['200多', 'budget', { min: 200 }],
    ['under 300', 'budget', { max: 300 }],
  ])('%s → %s %j', (text, type, value) => {
    expect(pairs(text)).toEqual([[type, value]]);
  });

  it('gives a budget, never also money, for the same span', () => {
    expect(pairs('三百块以内')).toEqual([['budget', { max: 300 }]]);
    expect(pairs('两三百块的有吗')).toEqual([['budget', { min: 200, max: 300 }]]);
  });

  it.each(['3-5天到', '1-2岁穿', '6-12个月的宝宝', '3天以内'])('%s → no budget', (text) => {
    expect(valuesOf(text, 'budget')).toEqual([]);
  });
});

describe('quantity', () => {
  it.each<Case>([
    ['买两件', 'quantity', 2],
    ['3条', 'quantity', 3],
    ['要十二双', 'quantity', 12],
    ['买一件', 'quantity', 1],
    ['少发了一件', 'quantity', 1],
    ['收到一件', 'quantity', 1],
    ['3 sets', 'quantity', 3],
    ['2 pieces', 'quantity', 2],
    ['two pairs', 'quantity', 2],
  ])('%s → %s %j', (text, type, value) => {
    expect(valuesOf(text, type)).toEqual([value]);
  });

  it.each(['3个月', '宝宝一个月了', '等一下', '便宜一点', '等一会', '这一件', '3岁', '两个小时', '四件套', '三条装', '99包邮', '第一件', '这两个有什么区别', '卡在两个码中间', '两个订单能一起发吗', '另一个包裹呢', '两张券能叠加吗'])('%s → no quantity', (text) => {
    expect(valuesOf(text, 'quantity')).toEqual([]);
  });
});

describe('date', () => {
  it.each<Case>([
    ['今天能发吗', 'date', '2026-11-25'],
    ['明天', 'date', '2026-11-26'],
    ['后天', 'date', '2026-11-27'],
    ['大后天', 'date', '2026-11-28'],
    ['昨天买的', 'date', '2026-11-24'],
    ['前天', 'date', '2026-11-23'],
    ['12月3号', 'date', '2026-12-03'],
    ['12月3日', 'date', '2026-12-03'],
    ['12.3号', 'date', '2026-12-03'],
    ['28号之前能到吗', 'date', '2026-11-28'],
    ['周五', 'date', '2026-11-27'],
    ['星期一', 'date', '2026-11-23'],
    ['礼拜天', 'date', '2026-11-29'],
    ['下周三', 'date', '2026-12-02'],
    ['上周一', 'date', '2026-11-16'],
    ['2026-12-01', 'date', '2026-12-01'],
    ['2026/12/1', 'date', '2026-12-01'],
    ['2026年12月1日', 'date', '2026-12-01'],
    ['下个月3号', 'date', '2026-12-03'],
  ])('%s → %s %j', (text, type, value) => {
    expect(pairs(text)).toEqual([[type, value]]);
  });

  it.each(['双十一', '双11', '双12', '618', '66号码', '1号链接', '3日内发货', '双11的时候买的', '想换大一号', '7日无理由退换'])('%s → no date', (text) => {
    expect(valuesOf(text, 'date')).toEqual([]);
  });

  it('rolls over months and years with calendar arithmetic', () => {
    const dec30: ReferenceDay = { year: 2026, month: 12, day: 30, weekday: 3 };
    expect(valuesOf('后天', 'date', dec30)).toEqual(['2027-01-01']);
    expect(valuesOf('下周一', 'date', dec30)).toEqual(['2027-01-04']);
    expect(valuesOf('下个月3号', 'date', dec30)).toEqual(['2027-01-03']);
    const leap: ReferenceDay = { year: 2024, month: 2, day: 28, weekday: 3 };
    expect(valuesOf('明天', 'date', leap)).toEqual(['2024-02-29']);
    expect(valuesOf('后天', 'date', leap)).toEqual(['2024-03-01']);
  });

  it('skips days that do not exist', () => {
    expect(valuesOf('2月30号', 'date')).toEqual([]);
    expect(valuesOf('31号', 'date')).toEqual([]); // November has 30 days
  });
});

describe('size', () => {
  it.each<Case>([
    ['有XL吗', 'size', 'XL'],
    ['我要M码', 'size', 'M'],
    ['平时穿s', 'size', 'S'],
    ['M号', 'size', 'M'],
    ['2XL', 'size', 'XXL'],
    ['xxl', 'size', 'XXL'],
    ['3XL', 'size', 'XXXL'],
    ['4XL', 'size', 'XXXXL'],
    ['160/84A', 'size', '160/84A'],
    ['66码', 'size', '66'],
    ['穿73的', 'size', '73'],
    ['1.5米床', 'size', '1.5m床'],
    ['1.5m床', 'size', '1.5m床'],
    ['1.5m', 'size', '1.5m床'],
    ['1米5的床', 'size', '1.5m床'],
    ['一米五的床', 'size', '1.5m床'],
    ['2米的床', 'size', '2.0m床'],
    ['150x200', 'size', '150x200cm'],
    ['150*200的被套', 'size', '150x200cm'],
    ['150×200', 'size', '150x200cm'],
    ['标准款', 'size', '标准款'],
    ['有均码吗', 'size', '均码'],
    ['兔子1.5的还有吗', 'size', '1.5m床'],
    ['要标准的', 'size', '标准'],
  ])('%s → %s %j', (text, type, value) => {
    expect(pairs(text)).toEqual([[type, value]]);
  });

  it('reads M or L only as standalone sizes', () => {
    expect(valuesOf('M还是L', 'size')).toEqual(['M', 'L']);
    expect(valuesOf('excel表格', 'size')).toEqual([]);
    expect(valuesOf('small', 'size')).toEqual([]);
    expect(valuesOf('ml', 'size')).toEqual([]);
    expect(valuesOf('m', 'size')).toEqual([]); // lower-case and no context: ambiguous
    expect(valuesOf("I'M fine", 'size')).toEqual([]);
  });

  it('reads catalog sizes that are everyday words only in a size context', () => {
    expect(valuesOf('尺码标准吗', 'size')).toEqual([]);
    expect(valuesOf('是A类标准吗', 'size')).toEqual([]);
  });

  it('does not read a bed size the catalog lacks', () => {
    expect(valuesOf('1米的床', 'size')).toEqual([]);
    expect(valuesOf('100x100', 'size')).toEqual([]);
  });
});

describe('height and weight', () => {
  it.each<Case>([
    ['身高170', 'height', 170],
    ['170cm', 'height', 170],
    ['一米七', 'height', 170],
    ['1米65', 'height', 165],
    ['1.65米', 'height', 165],
    ['1米6五', 'height', 165],
    ['一米六八', 'height', 168],
    ['65kg', 'weight', 65],
    ['65公斤', 'weight', 65],
    ['65千克', 'weight', 65],
    ['65 kg', 'weight', 65],
    ['130斤', 'weight', 65],
    ['一百斤', 'weight', 50],
    ['九十斤', 'weight', 45],
    ['体重60', 'weight', 60],
  ])('%s → %s %j', (text, type, value) => {
    expect(pairs(text)).toEqual([[type, value]]);
  });

  it.each<[string, [string, EntityValue][]]>([
    ['170 65kg', [['height', 170], ['weight', 65]]],
    ['165/50公斤', [['height', 165], ['weight', 50]]],
    ['170，130斤', [['height', 170], ['weight', 65]]],
    ['我身高165体重110斤穿什么码', [['height', 165], ['weight', 55]]],
  ])('%s → height and weight', (text, expected) => {
    expect(pairs(text)).toEqual(expected);
  });

  it('keeps spans tight (no trailing space)', () => {
    expect(extract('宝宝身高70 选73还是80', NOW).map((e) => e.text)).toEqual(['宝宝', '身高70', '73', '80']);
  });

  it.each(['5斤装', '冬被5kg', '150x200', '170元'])('%s → no height or weight', (text) => {
    expect(extract(text, NOW).filter((e) => e.type === 'height' || e.type === 'weight')).toEqual([]);
  });
});

describe('color', () => {
  it.each<Case>([
    ['雾霾蓝还有吗', 'color', '雾霾蓝'],
    ['奶白色的', 'color', '奶白色'],
    ['米白色', 'color', '米白色'],
    ['白的', 'color', '白色'],
    ['要粉色', 'color', '粉色'],
    ['藏青', 'color', '藏青色'],
    ['卡其色', 'color', '卡其色'],
    ['do you have white?', 'color', '白色'],
    ['navy blue', 'color', '藏青色'],
  ])('%s → %s %j', (text, type, value) => {
    expect(pairs(text)).toEqual([[type, value]]);
  });

  it.each(['身上红红的', '白天发货吗', '明白了', '明白的', '白条能用吗', '发红包', '网红款', '网红的', '起红疹', '黑五有活动吗', '黑名单', '拉黑', '灰尘', '蓝牙', '绿色通道', '发黄的'])(
    '%s → no colour',
    (text) => {
      expect(valuesOf(text, 'color')).toEqual([]);
    },
  );
});

describe('skin_type and custom entities', () => {
  it.each<Case>([
    ['敏感肌能穿吗', 'skin_type', '敏感肌'],
    ['皮肤敏感', 'skin_type', '敏感肌'],
    ['过敏体质', 'skin_type', '敏感肌'],
    ['sensitive skin', 'skin_type', '敏感肌'],
    ['干性皮肤', 'skin_type', '干皮'],
    ['我是油皮', 'skin_type', '油皮'],
    ['混油', 'skin_type', '混合皮'],
    ['中性皮', 'skin_type', '中性皮'],
    ['爱长痘', 'skin_type', '痘痘肌'],
    ['湿疹宝宝', 'skin_type', '湿疹'],
    ['eczema', 'skin_type', '湿疹'],
  ])('%s → %s %j', (text, type, value) => {
    expect(pairs(text)).toEqual([[type, value]]);
  });

  it('maps shop synonyms to their value, longest first, English on word boundaries', () => {
    expect(pairs('小宝宝穿的')).toEqual([['audience', '婴儿']]);
    expect(pairs('for my baby')).toEqual([['audience', '婴儿']]);
    expect(pairs('babyish')).toEqual([]);
    expect(pairs('老公和孕妈')).toEqual([
      ['audience', '男士'],
      ['audience', '孕妇'],
    ]);
  });
});

describe('whole messages', () => {
  it('returns entities in text order with spans into the normalised text', () => {
    const text = '订单260311408812345678，预算三百以内，想买两件雾霾蓝的XL，明天能到吗？';
    const got = extract(text, NOW);
    expect(got.map((e) => [e.type, e.value])).toEqual([
      ['order_id', '260311408812345678'],
      ['budget', { max: 300 }],
      ['quantity', 2],
      ['color', '雾霾蓝'],
      ['size', 'XL'],
      ['date', '2026-11-26'],
    ]);
    const norm = normalizeText(text);
    for (const e of got) expect(norm.slice(e.start, e.end)).toBe(e.text);
    for (let i = 1; i < got.length; i++) expect(got[i]!.start).toBeGreaterThanOrEqual(got[i - 1]!.end);
  });

  it('keeps one entity per span', () => {
    expect(pairs('我平时穿L，170 65kg')).toEqual([
      ['size', 'L'],
      ['height', 170],
      ['weight', 65],
    ]);
    expect(pairs('双十一才399现在卖459')).toEqual([
      ['money', 399],
      ['money', 459],
    ]);
  });

  it('is pure: same text and day give the same entities', () => {
    const text = '周五之前能发两件M码的白色吗';
    expect(extract(text, NOW)).toEqual(extract(text, NOW));
  });
});

describe('bad input', () => {
  it.each<[string, string]>([
    ['empty', ''],
    ['control characters', '\u0000\u0001'],
    ['only white space', ' \n\t '],
    ['binary-looking', '\u0000\uffff\ud800\udfff\ud800'.repeat(50)],
    ['100 KB of digits', '1'.repeat(100_000)],
    ['100 KB of Chinese numerals', '一'.repeat(100_000)],
    ['spaced digits', '1 '.repeat(50_000)],
    ['@ everywhere', 'a@'.repeat(50_000)],
  ])('never throws on %s', (_name, text) => {
    const started = performance.now();
    let got: Entity[] = [];
    expect(() => {
      got = extract(text, NOW);
    }).not.toThrow();
    expect(Array.isArray(got)).toBe(true);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('reads only the first 2,000 characters', () => {
    expect(valuesOf(`${'好'.repeat(1990)}明天`, 'date')).toEqual(['2026-11-26']);
    expect(valuesOf(`${'好'.repeat(2000)}明天`, 'date')).toEqual([]);
  });

  it('survives a nonsense reference day', () => {
    expect(() => extract('明天周五28号', { year: Number.NaN, month: 13, day: 0, weekday: 9 })).not.toThrow();
  });

  it('never throws and keeps spans consistent on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const norm = normalizeText(text).slice(0, 2000);
        for (const e of extract(text, NOW)) {
          if (norm.slice(e.start, e.end) !== e.text) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
