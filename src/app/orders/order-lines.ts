// An order's lines named the way the shop's catalog names its products: a line's SKU found in the
// current release is its product's id; otherwise the line's own product id (or SKU) stays as given.
import type { KnowledgeBase } from '../../core/knowledge/knowledge-base.js';

const skuIndex = new WeakMap<KnowledgeBase, Map<string, string>>();

function productsBySku(kb: KnowledgeBase): Map<string, string> {
  let m = skuIndex.get(kb);
  if (!m) {
    m = new Map();
    for (const p of kb.release.bundle.products) for (const v of p.variants) m.set(v.sku, p.id);
    skuIndex.set(kb, m);
  }
  return m;
}

/** The product ids of `lines`, in order, without repeats. */
export function productsOfLines(kb: KnowledgeBase | undefined, lines: readonly { sku?: string | null | undefined; productId?: string | null | undefined }[]): string[] {
  const bySku = kb ? productsBySku(kb) : new Map<string, string>();
  const out: string[] = [];
  for (const l of lines) {
    const id = (l.sku ? bySku.get(l.sku) : undefined) ?? (l.productId && kb?.productsById.has(l.productId) ? l.productId : undefined) ?? l.productId ?? l.sku;
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}
