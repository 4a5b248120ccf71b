// Points a shop back at one of its earlier releases. New conversations start on it; running
// conversations stay on the release they started with.
import { XiaoerError } from '../errors.js';
import type { AppDeps } from '../deps.js';

/** Makes `releaseId` the shop's current release; it must be one of the shop's own. */
export async function rollbackShop(deps: Pick<AppDeps, 'store'>, shopId: string, releaseId: string): Promise<{ shopId: string; releaseId: string; previous: string | null }> {
  const shop = await deps.store.shops.get(shopId);
  if (!shop) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `shop ${shopId} has not been imported`);
  const releases = await deps.store.releases.list(shopId);
  if (!releases.some((r) => r.id === releaseId)) throw new XiaoerError('XIAOER_RELEASE_NOT_FOUND', `release ${releaseId} is not a release of shop ${shopId}`);
  await deps.store.transaction((tx) => tx.shops.setCurrentRelease(shopId, releaseId));
  return { shopId, releaseId, previous: shop.currentReleaseId };
}
