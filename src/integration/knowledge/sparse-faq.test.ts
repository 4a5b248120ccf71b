// FAQ retrieval on a knowledge base kept as shops keep it (one question per entry: home-zh's
// faq.csv), with the segmenter the server uses: what the sparse weights do.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundleDir } from '../../adapters/bundle/read-bundle-dir.js';
import { defaultSegmenter } from '../../adapters/segmenter/jieba-segmenter.js';
import { decide } from '../../core/conversation/decide.js';
import { initialState } from '../../core/conversation/state.js';
import { SPARSE_FAQ_WEIGHTS } from '../../core/knowledge/faq-model.js';
import { searchFaq } from '../../core/knowledge/faq-search.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import { compileRelease } from '../../core/knowledge/release.js';

async function shopKb(shop: string): Promise<KnowledgeBase> {
  const read = await readBundleDir(fileURLToPath(new URL(`../../../shops/${shop}/`, import.meta.url)));
  if (!read.ok) throw new Error(read.errors.join('\n'));
  return loadKnowledgeBase(compileRelease(read.bundle, defaultSegmenter), defaultSegmenter);
}
let kb: KnowledgeBase;
let snacks: KnowledgeBase;
let kitchen: KnowledgeBase;
let tea: KnowledgeBase;
let jewelry: KnowledgeBase;
beforeAll(async () => {
  [kb, snacks, kitchen, tea, jewelry] = await Promise.all([shopKb('home-zh'), shopKb('snack-zh'), shopKb('kitchen-zh'), shopKb('tea-zh'), shopKb('jewelry-zh')]);
});
const today = { year: 2026, month: 11, day: 25, weekday: 3 };
const top = (text: string) => searchFaq(kb, text)[0]?.faqId;

describe('FAQ search on a knowledge base of one question per entry', () => {
  it('weighs service topics up and answer sentences down', () => {
    expect(kb.faqModel.weights).toMatchObject(SPARSE_FAQ_WEIGHTS);
  });
  it('ranks the entry whose question is the topic above one whose answer names the goods in passing', () => {
    // warranty's answer says 收纳箱保修1年; the message is about damage in transit.
    expect(top('收到箱子压扁了 收纳箱裂了一道缝')).toBe('return-damaged');
    expect(top('床笠拍成1.5的了 我家床是1.8 能换不')).toBe('exchange-size');
    expect(top('刚拍错了 不想要了 怎么撤单')).toBe('order-cancel');
  });
});

describe('a named product on a one-question knowledge base', () => {
  it('is answered from its own attribute a unit points at, over a FAQ entry the classifier is not sure of', () => {
    // 孕妇能吃吗 shares 能吃 and scores 0.41; the hotpot's 食用方法 says how many minutes.
    const d = decide(initialState(), { text: '自热火锅加完水要等多久能吃', today }, snacks);
    expect(d.replies[0]?.trace).toMatchObject({ source: 'product', productId: 'HG13', fields: ['facts.食用方法'] });
    expect(d.replies[0]?.text).toContain('15分钟');
  });
});

describe('a message all but certainly out of scope', () => {
  it('gets the fallback unless a FAQ entry is sure, not an entry sharing a word', () => {
    const joke = decide(initialState(), { text: '好无聊 给我讲个笑话呗', today }, kitchen);
    expect(joke.replies[0]?.trace).toMatchObject({ source: 'fallback', rule: 'out_of_scope' });
    // In scope, the same shop still answers from its knowledge base.
    const fee = decide(initialState(), { text: '满多少包邮呀', today }, kitchen);
    expect(fee.replies[0]?.trace).toMatchObject({ source: 'faq', faqId: 'ship-fee' });
  });
});

describe('a postage question', () => {
  it('is answered by the shipping fee entry, not by the return postage entry whose answer says 运费 four times', () => {
    expect(searchFaq(kitchen, '要运费吗')[0]?.faqId).toBe('ship-fee');
    // A message about returning still gets the return postage entry.
    expect(searchFaq(kitchen, '退回去的运费谁出')[0]?.faqId).toBe('return-shipping-fee');
  });
});

describe('a return question about unused goods', () => {
  it('is not answered by the entry about returning used goods, and a question about used goods still is', () => {
    expect(searchFaq(kitchen, '炸锅收到了还没用 不想要了能退不')[0]?.faqId).toBe('return-7day');
    expect(searchFaq(kitchen, '炸锅用过了还能退吗')[0]?.faqId).toBe('return-opened');
  });
});

describe('a gift box holding goods the shop also sells alone', () => {
  it('does not stand for those goods, unless the message asks for a box', () => {
    const ask = (text: string) => decide(initialState(), { text, today }, tea).replies[0]?.trace;
    // LH-01, 茶叶礼盒, has a 明前龙井125g option and a 四味…各50g one; LJ01 is the Longjing itself.
    expect(ask('明前龙井50克的多少钱')).toMatchObject({ source: 'product', productId: 'LJ01' });
    expect(ask('金骏眉50克一罐多少米')).toMatchObject({ source: 'product', productId: 'HC01' });
    expect(ask('龙井红茶双拼礼盒多少钱')).toMatchObject({ source: 'product', productId: 'LH-01' });
  });
});

describe('a question about something other than the variant it names', () => {
  it('is answered by the value it points at, not with stock; a variant asked for alone is stock', () => {
    const d = decide(initialState(), { text: '正山小种是无烟的吗 有没有烟熏味', today }, tea);
    expect(d.replies[0]?.trace).toMatchObject({ source: 'product', productId: 'HC01', fields: ['facts.口感'] });
    expect(d.replies[0]?.text).toContain('无烟版');
    // One shared pair is not enough to leave stock ("正山小种有烟熏味没" shares only 烟熏).
    expect(decide(initialState(), { text: '正山小种250g袋装还有吗', today }, tea).replies[0]?.trace).toMatchObject({ fields: ['variants[].options', 'variants[].stock'] });
  });
});

describe('a product named by the words of its title, not by a category word', () => {
  it('beats the product whose category is the one word it shares', () => {
    const ask = (text: string) => decide(initialState(), { text, today }, jewelry).replies[0]?.trace;
    // 手镯 is YS01's category; the baby bangle et-sz has 宝宝 and 手镯 in its title.
    expect(ask('宝宝戴的手镯多重')).toMatchObject({ source: 'product', productId: 'et-sz' });
    // A variant whose name holds the attribute name 圈口 still names its product alone.
    expect(ask('足银手镯58圈口的多少钱')).toMatchObject({ source: 'product', productId: 'YS01' });
  });
});
