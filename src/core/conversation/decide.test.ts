import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyBundle } from '../testing/fixtures.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledge-base.js';
import { compileRelease } from '../knowledge/release.js';
import { intlSegmenter } from '../understanding/segmenter.js';
import { decide } from './decide.js';
import { initialState, type ConversationState } from './state.js';
import type { Flow } from '../sop/types.js';

let kb: KnowledgeBase;
/** 2026-11-25, a Wednesday: what relative dates resolve against in these tests. */
const today = { year: 2026, month: 11, day: 25, weekday: 3 };
beforeAll(() => {
  kb = loadKnowledgeBase(compileRelease(tinyBundle(), intlSegmenter), intlSegmenter);
});

function run(texts: string[], state: ConversationState = initialState()) {
  const out = [];
  for (const text of texts) {
    const d = decide(state, { text, today }, kb);
    state = d.state;
    out.push(d);
  }
  return out;
}

describe('decide', () => {
  it('answers a FAQ question with the entry and its score in the trace', () => {
    const [d] = run(['亲 什么时候能发货呀']);
    expect(d?.replies[0]?.text).toBe('付款后48小时内发货。');
    expect(d?.replies[0]?.trace).toMatchObject({ source: 'faq', faqId: 'shipping-time', releaseId: kb.release.id });
    expect(d?.replies[0]?.trace.confidence).toBeGreaterThan(0.3);
  });

  it('asks again what was asked last when another product is named the elliptical way (那…呢)', () => {
    const [, d] = run(['T恤多少钱', '那连体衣呢']);
    expect(d?.replies[0]?.trace).toMatchObject({ source: 'product', productId: 'baby-bodysuit', aspects: ['price'] });
  });

  it('reads a spec in an elliptical question as picking the variant, not as a question of its own', () => {
    const [, d] = run(['T恤多少钱', '那连体衣呢 90cm的']);
    expect(d?.replies[0]?.trace).toMatchObject({ source: 'product', productId: 'baby-bodysuit', aspects: ['price'] });
  });

  it("answers an apparel product's stated material even where other products state 材质 as a fact", () => {
    const bundle = tinyBundle();
    const cream = { ...bundle.products[0]!, id: 'cream', name: '修护面霜', aliases: [], category: '面霜', attributes: {}, facts: { 材质: '乳霜', 产地: '上海' }, sizeChart: [], variants: [{ sku: 'CR-1', options: {}, priceMinor: 9900, stock: 3 }] };
    const mixed = loadKnowledgeBase(compileRelease({ ...bundle, products: [...bundle.products, cream] }, intlSegmenter), intlSegmenter);
    const tee = decide(initialState(), { text: 'T恤什么材质的', today }, mixed);
    expect(tee.replies[0]?.text).toContain('100%新疆棉');
    const c = decide(initialState(), { text: '面霜什么材质的', today }, mixed);
    expect(c.replies[0]?.text).toContain('材质：乳霜');
  });

  it("answers a declared attribute by its kind, found by the shop's question words, and compares two products", () => {
    const bundle = tinyBundle({
      template: 'beauty',
      attributes: [{ name: '孕妇可用', aliases: [], questions: ['准妈妈'], kind: 'scale', levels: { yes: ['可以'], caution: ['慎用', '建议咨询医生'], no: ['禁用'] } }],
    });
    const base = { ...bundle.products[0]!, aliases: [], category: '护肤', attributes: {}, sizeChart: [] };
    const cream = { ...base, id: 'cream', name: '修护面霜', facts: { 孕妇可用: '禁用', 净含量: '50' }, variants: [{ sku: 'CR-1', options: {}, priceMinor: 9900, stock: 3 }] };
    const lotion = { ...base, id: 'lotion', name: '清爽乳液', facts: { 孕妇可用: '建议咨询医生', 净含量: '120' }, variants: [{ sku: 'LO-1', options: {}, priceMinor: 8900, stock: 3 }] };
    const beauty = loadKnowledgeBase(compileRelease({ ...bundle, products: [cream, lotion] }, intlSegmenter), intlSegmenter);
    const no = decide(initialState(), { text: '准妈妈能用这款吗', pageProductId: 'cream', today }, beauty);
    expect(no.replies[0]?.text).toBe('不可以哦～修护面霜的孕妇可用：禁用。');
    expect(no.replies[0]?.trace).toMatchObject({ source: 'product', productId: 'cream', aspects: ['fact:孕妇可用'] });
    const ask = decide(initialState(), { text: '孕期可以用吗', pageProductId: 'lotion', today }, beauty);
    expect(ask.replies[0]?.text).toContain('孕妇可用：建议咨询医生');
    expect(ask.replies[0]?.text).not.toMatch(/^可以/);
    const compared = decide(initialState(), { text: '修护面霜和清爽乳液哪个净含量大', today }, beauty);
    expect(compared.replies[0]?.text).toContain('清爽乳液的净含量更大');
    expect(compared.replies[0]?.trace).toMatchObject({ source: 'product', productIds: ['cream', 'lotion'] });
  });

  it('answers a product question from catalog data', () => {
    const [d] = run(['T恤黑色L多少钱']);
    expect(d?.replies[0]?.text).toContain('¥79');
    expect(d?.replies[0]?.trace).toMatchObject({ source: 'product', productId: 'cotton-tee', fields: ['variants[].priceMinor'] });
  });

  it('resolves "这款" to the product page the shopper is on', () => {
    const d = decide(initialState(), { text: '这款有73码吗', pageProductId: 'baby-bodysuit', today }, kb);
    expect(d.replies[0]?.text).toContain('73：有货（库存 3 件）');
    expect(d.state.focusProductId).toBe('baby-bodysuit');
  });

  it('keeps talking about the product across turns', () => {
    const [, second] = run(['连体衣多少钱', '新生儿能穿吗']);
    expect(second?.replies[0]?.trace.productId).toBe('baby-bodysuit');
  });

  it('uses the fallback when nothing fits, and counts fallbacks in a row', () => {
    const [a, b, c] = run(['今天股市怎么样', '帮我写篇作文', '多久发货']);
    expect(a?.replies[0]?.text.split('\n')[0]).toBe(tinyBundle().shop.fallback);
    expect(a?.replies[0]?.trace.source).toBe('fallback');
    expect(b?.state.consecutiveFallbacks).toBe(2);
    expect(c?.state.consecutiveFallbacks).toBe(0);
  });

  it('asks which product when the question needs one and none is known', () => {
    const [d] = run(['这个多少钱']);
    expect(d?.replies[0]?.trace.source).toBe('ask_product');
  });

  it('greets and thanks without touching the knowledge base', () => {
    const [hi, thanks] = run(['你好', '谢谢']);
    expect(hi?.replies[0]?.text).toBe(tinyBundle().shop.greeting);
    expect(thanks?.replies[0]?.trace).toMatchObject({ source: 'smalltalk', rule: 'thanks' });
  });

  it('gives the same replies for the same state and message, always', () => {
    const texts = ['多久发货', 'T恤有L吗', '连体衣', '1', '能开票吗', '在吗', 'xyz', '这款多少钱'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...texts), fc.string({ maxLength: 20 })), { minLength: 1, maxLength: 6 }), (msgs) => {
        const first = run(msgs.filter((m) => m.trim() !== ''));
        const again = run(msgs.filter((m) => m.trim() !== ''));
        expect(JSON.stringify(again)).toBe(JSON.stringify(first));
      }),
      { numRuns: 60 },
    );
  });
});

