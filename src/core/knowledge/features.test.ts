import { describe, expect, it } from 'vitest';
import { createTokenizer, intlSegmenter } from '../understanding/tokenizer.js';
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
    // Outside a return, washing is about the fabric.
    expect(states('纯棉T恤下过水会不会缩')).toEqual([]);
  });
});
