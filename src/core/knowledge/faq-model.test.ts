import { describe, expect, it } from 'vitest';
import type { FaqEntry } from '../catalog/types.js';
import { createTokenizer, intlSegmenter } from '../understanding/tokenizer.js';
import { createFeatureExtractor } from './features.js';
import { buildFaqModel, buildFaqModelData, FULL_SOFTMAX_UP_TO } from './faq-model.js';
import { joinKeys, packFaqModel, splitKeys, splitKeysSteps, unpackFaqModel, type Section, type SectionReader } from './faq-model-codec.js';

const features = createFeatureExtractor(createTokenizer([], intlSegmenter), new Map());
const TOPICS = ['发货', '退货', '发票', '优惠券', '会员', '积分', '尺码', '洗涤', '运费', '快递'];
const GOODS = ['睡衣', '毛巾', '床单', '内裤', '袜子', '被套', '枕头', '浴巾', '背心', '围巾', '拖鞋', '帽子', '手套', '口罩', '围裙', '抱枕', '睡袍', '短裤', '衬衫', '卫衣', '外套', '长裤', '裙子', '披肩', '腰带', '书包', '水杯', '雨伞', '凉席', '蚊帐'];

/** `n` entries, each about one topic of one kind of goods, with two phrasings. */
function entries(n: number): FaqEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length] ?? '';
    const goods = GOODS[Math.floor(i / TOPICS.length) % GOODS.length] ?? '';
    return { id: `e${i}`, question: `${goods}${topic}怎么办`, similar: [`${goods}的${topic}问题`], answer: `${goods}${topic}的说明`, tags: [] };
  });
}

describe('FAQ model: the classifier grows with the shop', () => {
  it('trains a full softmax for a shop of ordinary size', () => {
    expect(buildFaqModel(entries(20), features).classifier.kind).toBe('softmax');
  });

  it('trains a candidate softmax past the full softmax limit, with weights only for features an entry has', () => {
    const model = buildFaqModel(entries(FULL_SOFTMAX_UP_TO + 44), features);
    expect(model.classifier.kind).toBe('candidates');
    expect(model.classifier.model.classes).toHaveLength(FULL_SOFTMAX_UP_TO + 44);
  });

  it('comes back from its packed form with Float32 weights, and packs again to the same sections, for both kinds of classifier', () => {
    for (const n of [20, FULL_SOFTMAX_UP_TO + 44]) {
      const data = buildFaqModelData(entries(n), features);
      const packed = packFaqModel(data);
      const back = unpackFaqModel(reader(packed));
      expect(back.entries).toEqual(data.entries);
      expect(back.docEntry).toEqual(data.docEntry);
      expect(back.df).toEqual(data.df);
      expect(back.classIndex).toEqual(data.classIndex);
      expect([...back.featureIds.keys()]).toEqual([...data.featureIds.keys()]);
      for (const f of [...data.featureIds.keys(), 'no such feature']) expect(back.featureIds.get(f)).toBe(data.featureIds.get(f));
      expect(back.postings.offsets).toEqual(data.postings.offsets);
      expect(back.postings.docs).toEqual(data.postings.docs);
      expect(back.postings.weights).toEqual(Float32Array.from(data.postings.weights));
      expect(back.entryPostings.offsets).toEqual(data.entryPostings.offsets);
      expect(back.entryPostings.entries).toEqual(data.entryPostings.entries);
      expect(back.entryPostings.centroid).toEqual(Float32Array.from(data.entryPostings.centroid));
      expect(back.entryPostings.answer).toEqual(Float32Array.from(data.entryPostings.answer));
      expect(back.classifier.kind).toBe(data.classifier.kind);
      const rows = (m: typeof data) => [...data.featureIds.keys(), 'no such feature'].map((f) => m.classifier.model.featureIndex.get(f));
      expect(rows(back)).toEqual(rows(data));
      expect(back.classifier.model.featureIndex.size).toBe(data.classifier.model.featureIndex.size);
      expect(packFaqModel(back)).toEqual(packed);
    }
  });
});

describe('FAQ model codec: big sections read in steps', () => {
  it('unpacks the same model from a reader with byte views (arrays copied a slice per step, texts decoded a window per step)', () => {
    for (const n of [20, FULL_SOFTMAX_UP_TO + 44]) {
      const packed = packFaqModel(buildFaqModelData(entries(n), features));
      const [a, b] = [unpackFaqModel(byteReader(packed)), unpackFaqModel(reader(packed))];
      // The classifier's row look-up is a function: compared through what it packs to.
      expect(packFaqModel(a)).toEqual(packed);
      expect(packFaqModel(b)).toEqual(packed);
      expect({ ...a, classifier: a.classifier.kind, featureIds: [...a.featureIds.keys()] }).toEqual({ ...b, classifier: b.classifier.kind, featureIds: [...b.featureIds.keys()] });
    }
  });

  it('splits keys decoded a few bytes at a time as splitKeys does, across characters and separators cut in two', () => {
    for (const keys of [[], [''], ['发货', ''], ['退货', 'a', '雨伞😀', '', 'x y', '发票·电子']]) {
      const text = joinKeys(keys);
      const read = byteReader({ k: text });
      for (const window of [1, 2, 3, 5, 64]) {
        const steps = splitKeysSteps(read, 'k', window);
        let next = steps.next();
        while (!next.done) next = steps.next();
        expect(next.value).toEqual(splitKeys(text));
      }
    }
  });
});

/** A reader that also hands out UTF-8 bytes and array views, as a release image's does. */
function byteReader(sections: Record<string, Section>): SectionReader {
  const plain = reader(sections);
  return {
    ...plain,
    utf8: (name) => new TextEncoder().encode(plain.text(name)),
    view: (name, kind) => (kind === 'i32' ? plain.i32(name) : plain.f32(name)),
  };
}

/** Reads sections straight from a record, as a release image does from its bytes. */
function reader(sections: Record<string, Section>): SectionReader {
  const get = <T extends Section>(name: string, kind: new (...args: never[]) => T): T => {
    const s = sections[name];
    if (!(s instanceof kind)) throw new Error(`no ${name}`);
    return s;
  };
  return {
    text: (name) => {
      const s = sections[name];
      if (typeof s !== 'string') throw new Error(`no ${name}`);
      return s;
    },
    i32: (name) => get(name, Int32Array),
    f32: (name) => get(name, Float32Array),
    f64: (name) => get(name, Float64Array),
  };
}