describe('decide with understanding', () => {
  const bundle = tinyBundle();
  bundle.intents = [
    { id: 'shipping_time', label: { zh: '发货时间' }, examples: ['什么时候发货', '几天能发出', '今天下单今天发吗', '多久能到'] },
    { id: 'stock_availability', label: { zh: '库存' }, examples: ['还有货吗', 'M码还有吗', '什么时候补货', '有没有现货', '白色的还有吗'] },
  ];
  const ukb = loadKnowledgeBase(compileRelease(bundle, intlSegmenter), intlSegmenter);

  it('records intent, confidence, entities and sentiment in every reply trace', () => {
    const d = decide(initialState(), { text: '亲 明天能发货吗 我的手机13812345678', today }, ukb);
    const u = d.replies[0]?.trace.understanding;
    expect(u?.intent).toBe('shipping_time');
    expect(u?.confidence).toBeGreaterThan(0);
    expect(u?.entities).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'date', value: '2026-11-26' }), expect.objectContaining({ type: 'phone', value: '13812345678' })]));
    expect(u?.sentiment).toBe('neutral');
  });

  it('gives an out-of-scope question the fallback, marked as such', () => {
    const d = decide(initialState(), { text: '帮我写一篇关于春天的作文', today }, ukb);
    expect(d.replies[0]?.text).toBe(bundle.shop.fallback);
    expect(d.replies[0]?.trace).toMatchObject({ source: 'fallback', rule: 'out_of_scope', understanding: { intent: 'out_of_scope' } });
  });

  it('reads angry messages as angry', () => {
    const d = decide(initialState(), { text: '什么破店！！！再不发货我就投诉', today }, ukb);
    expect(d.replies[0]?.trace.understanding?.sentiment).toBe('angry');
  });
});

