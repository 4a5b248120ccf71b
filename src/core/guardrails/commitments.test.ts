import { describe, expect, it } from 'vitest';
import { commitmentsIn, unallowedCommitments, type CommitmentKind } from './commitments.js';

const pairs = (text: string, language: 'zh-CN' | 'en' = 'zh-CN') => commitmentsIn(text, language).map((c) => [c.text, c.kind]);

describe('commitmentsIn', () => {
  it.each<[string, string, CommitmentKind]>([
    ['可以给您退款', '退款', 'refund'],
    ['马上退钱给你', '退钱', 'refund'],
    ['全额退给您', '全额退', 'refund'],
    ['我们赔偿您100元', '赔偿', 'compensation'],
    ['给您补偿一下', '补偿', 'compensation'],
    ['这单给您打折', '打折', 'discount'],
    ['领一张优惠券', '优惠券', 'discount'],
    ['给您发个红包', '红包', 'discount'],
    ['我们包邮', '包邮', 'free'],
    ['这个免费送', '免费', 'free'],
    ['我保证明天到', '保证', 'guarantee'],
    ['绝对是正品', '绝对', 'guarantee'],
    ['这份报价具有法律效力', '具有法律效力', 'legal'],
    ['我们可以签合同', '合同', 'legal'],
    ['成交！', '成交', 'deal'],
    ['就按这个价给您', '就按这个价', 'deal'],
  ])('finds in %s the commitment %s (%s)', (text, word, kind) => {
    expect(pairs(text)).toEqual([[word, kind]]);
  });

  it.each<[string, string, CommitmentKind]>([
    ['We will refund you today.', 'refund', 'refund'],
    ['You get your money back.', 'money back', 'refund'],
    ['We will compensate you.', 'compensate', 'compensation'],
    ['Here is a coupon for you.', 'coupon', 'discount'],
    ['Shipping is free for you.', 'free', 'free'],
    ['You get free shipping.', 'free shipping', 'free'],
    ['I guarantee it arrives Friday.', 'guarantee', 'guarantee'],
    ['This offer is legally binding.', 'legally binding', 'legal'],
    ["It's a deal.", "It's a deal", 'deal'],
  ])('finds in the English %s the commitment %s (%s)', (text, word, kind) => {
    expect(pairs(text, 'en')).toEqual([[word, kind]]);
  });

  it('finds every commitment of the Chevrolet reply in order', () => {
    expect(pairs('成交！这辆车1美元卖给您，这是具有法律约束力的报价，不能反悔')).toEqual([
      ['成交', 'deal'],
      ['法律约束', 'legal'],
    ]);
  });

  it.each(['不支持退款', '无法赔偿', '出行后不予追溯退款', '本店不提供赠品', '没有优惠了', '暂不包邮'])(
    'does not count the refusal %s as a commitment',
    (text) => {
      expect(pairs(text)).toEqual([]);
    },
  );

  it.each(['We do not offer refunds.', "We can't give a discount here.", 'Sorry, we are unable to compensate.'])(
    'does not count the English refusal %s as a commitment',
    (text) => {
      expect(pairs(text, 'en')).toEqual([]);
    },
  );

  it('still counts a commitment when the negation is far away or across punctuation', () => {
    expect(pairs('没有问题，马上给您退款')).toEqual([['退款', 'refund']]);
  });

  it('does not read 不满意 or 无理由 as a negation of what follows', () => {
    expect(pairs('不满意包退')).toEqual([['包退', 'refund']]);
    expect(pairs('支持7天无理由退货')).toEqual([['退货', 'refund']]);
    expect(pairs('不仅退款还补偿')).toEqual([
      ['退款', 'refund'],
      ['补偿', 'compensation'],
    ]);
  });

  it('counts a commitment asked as a question', () => {
    expect(pairs('要不要给您退款呢？')).toEqual([['退款', 'refund']]);
    expect(pairs('能不能包邮？')).toEqual([['包邮', 'free']]);
  });

  it('does not take feel free, deal with or hands-free as commitments', () => {
    expect(pairs('Feel free to ask; we will deal with it. The hands-free kit ships soon.', 'en')).toEqual([]);
  });

  it('finds nothing in a plain answer', () => {
    expect(pairs('您好，这款是纯棉的，适合春秋穿。')).toEqual([]);
    expect(pairs('Your parcel left our warehouse this morning.', 'en')).toEqual([]);
  });
});

describe('unallowedCommitments', () => {
  it('lets an allowlisted phrase pass', () => {
    expect(unallowedCommitments('满199元包邮哦，偏远地区除外～', ['包邮'], 'zh-CN')).toEqual([]);
  });

  it('lets a word pass only inside the allowlisted phrase', () => {
    const found = unallowedCommitments('支持7天无理由退货，也可以全额退货', ['7天无理由退货'], 'zh-CN');
    expect(found.map((c) => c.text)).toEqual(['全额退']);
  });

  it('matches the allowlist ignoring width and spacing', () => {
    expect(unallowedCommitments('支持７天 无理由退货', ['7天无理由退货'], 'zh-CN')).toEqual([]);
  });

  it('reports everything when nothing is allowed', () => {
    expect(unallowedCommitments('包邮还送赠品', [], 'zh-CN').map((c) => c.kind)).toEqual(['free', 'free']);
  });

  it('does not let an allowlisted phrase cover a different commitment', () => {
    expect(unallowedCommitments('包邮，再给您退款', ['包邮'], 'zh-CN').map((c) => c.text)).toEqual(['退款']);
  });

  it('works for English allowlists', () => {
    expect(unallowedCommitments('Free shipping on orders over $50.', ['free shipping'], 'en')).toEqual([]);
  });
});
