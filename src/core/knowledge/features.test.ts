import { describe, expect, it } from 'vitest';
import { createTokenizer, intlSegmenter } from '../understanding/tokenizer.js';
import { BUILTIN_SYNONYMS } from '../understanding/synonyms.js';
import { createFeatureExtractor } from './features.js';

const features = createFeatureExtractor(createTokenizer([], intlSegmenter), new Map());
/** The canonical state tokens a message gets (not its words or bigrams). */
const states = (text: string): string[] => features(text).filter((t) => /^w:(签收7天内|签收超过7天|吊牌完好|已使用|未发货|已发货)$/.test(t)).sort();

describe('retrieval features: states a bag of words would lose', () => {
  it('puts how long the goods have been held on one side of 7 days, whatever the numeral', () => {
    expect(states('签收都十二天了 现在还能退吗')).toEqual(['w:签收超过7天']);
    expect(states('收到第九天了才拿出来试')).toEqual(['w:签收超过7天']);
    expect(states('收到都半个月了')).toEqual(['w:签收超过7天']);
    expect(states('买了快两周 一直没拆 还能退吗')).toEqual(['w:吊牌完好', 'w:签收超过7天']);
    expect(states('过了七天还能退吗')).toEqual(['w:签收超过7天']);
    expect(states('前天刚收到 不喜欢')).toEqual(['w:签收7天内']);
    expect(states('收到3天了')).toEqual(['w:签收7天内']);
    expect(states('收到不喜欢 7天内能退吗')).toEqual(['w:签收7天内']);
  });

  it('ignores day counts that are not about goods received', () => {
    expect(states('支持7天无理由退换吗')).toEqual([]);
    expect(states('三天了还没发货')).toEqual(['w:未发货']);
  });

  it("reads the goods' condition in return questions, negation included", () => {
    expect(states('试了一下不合身 吊牌还在 能退吗')).toEqual(['w:吊牌完好']);
    expect(states('衣服没洗没穿 想退')).toEqual(['w:吊牌完好']);
    expect(states('吊牌剪了能退吗')).toEqual(['w:已使用']);
    expect(states('洗过一次还能退不')).toEqual(['w:已使用']);
    expect(states('吊牌被娃扯掉了 能退不')).toEqual(['w:已使用']);
    // Goods other than clothes: unused (没用, 未拆封) against used (插电, 用了).
    expect(states('炸锅收到了还没用 不想要了能退不')).toEqual(['w:吊牌完好']);
    expect(states('插电试了一下 感觉不喜欢 还能无理由退吗')).toEqual(['w:已使用']);
    expect(states('拆封后还能退吗')).toEqual(['w:已使用']);
    expect(states('没拆封的能退吗')).toEqual(['w:吊牌完好']);
    // Outside a return, washing is about the fabric.
    expect(states('纯棉T恤下过水会不会缩')).toEqual([]);
  });
});

describe('retrieval features: service topics however they are worded', () => {
  const topics = (text: string): string[] => features(text).filter((t) => t.startsWith('t:')).sort();
  it('gives differently worded messages on one topic the same token', () => {
    expect(topics('快递到了爽肤水瓶子裂了 漏了一箱子')).toContain('t:运输破损');
    expect(topics('收到的商品摔坏了/外壳破裂怎么办？')).toContain('t:运输破损');
    expect(topics('退货寄回去几天能退钱啊')).toContain('t:退款到账');
    expect(topics('退款多久到账？')).toContain('t:退款到账');
    expect(topics('人工几点下班啊')).toEqual(['t:客服时间']);
    // Where to, how fast, how long it is covered, colour running: said in a city's name or a colloquialism.
    expect(topics('我在喀什 满多少包邮')).toContain('t:偏远地区');
    expect(topics('新疆、西藏等偏远地区包邮吗？')).toContain('t:偏远地区');
    expect(topics('急用 加钱走顺风行不')).toContain('t:加急快递');
    expect(topics('用了五个月坏了 还在保不')).toContain('t:保修');
    expect(topics('保修多久？')).toContain('t:保修');
    expect(topics('第一次洗水有点蓝 正常不')).toContain('t:掉色');
    expect(topics('洗蓝色的衣服要注意啥')).not.toContain('t:掉色');
    expect(topics('收到第二天就不启动了')).toContain('t:质量问题');
    expect(topics('现在发的货是几月份生产的')).toContain('t:日期新鲜');
    // 还没用 is "not used yet", not "useless".
    expect(topics('收到了还没用 能退吗')).not.toContain('t:没有效果');
    expect(topics('用了一个月 一点用都没有 没用')).toContain('t:没有效果');
    // An exchange however it is asked, apart from other changes (address, a new one under warranty).
    expect(topics('买成M了 宝宝穿着勒 没拆的能换L不')).toContain('t:换货');
    expect(topics('尺寸买错了可以换吗？')).toContain('t:换货');
    expect(topics('能换个地址吗')).not.toContain('t:换货');
    expect(topics('坏了能换新吗')).not.toContain('t:换货');
    expect(topics('刚拍错了 怎么撤单')).toContain('t:取消订单');
    expect(topics('枕套才用三天就开线了')).toContain('t:质量问题');
    expect(topics('晚上八点拍的 今天还能发出不')).toContain('t:发货时效');
    expect(topics('旧充电宝能抵钱不')).toContain('t:以旧换新');
    expect(topics('可以以旧换新吗？')).toContain('t:以旧换新');
    expect(topics('积分能抵钱吗')).not.toContain('t:以旧换新');
  });
  it('folds the symptom words shoppers use onto the ones a FAQ question uses', () => {
    const withSynonyms = createFeatureExtractor(createTokenizer([], intlSegmenter), BUILTIN_SYNONYMS);
    expect(withSynonyms('吸的时候乳头好痛')).toContain('w:疼');
    expect(withSynonyms('快充头充起来好慢')).toContain('w:慢');
    expect(withSynonyms('第一张贴斜了 还一堆泡泡')).toEqual(expect.arrayContaining(['w:歪', 'w:气泡']));
  });
  it('gives a message about none of them no topic', () => {
    expect(topics('这款是什么颜色')).toEqual([]);
  });
});