describe('the welcome flow on a first message', () => {
  const WELCOME: Flow = {
    id: 'welcome', name: { zh: '欢迎' }, priority: 0, triggers: [{ kind: 'event', event: 'first_message' }],
    slots: {},
    steps: [
      { id: 'hello', kind: 'say', template: 'hello' },
    ],
    templates: {
      hello: [{ text: '欢迎光临～想看看什么？' }],
    },
  };
  let welcomeKb: KnowledgeBase;
  beforeAll(() => {
    welcomeKb = loadKnowledgeBase(
      compileRelease({
        ...tinyBundle(),
        sops: [WELCOME],
        intents: [
          { id: 'points', label: { zh: '积分' }, examples: ['积分怎么用', '积分能换啥', '我的积分呢', '积分多久到账', '积分会过期吗', '买东西送积分吗'] },
          { id: 'shipping', label: { zh: '发货' }, examples: ['什么时候发货', '几天能发出', '今天能发吗', '发什么快递'] },
        ],
      }, intlSegmenter),
      intlSegmenter,
    );
  });
  const first = (text: string) => decide(initialState(), { text, today }, welcomeKb);

  it('opens on a greeting and on a message understood as none of the intents', () => {
    expect(first('你好').replies.map((r) => r.text)).toContain('欢迎光临～想看看什么？');
    const d = first('今天股市怎么样');
    expect(d.understanding?.intent).toBe('out_of_scope');
    expect(d.replies.map((r) => r.trace.flow?.id)).toContain('welcome');
  });

  it('gives the fallback, not a welcome, to a recognised question without an answer', () => {
    const d = first('积分一直没到账');
    expect(d.understanding?.intent).toBe('points');
    expect(d.replies.map((r) => r.trace.source)).toEqual(['fallback']);
  });

  it('gives the fallback to an upset shopper', () => {
    const d = first('烦死了！！！气死我了');
    expect(d.understanding?.sentiment).not.toBe('neutral');
    expect(d.replies.map((r) => r.trace.source)).toEqual(['fallback']);
  });
});

describe('a "do you have…" question naming a product by its short alias', () => {
  it('lists the product rather than answering a FAQ entry that shares the word', () => {
    const tiny = tinyBundle();
    const briefs = { ...tiny.products[0]!, id: 'briefs-3pk', name: '女士纯棉中腰高弹内裤3条装', aliases: ['内裤'], category: '内衣', variants: [{ sku: 'BR-M', options: { size: 'M' }, priceMinor: 5900, stock: 8 }] };
    const sizing = { id: 'size-underwear', question: '内裤怎么选尺码？', similar: ['内裤选多大的', '内裤尺码怎么看', '内裤码数偏大吗'], answer: '内裤按腰围和臀围对照尺码表选择。', tags: ['尺码'] };
    const shopKb = loadKnowledgeBase(compileRelease({ ...tiny, products: [...tiny.products, briefs], faq: [...tiny.faq, sizing] }, intlSegmenter), intlSegmenter);
    for (const text of ['有没有内裤', '想买几条内裤']) {
      const d = decide(initialState(), { text, today }, shopKb);
      expect(d.replies[0]?.trace).toMatchObject({ source: 'catalog', productIds: ['briefs-3pk'] });
      expect(d.replies[0]?.text).toContain('女士纯棉中腰高弹内裤3条装 ¥59');
    }
    // A sizing question about it still gets the sizing answer.
    expect(decide(initialState(), { text: '内裤怎么选码', today }, shopKb).replies[0]?.trace.faqId).toBe('size-underwear');
  });
});

