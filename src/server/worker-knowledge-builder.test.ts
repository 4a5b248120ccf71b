import { describe, expect, it } from 'vitest';
import type { FaqEntry, ShopBundle } from '../core/catalog/types.js';
import { searchFaq } from '../core/knowledge/faq-search.js';
import { compileRelease } from '../core/knowledge/release.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import { inProcessKnowledgeBuilder, inProcessReleaseCompiler } from '../app/shops/knowledge-cache.js';
import { loadKnowledgeBase } from '../core/knowledge/knowledge-base.js';
import { defaultSegmenter } from '../adapters/segmenter/jieba-segmenter.js';
import { workerKnowledgeBuilder, workerReleaseCompiler } from './worker-knowledge-builder.js';

const TOPICS = ['发货', '退货', '发票', '优惠券', '会员', '积分', '尺码', '洗涤', '运费', '快递'];
const GOODS = ['睡衣', '毛巾', '床单', '内裤', '袜子', '被套', '枕头', '浴巾', '背心', '围巾', '拖鞋', '帽子', '手套', '口罩', '围裙', '抱枕', '睡袍', '短裤', '衬衫', '卫衣'];
const SHADES = ['白色', '黑色', '灰色', '红色', '蓝色', '绿色', '黄色', '粉色', '紫色', '米色'];

/** The tiny shop with 2,000 FAQ entries, each about one topic of one coloured kind of goods. */
function bigFaqBundle(): ShopBundle {
  const base = tinyBundle();
  const faq: FaqEntry[] = Array.from({ length: 2000 }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length] ?? '';
    const goods = GOODS[Math.floor(i / TOPICS.length) % GOODS.length] ?? '';
    const shade = SHADES[Math.floor(i / (TOPICS.length * GOODS.length)) % SHADES.length] ?? '';
    return { id: `e${i}`, question: `${shade}${goods}${topic}怎么办`, similar: [`${shade}的${goods}${topic}问题`, `问下${goods}${shade}${topic}`], answer: `${shade}${goods}${topic}的说明`, tags: [] };
  });
  return { ...base, faq };
}

describe('the worker knowledge builder', () => {
  it('keeps the event loop turning while a 2,000-entry shop without an image trains and loads, and answers as an in-process load does', async () => {
    const release = compileRelease(bigFaqBundle(), defaultSegmenter);
    let loaded = false;
    const loading = workerKnowledgeBuilder()
      .train(release)
      .then(({ knowledge }) => {
        loaded = true;
        return knowledge;
      });
    // A cheap operation queued after the load started completes while the load is still pending:
    // the load does not hold the loop (an in-process load would have finished first).
    let ticks = 0;
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (!loaded) ticks++;
    }
    expect(ticks).toBe(3);
    const kb = await loading;
    const local = (await inProcessKnowledgeBuilder(defaultSegmenter).train(release)).knowledge;
    expect(kb.faqModel.classifier.kind).toBe('candidates');
    for (const q of ['黑色睡衣怎么退货', '蓝色毛巾的发票问题', '粉色袜子运费多少']) expect(searchFaq(kb, q)).toEqual(searchFaq(local, q));
    expect(searchFaq(kb, '蓝色毛巾的发票问题')[0]?.faqId).toBe('e812');
  }, 180_000);

  it('compiles and trains a release in a worker thread, the same as in process, into an image a node loads', async () => {
    const bundle = bigFaqBundle();
    let compiled = false;
    const compiling = workerReleaseCompiler()
      .compile(bundle)
      .then((release) => {
        compiled = true;
        return release;
      });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(compiled).toBe(false);
    const { release, image } = await compiling;
    const local = await inProcessReleaseCompiler(defaultSegmenter).compile(bundle);
    expect(release).toEqual(local.release);
    expect(image).toEqual(local.image);
    // From the bundle's JSON text (publish), the release comes back as its JSON text, with the same image.
    const text = new TextEncoder().encode(JSON.stringify(bundle));
    const stored = await workerReleaseCompiler().compileStored(text);
    expect(stored.id).toBe(release.id);
    expect(stored.shopId).toBe(release.shopId);
    expect(new TextDecoder().decode(stored.json)).toBe(JSON.stringify(local.release));
    expect(stored.image).toEqual(local.image);
    const inProcess = await inProcessReleaseCompiler(defaultSegmenter).compileStored(new TextEncoder().encode(JSON.stringify(bundle)));
    expect(inProcess).toEqual(stored);
    // A node loading that stored image answers as the in-process load of the same release.
    const kb = await workerKnowledgeBuilder().load(image, release.id);
    const fresh = loadKnowledgeBase(release, defaultSegmenter);
    for (const q of ['黑色睡衣怎么退货', '蓝色毛巾的发票问题', '粉色袜子运费多少']) expect(searchFaq(kb, q)).toEqual(searchFaq(fresh, q));
  }, 180_000);
});
