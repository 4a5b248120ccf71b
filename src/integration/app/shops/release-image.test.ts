import { describe, expect, it } from 'vitest';
import { openStore } from '../../../adapters/store/kysely-store.js';
import { defaultSegmenter } from '../../../adapters/segmenter/jieba-segmenter.js';
import { systemClock } from '../../../adapters/system/system-clock.js';
import { createKnowledgeCache, inProcessKnowledgeBuilder, inProcessReleaseCompiler, type KnowledgeLog } from '../../../app/shops/knowledge-cache.js';
import type { KnowledgeBuilder } from '../../../app/ports.js';
import { searchFaq } from '../../../core/knowledge/faq-search.js';
import type { KnowledgeBase } from '../../../core/knowledge/knowledge-base.js';
import { compileRelease } from '../../../core/knowledge/release.js';
import { tinyBundle } from '../../../core/testing/fixtures.js';

const QUESTIONS = ['多久发货', '可以退货吗', '纯棉T恤多少钱', '宝宝连体衣什么材质', '今天天气怎么样'];
const today = { year: 2026, month: 11, day: 25, weekday: 3 };

/** What a knowledge base answers: FAQ ranking and understanding of a few questions. */
function answers(kb: KnowledgeBase) {
  return QUESTIONS.map((q) => ({ faq: searchFaq(kb, q), understanding: kb.understander.understand(q, today) }));
}

/** The in-process builder, counting how often it trains. */
function countingBuilder(): KnowledgeBuilder & { trained: number } {
  const inner = inProcessKnowledgeBuilder(defaultSegmenter);
  const b = {
    trained: 0,
    load: inner.load,
    train: (release: Parameters<KnowledgeBuilder['train']>[0]) => {
      b.trained++;
      return inner.train(release);
    },
  };
  return b;
}

async function setUp() {
  const store = await openStore({ kind: 'sqlite', file: ':memory:' });
  const { release, image } = await inProcessReleaseCompiler(defaultSegmenter).compile(tinyBundle());
  await store.shops.put(tinyBundle(), systemClock.now());
  await store.releases.put(release, systemClock.now());
  const events: { event: string; releaseId: string; reason?: string }[] = [];
  const log: KnowledgeLog = (event, fields) => events.push({ event, ...fields });
  const cache = (builder: KnowledgeBuilder) => createKnowledgeCache(store, builder, { clock: systemClock, log });
  return { store, release, image, events, cache };
}

describe('release images', () => {
  it('a release loaded from its stored image answers exactly as one trained fresh, without training', async () => {
    const { store, release, image, cache } = await setUp();
    const fresh = await inProcessKnowledgeBuilder(defaultSegmenter).train(compileRelease(tinyBundle(), defaultSegmenter));
    expect(fresh.image).toEqual(image);
    await store.releases.putImage(release.id, image, systemClock.now());
    const builder = countingBuilder();
    const kb = await cache(builder).get(release.id);
    expect(builder.trained).toBe(0);
    expect(answers(kb)).toEqual(answers(fresh.knowledge));
    expect(kb.release.bundle).toEqual(release.bundle);
    await store.close();
  });

  it('trains a release published before images existed, once, and stores its image for the next node', async () => {
    const { store, release, image, events, cache } = await setUp();
    const builder = countingBuilder();
    const kb = await cache(builder).get(release.id);
    expect(builder.trained).toBe(1);
    expect(events).toEqual([{ event: 'release.trained_on_load', releaseId: release.id, reason: 'it has no stored image' }]);
    expect(Buffer.from((await store.releases.getImage(release.id)) ?? [])).toEqual(Buffer.from(image));
    const next = countingBuilder();
    expect(answers(await cache(next).get(release.id))).toEqual(answers(kb));
    expect(next.trained).toBe(0);
    await store.close();
  });

  const damages: [string, (image: Uint8Array, other: Uint8Array) => Uint8Array, RegExp][] = [
    ['a damaged image (bytes flipped)', (image) => image.map((b, i) => (i > image.length / 2 && i < image.length / 2 + 64 ? 255 - b : b)), /checksum/],
    ['a truncated image', (image) => image.slice(0, image.length - 1000), /truncated|outside/],
    ['an image of another format version', (image) => { const c = image.slice(); new DataView(c.buffer).setUint32(4, 999, true); return c; }, /format version 999/],
    ['the image of another release', (_image, other) => other, /is of release/],
    ['bytes that are no image at all', () => new TextEncoder().encode('{"not":"an image"}'), /not a release image|truncated/],
  ];
  for (const [what, damage, reason] of damages) {
    it(`refuses ${what} with a clear log, retrains the release and stores a good image`, async () => {
      const { store, release, image, events, cache } = await setUp();
      const other = (await inProcessReleaseCompiler(defaultSegmenter).compile(tinyBundle({ greeting: '你好呀' }))).image;
      await store.releases.putImage(release.id, damage(image, other), systemClock.now());
      const builder = countingBuilder();
      const kb = await cache(builder).get(release.id);
      expect(builder.trained).toBe(1);
      expect(events[0]?.event).toBe('release.image_rejected');
      expect(events[0]?.reason).toMatch(reason);
      expect(events[1]?.event).toBe('release.trained_on_load');
      expect(Buffer.from((await store.releases.getImage(release.id)) ?? [])).toEqual(Buffer.from(image));
      const fresh = await inProcessKnowledgeBuilder(defaultSegmenter).load(image, release.id);
      expect(answers(kb)).toEqual(answers(fresh));
      await store.close();
    });
  }
});