describe('a fallback that suggests questions (您是不是想问)', () => {
  it('lists the closest FAQ questions, and a number picks one', () => {
    const [miss] = run(['东西啥时候能出去呢我着急']);
    const trace = miss?.replies[0]?.trace;
    expect(trace?.source).toBe('fallback');
    const at = trace?.suggestions?.indexOf('shipping-time') ?? -1;
    expect(at).toBeGreaterThanOrEqual(0);
    expect(miss?.replies[0]?.text).toContain(`您是不是想问：`);
    expect(miss?.replies[0]?.text).toContain(`${at + 1}. 下单后多久发货？`);
    expect(miss?.state.suggested).toEqual(trace?.suggestions);
    const [pick] = run([`第${'一二三'[at]}个`], miss?.state);
    expect(pick?.replies[0]?.text).toBe('付款后48小时内发货。');
    expect(pick?.replies[0]?.trace).toMatchObject({ source: 'faq', faqId: 'shipping-time', rule: 'suggestion' });
    expect(pick?.state.suggested).toBeUndefined();
  });

  it('suggests nothing for goods the shop does not sell', () => {
    const [d] = run(['有卖跑步鞋吗 多久能到']);
    expect(d?.replies[0]?.trace.source).toBe('fallback');
    expect(d?.replies[0]?.trace.suggestions).toBeUndefined();
    expect(d?.replies[0]?.text).toBe(tinyBundle().shop.fallback);
  });

  it('says goods the catalog lacks are not found rather than answer with a FAQ entry sharing a word', () => {
    for (const text of ['你们卖跑步鞋吗 什么时候能发货', '有没有跑步鞋卖 发货快吗']) {
      const [d] = run([text]);
      expect(d?.replies[0]?.trace).toMatchObject({ source: 'fallback', rule: 'not_sold' });
    }
    // On a product's page too, unless the shopper points at that product.
    const onPage = { ...initialState(), focusProductId: 'baby-bodysuit' };
    expect(run(['你们卖跑步鞋吗'], onPage)[0]?.replies[0]?.trace).toMatchObject({ source: 'fallback', rule: 'not_sold' });
    expect(run(['你们卖这个吗'], onPage)[0]?.replies[0]?.trace.rule).not.toBe('not_sold');
    // Asked of goods it does sell, the catalog answers; and 卖的 / 专卖店 are not "do you sell".
    expect(run(['有没有T恤卖'])[0]?.replies[0]?.trace.rule).not.toBe('not_sold');
    expect(run(['你们卖的东西什么时候能发货'])[0]?.replies[0]?.trace).toMatchObject({ source: 'faq', faqId: 'shipping-time' });
  });

  it('forgets the suggestions when the shopper says something else', () => {
    const [, other, late] = run(['东西啥时候能寄出去呢我着急', 'T恤多少钱', '1']);
    expect(other?.replies[0]?.trace.source).toBe('product');
    expect(late?.replies[0]?.trace.rule).not.toBe('suggestion');
  });
});

