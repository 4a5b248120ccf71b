// The draft compiled into a release (checked whole, compiled and trained off the serving thread),
// kept per shop until the draft changes; and how a sandbox loads it or a stored release.
import { createHash } from 'node:crypto';
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { CompiledRelease, ReleaseBytes, SandboxSetup } from '../ports.js';
import { buildDraft, type DraftBuild } from '../shops/publish-shop.js';
import type { ShopSeed } from '../shops/seed-schema.js';
import { ensureDraft } from './console-deps.js';

/** The last compiled draft of each shop, by the hash of its items. */
const compiled = new Map<string, { key: string; release: Promise<DraftBuild> }>();
const SHOPS_KEPT = 8;

/** A hash of every item's content hash: equal keys, equal drafts. */
async function draftKey(deps: Pick<AppDeps, 'store'>, shopId: string): Promise<string> {
  const hashes = (await deps.store.drafts.hashes(shopId)).map((h) => `${h.kind}\u0000${h.id}\u0000${h.hash}`).sort();
  return createHash('sha256').update(hashes.join('\n')).digest('hex');
}

/**
 * The shop's draft as a release, checked whole (XIAOER_DRAFT_INVALID with every problem) and
 * trained; the same draft is compiled once, concurrent callers share the compile.
 */
export async function compileDraft(deps: Pick<AppDeps, 'store' | 'clock' | 'compiler'>, shopId: string): Promise<DraftBuild> {
  await ensureDraft(deps, shopId);
  const key = await draftKey(deps, shopId);
  const kept = compiled.get(shopId);
  if (kept?.key === key) return kept.release;
  const release = buildDraft(deps, shopId);
  compiled.delete(shopId);
  compiled.set(shopId, { key, release });
  while (compiled.size > SHOPS_KEPT) compiled.delete(compiled.keys().next().value as string);
  // A failed compile is not kept: the next call tries again.
  release.catch(() => {
    if (compiled.get(shopId)?.release === release) compiled.delete(shopId);
  });
  return release;
}

/** A compiled release's bytes for a sandbox: copies, since a sandbox takes ownership of what it loads. */
export const compiledBytes = (c: CompiledRelease) => async (): Promise<ReleaseBytes> => ({ json: new Uint8Array(c.json), image: new Uint8Array(c.image) });

/** A stored release's bytes for a sandbox. */
export const storedBytes = (deps: Pick<AppDeps, 'store'>, releaseId: string) => async (): Promise<ReleaseBytes> => {
  const [json, image] = await Promise.all([deps.store.releases.getJson(releaseId), deps.store.releases.getImage(releaseId)]);
  if (!json || !image) throw new XiaoerError('XIAOER_RELEASE_NOT_FOUND', `release ${releaseId} is not stored whole (re-publish the shop)`);
  return { json, image };
};

/** What a sandbox starts with for this shop: its draft's seed customers and orders. */
export async function sandboxSetup(deps: Pick<AppDeps, 'store'>, shopId: string): Promise<SandboxSetup> {
  const [seed] = await deps.store.drafts.bodies(shopId, 'seed');
  return seed ? { seed: JSON.parse(seed.body) as ShopSeed } : {};
}
