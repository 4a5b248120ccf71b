// What a release was published from, item by item (content hashes), and how a draft or another
// release differs from it: the status of each item in the console and the diff shown at publish.
import type { AppDeps } from '../deps.js';
import type { DraftItem, DraftKind, ItemHash } from '../ports.js';
import { bundleHashes } from './draft-items.js';

/** Item hashes by "kind\0id". */
export type HashMap = Map<string, string>;
const key = (kind: DraftKind, id: string) => `${kind}\u0000${id}`;

/** Hashes of releases, by id: a release never changes, so they are kept (a few at a time). */
const kept = new Map<string, HashMap>();
const KEPT = 16;

/** Item hashes as a map by kind and id. */
export function hashMapOf(hashes: readonly ItemHash[]): HashMap {
  return new Map(hashes.map((h) => [key(h.kind, h.id), h.hash]));
}

/** The item hashes of the shop's live release; undefined when it has none. */
export async function liveHashes(deps: Pick<AppDeps, 'store'>, shopId: string): Promise<HashMap | undefined> {
  const live = (await deps.store.shops.get(shopId))?.currentReleaseId;
  return live ? releaseHashes(deps, live) : undefined;
}

/** The item hashes of a release: as recorded at publish, or computed from its bundle (releases published before drafts). */
export async function releaseHashes(deps: Pick<AppDeps, 'store'>, releaseId: string): Promise<HashMap> {
  const hit = kept.get(releaseId);
  if (hit) return hit;
  let hashes: ItemHash[] | undefined = await deps.store.releases.itemHashes(releaseId);
  if (!hashes) {
    const release = await deps.store.releases.get(releaseId);
    hashes = release ? bundleHashes(release.bundle) : [];
  }
  const map = hashMapOf(hashes);
  kept.set(releaseId, map);
  while (kept.size > KEPT) kept.delete(kept.keys().next().value as string);
  return map;
}

/** How a draft item stands against a release's hashes. */
export function statusOf(item: Pick<DraftItem, 'kind' | 'id' | 'hash'>, release: HashMap | undefined): 'added' | 'changed' | 'unchanged' {
  const was = release?.get(key(item.kind, item.id));
  return was === undefined ? 'added' : was === item.hash ? 'unchanged' : 'changed';
}

/** Ids added, changed and removed per kind of item, going from `before` to `after`. */
export interface Changes {
  faq: ChangeList;
  products: ChangeList;
  flows: ChangeList;
  settings: ChangeList;
}
export interface ChangeList {
  added: string[];
  changed: string[];
  removed: string[];
}

const GROUP: Partial<Record<DraftKind, keyof Changes>> = { faq: 'faq', product: 'products', flow: 'flows', settings: 'settings', intents: 'settings', tags: 'settings' };

/** The difference between two sets of item hashes (ids sorted). */
export function diffHashes(before: HashMap, after: HashMap): Changes {
  const changes: Changes = { faq: empty(), products: empty(), flows: empty(), settings: empty() };
  const place = (k: string, which: keyof ChangeList) => {
    const [kind, id] = k.split('\u0000') as [DraftKind, string];
    const group = GROUP[kind];
    if (group) changes[group][which].push(id);
  };
  for (const [k, h] of after) {
    const was = before.get(k);
    if (was === undefined) place(k, 'added');
    else if (was !== h) place(k, 'changed');
  }
  for (const k of before.keys()) if (!after.has(k)) place(k, 'removed');
  for (const list of Object.values(changes)) for (const ids of Object.values(list) as string[][]) ids.sort();
  return changes;
}

const empty = (): ChangeList => ({ added: [], changed: [], removed: [] });

/** The draft's item hashes as a map. */
export async function draftHashes(deps: Pick<AppDeps, 'store'>, shopId: string): Promise<HashMap> {
  return hashMapOf(await deps.store.drafts.hashes(shopId));
}
