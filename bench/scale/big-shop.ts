// A big shop grown from the demo shop's data, deterministically: FAQ entries copied with a product
// or category word put in (so copies are not exact duplicates and bring new vocabulary), and
// products copied as new series until the catalog reaches the SKU count asked for.
import type { FaqEntry, Product, ShopBundle } from '../../src/core/catalog/types.js';

const SERIES = ['经典', '轻奢', '云感', '森系', '极简', '暖绒', '清凉', '童趣', '国潮', '有机', '亲肤', '柔雾'];

/** The demo bundle with `faqCount` FAQ entries and at least `skuCount` SKUs. */
export function bigShop(demo: ShopBundle, faqCount: number, skuCount: number): ShopBundle {
  const words = [...new Set(demo.products.flatMap((p) => [p.category, p.name]))].sort();
  const faq: FaqEntry[] = [];
  for (let copy = 0; faq.length < faqCount; copy++) {
    for (const [i, e] of demo.faq.entries()) {
      if (faq.length >= faqCount) break;
      if (copy === 0) {
        faq.push(e);
        continue;
      }
      const w = words[(copy * 31 + i * 7) % words.length] ?? '';
      const s = SERIES[(copy + i) % SERIES.length] ?? '';
      const put = (t: string, k: number) => (k % 2 === 0 ? `${s}${w}${t}` : `${t}（${s}${w}）`);
      faq.push({
        ...e,
        id: `${e.id}-c${copy}`,
        question: put(e.question, copy),
        similar: e.similar.map((t, k) => put(t, copy + k)),
        answer: `${s}${w}：${e.answer}`,
      });
    }
  }
  const products: Product[] = [];
  let skus = 0;
  for (let copy = 0; skus < skuCount; copy++) {
    for (const p of demo.products) {
      if (skus >= skuCount) break;
      const series = copy === 0 ? '' : `${SERIES[copy % SERIES.length]}${Math.floor(copy / SERIES.length) + 1}代`;
      products.push(
        copy === 0
          ? p
          : {
              ...p,
              id: `${p.id}-s${copy}`,
              name: `${series}${p.name}`,
              aliases: [],
              variants: p.variants.map((v) => ({ ...v, sku: `${v.sku}-s${copy}` })),
            },
      );
      skus += p.variants.length;
    }
  }
  return { ...demo, faq, products };
}
