import { describe, expect, it } from 'vitest';
import { detectSentiment, SENTIMENT_THRESHOLDS, type Sentiment } from './sentiment.js';

const label = (text: string): Sentiment => detectSentiment(text).sentiment;

describe('detectSentiment: neutral', () => {
  it.each([
    // questions, requests, facts
    '这款有XL吗？',
    '能便宜点吗',
    '着急用 什么时候发货',
    '急用',
    '谢谢',
    '谢谢亲 收到了很喜欢',
    '亲 在吗',
    '包邮吗 江浙沪几天到',
    '新生儿穿多大码 宝宝身高52cm',
    '订单号123456789 帮我查下物流',
    '麻烦帮我查一下物流',
    '不好意思 想问下有没有现货',
    '衣服有点小 能换大一码吗',
    '发货速度很快 谢谢',
    '客服态度很好',
    '刚下单 什么时候发',
    '一般几天到',
    '一星期能到吗',
    '差不多什么时候到',
    '有差价吗',
    '出差了 晚点收',
    '没事 不着急',
    '慢慢来不急',
    '取消订单',
    // service requests are not feelings
    '退款',
    '退货',
    '我想退货 怎么操作',
    // English
    'Hi, do you ship to Singapore? How long does it take?',
    'what is the fabric? is it 100% cotton',
    'refund please',
    'love it thanks!',
    'Hello, is the XL in stock?',
    'THANK YOU SO MUCH',
    'I hate to bother you but can I change the colour?',
    'my bad, wrong address, can you fix it',
    // mixed, emoji
    '这个size M有吗 thanks',
    '收到了 好喜欢!!!',
    '太可爱了😭😭',
    '好的👌',
    '😀😀',
  ])('%s', (text) => {
    expect(label(text)).toBe('neutral');
  });
});

describe('detectSentiment: negative', () => {
  it.each([
    '等了好久了还没到 有点失望',
    '有点担心宝宝过敏',
    // A worry about fakes is not an accusation: it went to a person as angry before.
    '怕买到假货',
    '我是敏感肌，宝宝的连体衣用什么面料？怕买到假货',
    '担心是假货',
    '怎么还没发货啊',
    '急急急',
    '急死了',
    '烦死了',
    '太慢了吧',
    '质量一般般',
    '不太满意',
    '这也太差了吧',
    '失望',
    '洗了一次就起球了',
    '宝宝穿了过敏了',
    '都一个星期了',
    '客服人呢',
    '为什么不回复我',
    '我都催了三次了',
    '你们是不是发错货了',
    '这个颜色跟图片不一样',
    '是假货吗',
    '这个价格有点离谱',
    '我很生气',
    '唉 算了',
    '質量太差了',
    '都三天了还没发货 到底怎么回事',
    // English
    'disappointed',
    'still not here',
    'not happy',
    'I hate waiting',
    'still waiting for my refund',
    'sooooo slow',
    'I am a bit worried about rashes',
    'nobody replies',
    'is this a scam?',
    'how do I complain?',
    // mixed and emoji
    'order还没到 really disappointed',
    '😢',
    '👎',
    '[流泪]',
  ])('%s', (text) => {
    expect(label(text)).toBe('negative');
  });
});

describe('detectSentiment: angry', () => {
  it.each([
    '再不处理我就投诉',
    '我要投诉',
    '给你差评',
    '差评！',
    '打12315',
    '我要曝光你们',
    '再不退款我就报警',
    '起诉你们',
    '垃圾',
    '垃圾店 再不发货我就投诉！！！',
    '你们是骗子吧',
    '坑人',
    '黑店',
    '什么破店',
    '破玩意',
    '去死',
    '智障客服',
    '有病吧你',
    '滚',
    'tmd还不发货',
    '他妈的',
    '草 又没发货',
    '靠 什么时候发货',
    '气死我了',
    '太离谱了',
    '卖假货',
    '騙子',
    // negative content + shouting
    '怎么还没发货！！！',
    '到底发不发货？？？？',
    '你们这是什么服务态度!!!',
    'The quality is so bad!!!',
    // English
    'THIS IS RIDICULOUS',
    'WHERE IS MY ORDER I AM NOT HAPPY',
    'this is ridiculous',
    'worst shop ever',
    'scam',
    'fraud',
    'wtf',
    'What the hell, where is my order',
    'I am going to complain',
    // emoji and stickers
    '😡',
    '🤬',
    '💢',
    '😡😡😡 还不发货',
    '[怒]',
  ])('%s', (text) => {
    expect(label(text)).toBe('angry');
  });
});

