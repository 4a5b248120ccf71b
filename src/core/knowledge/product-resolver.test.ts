import { describe, expect, it } from 'vitest';
import { tinyBundle } from '../testing/fixtures.js';
import { intlSegmenter } from '../understanding/tokenizer.js';
import { normalizeText } from '../understanding/normalize.js';
import { loadKnowledgeBase, productTerms } from './knowledge-base.js';
import { compileRelease } from './release.js';
import { nameCoverage, productsCovered, toNameVocabulary } from './product-resolver.js';

/** The tiny shop's products, each also in a few series (云感1代…), as a big catalog repeats words. */
function catalog() {
  const bundle = tinyBundle();
  const series = ['云感', '森系', '极简'];
  const products = bundle.products.flatMap((p) => [p, ...series.map((s, i) => ({ ...p, id: `${p.id}-s${i}`, name: `${s}${p.name}`, aliases: [], variants: p.variants.map((v) => ({ ...v, sku: `${v.sku}-s${i}` })) }))]);
  return loadKnowledgeBase(compileRelease({ ...bundle, products }, intlSegmenter), intlSegmenter);
}

describe('name coverage', () => {
  it('is the idf of the text terms in the product name, over the name weight, for every product and text (asked in any order)', () => {
    const kb = catalog();
    const texts = ['云感纯棉T恤多少钱', '有没有短袖', '森系的', '云感纯棉T恤多少钱', '连体衣'];
    for (const text of texts) {
      const norm = normalizeText(text);
      const terms = productTerms(kb.tokenizer, toNameVocabulary(norm));
      for (const p of kb.productsById.values()) {
        const named = terms.filter((t) => kb.productNameTerms.get(t)?.includes(p.id)).reduce((s, t) => s + kb.productIdf(t), 0);
        const weight = [...new Set(productTerms(kb.tokenizer, p.name))].reduce((s, t) => s + kb.productIdf(t), 0);
        expect(nameCoverage(kb, p.id, norm)).toBe(Math.min(1, named / Math.max(weight, 1e-9)));
      }
      const covered = [...kb.productsById.keys()].filter((id) => nameCoverage(kb, id, norm) >= 0.3);
      expect([...productsCovered(kb, norm, 0.3)].sort()).toEqual(covered.sort());
    }
  });
});
