// Compiles a shop's imported data into a release, trains it into its image (stored beside it, so
// nodes load it without training) and makes it the one new conversations use.
import { ensureDraft } from '../console/console-deps.js';
import type { AppDeps } from '../deps.js';
import type { CompiledRelease, ItemHash } from '../ports.js';

/** The outcome of a publish: the release id, and whether it is new or the same content again. */
export interface PublishResult {
  shopId: string;
  releaseId: string;
  created: boolean;
}

/**
 * Publishes the draft of `shopId` (what the last import put there, with the console's edits since),
 * without running the shop's tests (the console's publish runs them). Publishing unchanged data
 * yields the same release.
 */
export async function publishShop(deps: Pick<AppDeps, 'store' | 'clock' | 'compiler'>, shopId: string): Promise<PublishResult> {
  return makeLive(deps, shopId, await buildDraft(deps, shopId));
}

const sameHashes = (a: readonly ItemHash[], b: readonly ItemHash[]) => a.length === b.length && a.every((h, i) => h.hash === b[i]?.hash && h.id === b[i]?.id && h.kind === b[i]?.kind);

/** A draft compiled: the release, and the bundle text and item hashes it was compiled from. */
export interface DraftBuild {
  release: CompiledRelease;
  bundleJson: Uint8Array;
  hashes: ItemHash[];
}

/** Compiles the shop's draft, checked whole (XIAOER_DRAFT_INVALID with every problem). */
export async function buildDraft(deps: Pick<AppDeps, 'store' | 'clock' | 'compiler'>, shopId: string): Promise<DraftBuild> {
  await ensureDraft(deps, shopId);
  // The hashes and the text are read until they agree (an edit may land between the two reads).
  for (let attempt = 0; ; attempt++) {
    const hashes = await deps.store.drafts.hashes(shopId);
    // The bundle goes to the compiler as JSON text assembled from the draft's rows and the release
    // comes back as its JSON text: a big shop's (17 and 22 MB for 10,000 FAQ entries) is parsed and
    // stringified in the compiler's worker, never on this thread, and this thread does not hold its objects.
    const bundleJson = await deps.store.drafts.bundleJson(shopId);
    const again = await deps.store.drafts.hashes(shopId);
    if (attempt < 5 && !sameHashes(again, hashes)) continue;
    // The compiler takes the bytes it is given (moved to its worker): it gets a copy (a Buffer's slice() would share them).
    const release = await deps.compiler.compileStored(new Uint8Array(bundleJson), { check: true });
    return { release, bundleJson, hashes };
  }
}

/**
 * Stores a compiled draft and makes it what new conversations start on; the shop's live settings
 * (handoff, identity, CDP…) become the published ones. Running conversations keep their release.
 */
export async function makeLive(deps: Pick<AppDeps, 'store' | 'clock'>, shopId: string, build: DraftBuild): Promise<PublishResult> {
  const { release, bundleJson, hashes } = build;
  // A big shop's release and image are tens of megabytes: the store writes them in parts, yielding
  // to the event loop between parts, each made visible only once whole. Outside a transaction, so
  // other writes are not held meanwhile; the release becomes current only after both are stored.
  const now = deps.clock.now();
  const created = await deps.store.releases.putJson(release, release.json, now);
  // Republishing unchanged data stores the image again: it may come from a newer version.
  await deps.store.releases.putImage(release.id, release.image, now);
  await deps.store.releases.putItemHashes(release.id, hashes);
  const settings = hashes.length ? await deps.store.drafts.get(shopId, 'settings', 'shop') : undefined;
  const meta = settings ? (JSON.parse(settings.body) as { settings: { name: string; language: string } }).settings : undefined;
  const shop = meta ?? (await deps.store.shops.get(shopId));
  if (shop) await deps.store.shops.putJson({ id: shopId, name: shop.name, language: shop.language }, bundleJson, now);
  await deps.store.transaction((tx) => tx.shops.setCurrentRelease(shopId, release.id));
  return { shopId, releaseId: release.id, created };
}