describe('products of a catalog with long marketing titles (a kitchen shop)', () => {
  const product = (id: string, name: string, category: string, facts: Record<string, string>, variants: [string, string, number][]) => ({
    id,
    name,
    aliases: [category],
    category,
    priceMinor: 9900,
    description: '',
    attributes: {},
    facts,
    sizeChart: [],
    variants: variants.map(([sku, spec, stock]) => ({ sku, options: { spec }, priceMinor: 9900, stock })),
  });
  let shop: KnowledgeBase;
  beforeAll(() => {
    const bundle = tinyBundle({ answerThreshold: 0.15 });
    bundle.products = [
      product('JB03', '暖厨便携式榨汁杯无线充电小型迷你果汁杯350ml', '榨汁机', { 电池容量: '1500mAh' }, [['JB03-P', '樱花粉', 230], ['JB03-G', '薄荷绿', 12]]),
      product('JB06', '暖厨吨吨榨汁桶1L大容量便携无线榨汁机户外', '榨汁机', { 电池容量: '4000mAh', 尺寸: '10×10×28cm' }, [['JB06-W', '云朵白', 54]]),
      product('KT17', '暖厨电水壶家用1.7L大容量304不锈钢烧水壶自动断电', '电水壶', { 额定功率: '1800W' }, [['KT17-W', '白色', 300], ['KT17-B', '黑色', 180]]),
      product('KT15', '暖厨恒温电热水壶1.5L智能控温泡茶冲奶烧水壶', '电水壶', { 额定功率: '1500W' }, [['KT15-W', '月白', 95]]),
      product('EG01', '暖厨煮蛋器蒸蛋器自动断电家用小型早餐神器', '煮蛋器', { 保修期: '1年' }, [['EG01-1', '单层/7个蛋', 500], ['EG01-2', '双层/14个蛋', 200]]),
      product('OV32', '暖厨电烤箱家用32L大容量上下独立控温多功能烘焙烤箱', '电烤箱', { 功能: '上下独立控温70-230℃,热风循环' }, [['OV32-A', '32L/基础款', 41]]),
    ];
    shop = loadKnowledgeBase(compileRelease(bundle, intlSegmenter), intlSegmenter);
  });
  const ask = (text: string, pageProductId?: string) => decide(initialState(), { text, today, ...(pageProductId ? { pageProductId } : {}) }, shop).replies[0];

  it('finds a product by a part of its title that few titles share, however long the title', () => {
    expect(ask('榨汁杯薄荷绿还有吗')?.trace).toMatchObject({ source: 'product', productId: 'JB03' });
    expect(ask('榨汁杯薄荷绿还有吗')?.text).toContain('12');
    // 吨吨桶: the characters of 吨吨榨汁桶 in order; 电池多大 asks for the battery, not the size.
    const bucket = ask('吨吨桶那个电池多大');
    expect(bucket?.trace).toMatchObject({ source: 'product', productId: 'JB06' });
    expect(bucket?.text).toContain('4000mAh');
  });

  it('picks, of products the words fit equally, the one that has the named option', () => {
    expect(ask('电水壶黑色有货吗')?.trace).toMatchObject({ source: 'product', productId: 'KT17' });
    expect(ask('电水壶有货吗')?.trace).toMatchObject({ source: 'clarify' });
  });

  it('names a product by a word of its title with an option only it has, or by the word before 呢', () => {
    expect(ask('恒温月白的还有吗')?.trace).toMatchObject({ source: 'product', productId: 'KT15' });
    let state = initialState();
    const turn = (text: string) => {
      const d = decide(state, { text, today }, shop);
      state = d.state;
      return d.replies[0];
    };
    expect(turn('榨汁杯薄荷绿多少钱')?.trace).toMatchObject({ productId: 'JB03', aspects: ['price'] });
    expect(turn('吨吨呢')?.trace).toMatchObject({ source: 'product', productId: 'JB06', aspects: ['price'] });
    // After a FAQ answer, "那X呢" is still about X.
    expect(turn('多久能发货')?.trace).toMatchObject({ source: 'faq' });
    expect(turn('那榨汁杯呢')?.trace).toMatchObject({ source: 'product', productId: 'JB03' });
  });

  it('reads a spec by its leading number (240的), and answers an unstated attribute of a named variant with the variants', () => {
    expect(ask('煮蛋器双层的尺寸多大')?.text).toContain('14个蛋');
  });

  it('answers a named variant with its spec, and a unit question with the value in that unit', () => {
    expect(ask('煮蛋器双层的一次能煮几个蛋')?.text).toContain('14个蛋');
    expect(ask('最高能到多少度啊 烤披萨要高温', 'OV32')?.text).toContain('230℃');
  });
});

describe('a knowledge base of one question per entry', () => {
  const kbOf = (sparse: boolean) => {
    const bundle = tinyBundle({ answerThreshold: 0.99 });
    if (sparse) bundle.faq = bundle.faq.map((f) => ({ ...f, similar: [] }));
    return loadKnowledgeBase(compileRelease(bundle, intlSegmenter), intlSegmenter);
  };
  const ask = (shop: KnowledgeBase, text: string) => decide(initialState(), { text, today }, shop).replies[0]?.trace;

  it('answers a best entry that clearly leads, below the shop threshold', () => {
    expect(ask(kbOf(true), '多久能发货啊')).toMatchObject({ source: 'faq', faqId: 'shipping-time' });
    // With phrasings written for every entry, the shop's threshold alone decides.
    expect(ask(kbOf(false), '多久能发货啊')).toMatchObject({ source: 'fallback' });
  });

  it('does not answer a message that reads as out of scope', () => {
    expect(ask(kbOf(true), '帮我写个请假条 明天要交')).toMatchObject({ source: 'fallback', rule: 'out_of_scope' });
  });
});

