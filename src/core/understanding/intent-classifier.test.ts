import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OUT_OF_SCOPE, trainIntentClassifier } from './intent-classifier.js';
import { OUT_OF_SCOPE_EXAMPLES } from './out-of-scope-examples.js';
import { createTokenizer, intlSegmenter } from './tokenizer.js';

const tok = createTokenizer(['发货', '退款'], intlSegmenter);
const EXAMPLES = [
  ...['什么时候发货', '几天能发出', '今天下单今天发吗', '发什么快递', '多久能到', '能发顺丰吗', '付款后多久发货', '下午拍的今天能发不', '什么时候能给我发出去', '发货要几天'].map((text) => ({ text, intent: 'shipping_time' })),
  ...['退款什么时候到账', '钱怎么还没退回来', '退款进度怎么查', '退的钱到哪了', '退款被拒绝了', '申请退款好几天了', '退款多久能到', '退款显示成功了钱没到', '退款退到哪里了', '退款怎么这么慢'].map((text) => ({ text, intent: 'refund_status' })),
  ...['有优惠券吗', '券怎么领', '新人券在哪', '优惠券用不了', '店铺券怎么用', '生日券有吗', '领的券在哪看', '满减券能叠加吗', '有没有无门槛的券', '券过期了还能用吗'].map((text) => ({ text, intent: 'coupon' })),
  ...OUT_OF_SCOPE_EXAMPLES.map((text) => ({ text, intent: OUT_OF_SCOPE })),
];

describe('intent classifier', () => {
  const c = trainIntentClassifier(EXAMPLES, tok.words);

  it('recognises unseen wordings of the trained intents, with confidence and runners-up', () => {
    expect(c.classify('亲 啥时候给我发货呀').intent).toBe('shipping_time');
    expect(c.classify('我的退款到账了没').intent).toBe('refund_status');
    const r = c.classify('有没有新人优惠券');
    expect(r.intent).toBe('coupon');
    expect(r.confidence).toBeGreaterThan(0.15);
    expect(r.ranked.length).toBe(3);
    expect(r.ranked[0]?.confidence).toBeGreaterThanOrEqual(r.ranked[1]?.confidence ?? 1);
    expect(c.intents).toEqual(['shipping_time', 'refund_status', 'coupon']);
  });

  it('calls what belongs to no intent out of scope', () => {
    expect(c.classify('明天北京天气怎么样').intent).toBe(OUT_OF_SCOPE);
    expect(c.classify('帮我写一首诗').intent).toBe(OUT_OF_SCOPE);
  });

  it('is deterministic: the same examples give the same model and the same answers', () => {
    const again = trainIntentClassifier(EXAMPLES, tok.words);
    for (const t of ['什么时候发货', '退款', '天气', '券']) expect(again.classify(t)).toEqual(c.classify(t));
  });

  it('never throws on empty, huge, binary-looking or control-character text', () => {
    expect(c.classify('').intent).toBe(OUT_OF_SCOPE);
    expect(c.classify('\u0000\u0001\u0002').intent).toBe(OUT_OF_SCOPE);
    expect(typeof c.classify('发货'.repeat(50_000)).intent).toBe('string');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const r = c.classify(s);
        return typeof r.intent === 'string' && r.confidence >= 0 && r.confidence <= 1;
      }),
      { numRuns: 300 },
    );
  });
});
