// Stores a validated bundle as the shop's imported data, in one transaction.
import type { ShopBundle } from '../../core/catalog/types.js';
import type { AppDeps } from '../deps.js';

/** Imports (or re-imports) a shop's bundle; conversations keep running on the published release. */
export async function importShop(deps: Pick<AppDeps, 'store' | 'clock'>, bundle: ShopBundle): Promise<{ shopId: string; products: number; faq: number }> {
  await deps.store.transaction((tx) => tx.putShop(bundle, deps.clock.now()));
  return { shopId: bundle.shop.id, products: bundle.products.length, faq: bundle.faq.length };
}