describe('detectSentiment: negation and non-complaint uses', () => {
  it.each([
    ['不差', 'neutral'],
    ['质量不差', 'neutral'],
    ['没有不满意', 'neutral'],
    ['一点都不慢', 'neutral'],
    ['发货一点都不慢', 'neutral'],
    ['不失望 挺好的', 'neutral'],
    ['不用担心', 'neutral'],
    ['差评返现吗', 'neutral'],
    ['好评返现', 'neutral'],
    ['投诉电话是多少', 'negative'],
    ['请问投诉怎么处理', 'negative'],
    ['不会给差评的 放心', 'neutral'],
    ['垃圾袋有吗', 'neutral'],
    ['靠谱吗', 'neutral'],
    ['这个靠垫可以洗吗', 'neutral'],
    ['滚边是什么颜色', 'neutral'],
    ['草莓印花有吗', 'neutral'],
    ['孩子他妈穿M码', 'neutral'],
    ['给妈妈的衣服', 'neutral'],
    ['宝宝穿着很舒服了', 'neutral'],
    ['宝宝屁屁红红的 有护臀的吗', 'neutral'],
    ['有病菌吗', 'neutral'],
    ['不满一岁的宝宝穿多大', 'neutral'],
    ['会起球吗', 'neutral'],
    ['会不会过敏', 'neutral'],
    ['这衣服扎人吗', 'neutral'],
    ['有问题可以退吗', 'neutral'],
    ['什么情况下会起球', 'neutral'],
    ['看到好多差评 有点担心', 'negative'],
    ['你们是不是骗子', 'angry'],
    ['not bad', 'neutral'],
    ['the size is ok, not bad at all', 'neutral'],
    ['no worries', 'neutral'],
    ["don't worry", 'neutral'],
    ["i'm not angry just asking", 'neutral'],
    ['no complaints, love it', 'neutral'],
    ['trash bag', 'neutral'],
    ['this is ridiculously soft', 'neutral'],
  ] as const)('%s → %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it('reports negated cues in the trace without counting them', () => {
    const r = detectSentiment('没有不满意');
    expect(r.score).toBe(0);
    expect(r.cues).toContain('not:不满意');
  });

  it('asks about a complaint channel as a question, not a threat', () => {
    const question = detectSentiment('投诉电话是多少');
    const threat = detectSentiment('我要投诉');
    expect(question.score).toBeLessThan(SENTIMENT_THRESHOLDS.angry);
    expect(threat.score).toBeGreaterThan(question.score);
  });
});

describe('detectSentiment: intensity and scoring', () => {
  it('raises the score with intensity words, without making impatience hostile', () => {
    const plain = detectSentiment('还没发货');
    const intense = detectSentiment('都三天了还没发货 到底什么时候发');
    expect(intense.score).toBeGreaterThan(plain.score);
    expect(intense.sentiment).toBe('negative');
    expect(intense.cues).toContain('+到底');
  });

  it('turns negative content into anger when shouted, but not a happy message', () => {
    expect(detectSentiment('太慢了').sentiment).toBe('negative');
    expect(detectSentiment('太慢了！！！').sentiment).toBe('angry');
    expect(detectSentiment('谢谢!!!').sentiment).toBe('neutral');
  });

  it('treats ALL-CAPS as shouting only together with a complaint', () => {
    expect(detectSentiment('why is it not shipped yet').sentiment).toBe('negative');
    expect(detectSentiment('WHY IS IT NOT SHIPPED YET').sentiment).toBe('angry');
    expect(detectSentiment('HELLO THERE').sentiment).toBe('neutral');
    expect(detectSentiment('XL SIZE OK').sentiment).toBe('neutral');
  });

  it('softeners and degree adverbs move the score within the label', () => {
    const soft = detectSentiment('有点失望').score;
    const plain = detectSentiment('失望').score;
    const strong = detectSentiment('非常失望').score;
    expect(soft).toBeLessThan(plain);
    expect(plain).toBeLessThan(strong);
  });

  it('maps the score to the label with the documented thresholds', () => {
    const texts = ['能便宜点吗', '有点担心', '太慢了吧', '垃圾', '怎么还没发货！！！', 'still not here', '😡'];
    for (const text of texts) {
      const { score, sentiment } = detectSentiment(text);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
      const expected: Sentiment =
        score >= SENTIMENT_THRESHOLDS.angry ? 'angry' : score >= SENTIMENT_THRESHOLDS.negative ? 'negative' : 'neutral';
      expect(sentiment).toBe(expected);
    }
  });

  it('lists the cues that fired', () => {
    const r = detectSentiment('垃圾店 再不发货我就投诉！！！');
    expect(r.cues).toEqual(expect.arrayContaining(['垃圾', '投诉', '!!!']));
    expect(detectSentiment('能便宜点吗').cues).toEqual([]);
  });
});

describe('detectSentiment: bad input', () => {
  const bad: [string, string][] = [
    ['empty', ''],
    ['white space', ' \n\t  '],
    ['control characters', '\u0000\u0001\u0002\u001b[31m\u007f'],
    ['lone surrogates', '\ud800\udfff\ud800 \udc00'],
    ['binary-looking', Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
    ['100 KB', '怎么还没发货'.repeat(17_000)],
    ['only punctuation', '!!!???!!!'],
    ['regex metacharacters', '.*+?^${}()|[]\\ (?<!a) \\1'],
  ];

  it.each(bad)('%s does not throw and stays in range', (_name, text) => {
    const r = detectSentiment(text);
    expect(['neutral', 'negative', 'angry']).toContain(r.sentiment);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(Array.isArray(r.cues)).toBe(true);
  });

  it('is neutral for empty and control-only input', () => {
    expect(detectSentiment('')).toEqual({ sentiment: 'neutral', score: 0, cues: [] });
    expect(detectSentiment('\u0000\u0001').sentiment).toBe('neutral');
  });

  it('survives non-string values from untyped callers', () => {
    for (const v of [null, undefined, 42, {}, []]) {
      expect(detectSentiment(v as unknown as string).sentiment).toBe('neutral');
    }
  });

  it('reads only the first 2,000 characters', () => {
    const padding = '请问这款有货吗'.repeat(300); // 2,100 characters
    expect(detectSentiment(`${padding}垃圾`).sentiment).toBe('neutral');
    expect(detectSentiment(`垃圾${padding}`).sentiment).toBe('angry');
  });

  it('is fast on long input', () => {
    const long = 'x'.repeat(100_000) + '垃圾';
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) detectSentiment(long);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
