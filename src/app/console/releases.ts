// The shop's releases in the console: each with who published it, whether it is live, and how many
// open conversations are pinned to it; the diff of one against another; and rollback, which makes
// an older release live again (its settings too) and leaves the draft as it is.
import { XiaoerError } from '../errors.js';
import { rollbackShop } from '../shops/rollback-shop.js';
import { audit, type Actor, type ConsoleDeps } from './console-deps.js';
import { diffHashes, releaseHashes, type Changes } from './release-items.js';

type Deps = Pick<ConsoleDeps, 'store' | 'clock'>;

export interface ReleaseView {
  id: string;
  createdAt: string;
  publishedBy: string | null;
  current: boolean;
  openConversations: number;
}

/** Newest first. */
export async function listReleases(deps: Deps, shopId: string): Promise<ReleaseView[]> {
  const shop = await deps.store.shops.get(shopId);
  if (!shop) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `no shop ${shopId}`);
  const [headers, open, published] = await Promise.all([deps.store.releases.list(shopId), deps.store.releases.openConversations(shopId), deps.store.audit.list(shopId, 0, 1000, 'publish')]);
  // The first publish of a release names who published it (a republish of the same content does not).
  const by = new Map<string, string | null>();
  for (const e of [...published.entries].reverse()) if (!by.has(e.target)) by.set(e.target, e.staff);
  return headers
    .map((h) => ({ id: h.id, createdAt: h.createdAt, publishedBy: by.get(h.id) ?? null, current: h.id === shop.currentReleaseId, openConversations: open.get(h.id) ?? 0 }))
    .reverse();
}

/** What changed from `against` (default: the release published before it) to `releaseId`. */
export async function diffRelease(deps: Deps, shopId: string, releaseId: string, against?: string): Promise<Changes> {
  const headers = await deps.store.releases.list(shopId);
  const at = headers.findIndex((h) => h.id === releaseId);
  if (at < 0) throw new XiaoerError('XIAOER_RELEASE_NOT_FOUND', `release ${releaseId} is not a release of shop ${shopId}`);
  const base = against ?? headers[at - 1]?.id;
  if (base !== undefined && !headers.some((h) => h.id === base)) throw new XiaoerError('XIAOER_RELEASE_NOT_FOUND', `release ${base} is not a release of shop ${shopId}`);
  return diffHashes(base ? await releaseHashes(deps, base) : new Map(), await releaseHashes(deps, releaseId));
}

/** Makes an older release live again, its settings with it; running conversations keep their release. */
export async function rollbackRelease(deps: Deps, shopId: string, actor: Actor, releaseId: string): Promise<{ releaseId: string; previous: string | null }> {
  const release = await deps.store.releases.get(releaseId);
  if (!release || release.shopId !== shopId) throw new XiaoerError('XIAOER_RELEASE_NOT_FOUND', `release ${releaseId} is not a release of shop ${shopId}`);
  // The live settings (handoff, identity, CDP…) go back with the answers.
  await deps.store.shops.put(release.bundle, deps.clock.now());
  const r = await rollbackShop(deps, shopId, releaseId);
  await audit(deps, shopId, actor, 'rollback', releaseId, `live release ${r.previous ?? 'none'} → ${releaseId}`);
  return { releaseId: r.releaseId, previous: r.previous };
}
