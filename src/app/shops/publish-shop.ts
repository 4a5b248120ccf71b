// Compiles a shop's imported data into a release, trains it into its image (stored beside it, so
// nodes load it without training) and makes it the one new conversations use.
import { XiaoerError } from '../errors.js';
import type { AppDeps } from '../deps.js';

/** The outcome of a publish: the release id, and whether it is new or the same content again. */
export interface PublishResult {
  shopId: string;
  releaseId: string;
  created: boolean;
}

/** Publishes the imported bundle of `shopId`. Publishing unchanged data yields the same release. */
export async function publishShop(deps: Pick<AppDeps, 'store' | 'clock' | 'compiler'>, shopId: string): Promise<PublishResult> {
  // The bundle goes to the compiler as the JSON text the store holds and the release comes back as
  // its JSON text: a big shop's (17 and 22 MB for 10,000 FAQ entries) is parsed and stringified in
  // the compiler's worker, never on this thread, and this thread does not hold its objects.
  const bundleJson = await deps.store.shops.getBundleJson(shopId);
  if (!bundleJson) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `shop ${shopId} has not been imported`);
  const compiled = await deps.compiler.compileStored(bundleJson);
  // A big shop's release and image are tens of megabytes: the store writes them in parts, yielding
  // to the event loop between parts, each made visible only once whole. Outside a transaction, so
  // other writes are not held meanwhile; the release becomes current only after both are stored.
  const now = deps.clock.now();
  const created = await deps.store.releases.putJson(compiled, compiled.json, now);
  // Republishing unchanged data stores the image again: it may come from a newer version.
  await deps.store.releases.putImage(compiled.id, compiled.image, now);
  await deps.store.transaction((tx) => tx.shops.setCurrentRelease(shopId, compiled.id));
  return { shopId, releaseId: compiled.id, created };
}