describe('a word that is one of a product\'s specs', () => {
  it('counts for that product as a word of its name does', () => {
    const bundle = tinyBundle({ answerThreshold: 0.15 });
    // As products.csv imports them: the category is an alias too.
    const p = (id: string, name: string, category: string, spec: string) => ({ id, name, aliases: [category], category, priceMinor: 5900, description: '', attributes: {}, sizeChart: [], variants: [{ sku: `${id}-1`, options: { spec }, priceMinor: 5900, stock: 9 }] });
    bundle.products = [p('N01', '每日坚果混合果仁25g*30包', '每日坚果', '25g×30包'), p('nt02', '混合坚果仁罐装500g', '坚果', '1kg/原味'), p('LH16', '零食大礼包1kg装坚果礼盒', '礼盒', '经典款')];
    const shop = loadKnowledgeBase(compileRelease(bundle, intlSegmenter), intlSegmenter);
    expect(decide(initialState(), { text: '坚果1kg的多少钱', today }, shop).replies[0]?.trace).toMatchObject({ source: 'product', productId: 'nt02' });
  });
});

describe('products named by one word of a long marketing title', () => {
  const product = (id: string, name: string, category: string, facts: Record<string, string>, variants: [string, number][]) => ({
    id,
    name,
    aliases: [category],
    category,
    priceMinor: 2900,
    description: '',
    attributes: {},
    facts,
    sizeChart: [],
    variants: variants.map(([spec, price], i) => ({ sku: `${id}-${i}`, options: { spec }, priceMinor: price, stock: 9 })),
  });
  let shop: KnowledgeBase;
  beforeAll(() => {
    // The shop's dictionary has its material and kind words, as shop.yaml lists them (jieba knows them anyway).
    const bundle = tinyBundle({ answerThreshold: 0.15, dictionary: ['天丝', '四件套', '充电线'] });
    bundle.products = [
      product('C1', '酷联苹果数据线MFi认证PD快充Type-C转Lightning充电线适用iPhone14 20W', '数据线', {}, [['1m/白色', 2900], ['2m/白色', 3500]]),
      product('H1', '酷联20W PD快充头适用苹果iPhone15快充充电器typec插头单口闪充头', '充电器', {}, [['白色', 3900]]),
      product('C2', '酷联双头Type-C数据线100W PD快充5A适用华为小米笔记本充电线', '数据线', {}, [['1m/黑色', 2500], ['2m/白色', 3300]]),
      product('T1', '栖眠莱赛尔天丝四件套夏季凉感裸睡丝滑床单被套床上用品', '四件套', { 是否可机洗: '不建议（建议手洗）' }, [['1.5m床', 32900]]),
      product('T2', '栖眠60支新疆长绒棉四件套纯棉贡缎床单被套全棉床上用品1.5m1.8m床', '四件套', { 是否可机洗: '可以' }, [['1.5m床', 39900]]),
    ];
    shop = loadKnowledgeBase(compileRelease(bundle, intlSegmenter), intlSegmenter);
  });
  const ask = (text: string) => decide(initialState(), { text, today }, shop).replies[0];

  it('takes a word only that title has (天丝) for the product, but not a word several products are (四件套)', () => {
    const tencel = ask('天丝那套机洗会不会洗坏啊');
    expect(tencel?.trace).toMatchObject({ source: 'product', productId: 'T1' });
    expect(tencel?.text).toContain('不建议');
    expect(ask('四件套能机洗吗')?.trace).toMatchObject({ source: 'clarify' });
    // A number of the message counts for the product whose spec it is as for the one whose title has it.
    expect(ask('天丝那款1.5的多少钱')?.trace).toMatchObject({ source: 'product', productId: 'T1' });
  });

  it('picks by words and option together when both products have the option but one fits the words better', () => {
    const cable = ask('苹果充电线2米白色的多少钱');
    expect(cable?.trace).toMatchObject({ source: 'product', productId: 'C1' });
    expect(cable?.text).toContain('35');
    // 充电头 is in no title: read by its head (充…头) it is the 快充头, which 20W alone is not.
    expect(ask('20w的充电头多少钱啊')?.trace).toMatchObject({ source: 'product', productId: 'H1' });
    // Found that way only, it does not take the shopper off the product on screen.
    expect(decide(initialState(), { text: '20w的充电头多少钱啊', today, pageProductId: 'T1' }, shop).replies[0]?.trace).toMatchObject({ productId: 'T1' });
    // Words that fit both equally, and an option both have: which one is asked.
    expect(ask('充电线2米白色的多少钱')?.trace.source).not.toBe('product');
  });
});
