// The catalog of a tau2-retail shop, mapped from its database's products: one product per product
// type, one SKU (the item id) per variant. Availability is known, a count is not.
import type { Product } from '../catalog/types.js';
import type { RetailProduct } from './types.js';

/** Our catalog products for the retail database's products, in id order. */
export function retailCatalog(products: Iterable<RetailProduct>): Product[] {
  return [...products]
    .sort((a, b) => a.product_id.localeCompare(b.product_id))
    .map((p) => {
      const variants = Object.values(p.variants).map((v) => ({ sku: v.item_id, options: v.options, priceMinor: Math.round(v.price * 100), stock: v.available ? 1 : 0, countless: true as const }));
      const materials = [...new Set(variants.map((v) => v.options['material']).filter((m): m is string => m !== undefined))];
      return {
        id: p.product_id,
        name: p.name,
        aliases: [],
        category: p.name,
        priceMinor: Math.min(...variants.map((v) => v.priceMinor)),
        description: '',
        attributes: { material: materials.join(', ') },
        sizeChart: [],
        variants,
      };
    });
}
