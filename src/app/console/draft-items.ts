// A shop's data as draft items (one row each, app/ports.ts DraftRepository): how each kind is
// stored, labelled, searched and hashed, and a whole bundle turned into its items.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { CustomEntityDefinition, FaqEntry, IntentDefinition, Product, ShopBundle, ShopSettings } from '../../core/catalog/types.js';
import type { TagTaxonomy } from '../../core/customer/tags.js';
import type { Flow } from '../../core/sop/types.js';
import type { DraftWrite, ItemHash } from '../ports.js';
import type { ShopSeed } from '../shops/seed-schema.js';
import { settingsToFile } from './settings-file.js';

/** What a bundle read from files has besides its domain data: the texts editors show, the seed and the tests. */
export interface DraftSources {
  /** shop.yaml as written. */
  shopYaml?: string;
  /** Each flow's file as written, by flow id. */
  flowYaml?: Record<string, string>;
  /** tags.yaml as written. */
  tagsYaml?: string;
  seed?: ShopSeed;
  /** The shop's own tests (tests/*.jsonl eval cases, tests/*.yaml conversation fixtures). */
  tests?: { file: string; text: string }[];
}

/** A flow's YAML when its file was not kept (a shop imported before the console): a note, not a flow. */
export const MISSING_FLOW_YAML = '# 此流程导入时没有保留 YAML 原文：请从文件重新导入（xiaoer shop import）后在此编辑。\n# This flow was imported before its YAML text was kept: re-import the shop from its files to edit it here.\n';

export const faqWrite = (e: FaqEntry): DraftWrite => ({ kind: 'faq', id: e.id, body: JSON.stringify(e), label: e.question, search: [e.id, e.question, ...e.similar, e.answer].join('\n'), tags: e.tags });

export const productWrite = (p: Product): DraftWrite => ({
  kind: 'product',
  id: p.id,
  body: JSON.stringify(p),
  label: p.name,
  search: [p.id, p.name, ...p.aliases, p.category, ...p.variants.map((v) => v.sku)].join('\n'),
  tags: [],
});

export const flowWrite = (flow: Flow, yaml: string): DraftWrite => ({
  kind: 'flow',
  id: flow.id,
  body: JSON.stringify({ flow, yaml }),
  content: JSON.stringify(flow),
  label: flow.name.zh ?? flow.name.en ?? flow.id,
  search: [flow.id, flow.name.zh ?? '', flow.name.en ?? ''].join('\n'),
  tags: [],
});

export const settingsWrite = (settings: ShopSettings, yaml: string): DraftWrite => ({ kind: 'settings', id: 'shop', body: JSON.stringify({ settings, yaml }), content: JSON.stringify(settings), label: settings.name, search: '', tags: [] });

export const intentsWrite = (intents: IntentDefinition[], entities: CustomEntityDefinition[]): DraftWrite => ({ kind: 'intents', id: 'intents', body: JSON.stringify({ intents, entities }), label: 'intents.yaml', search: '', tags: [] });

export const tagsWrite = (tags: TagTaxonomy, yaml: string): DraftWrite => ({ kind: 'tags', id: 'tags', body: JSON.stringify({ tags, yaml }), content: JSON.stringify(tags), label: 'tags.yaml', search: '', tags: [] });

export const seedWrite = (seed: ShopSeed): DraftWrite => ({ kind: 'seed', id: 'seed', body: JSON.stringify(seed), label: 'seed.yaml', search: '', tags: [] });

export const testWrite = (file: string, text: string): DraftWrite => ({ kind: 'test', id: file, body: JSON.stringify({ file, text }), label: file, search: file.toLowerCase(), tags: [] });

/** A bundle and its sources as draft items, in the bundle's order. */
export function bundleWrites(bundle: ShopBundle, sources: DraftSources): DraftWrite[] {
  return [...draftWrites(bundle, sources)];
}

/** Items stringified per turn of the event loop by `bundleWritesInSteps`. */
const WRITES_PER_STEP = 2000;

/**
 * `bundleWrites` a slice at a time with a turn of the event loop between slices: a flagship's
 * 60,000 items stringified at once held the loop for 300 ms.
 */
export async function bundleWritesInSteps(bundle: ShopBundle, sources: DraftSources): Promise<DraftWrite[]> {
  const out: DraftWrite[] = [];
  for (const w of draftWrites(bundle, sources)) {
    out.push(w);
    if (out.length % WRITES_PER_STEP === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

function* draftWrites(bundle: ShopBundle, sources: DraftSources): Generator<DraftWrite> {
  yield settingsWrite(bundle.shop, sources.shopYaml ?? stringify(settingsToFile(bundle.shop)));
  for (const p of bundle.products) yield productWrite(p);
  for (const e of bundle.faq) yield faqWrite(e);
  if (bundle.intents) yield intentsWrite(bundle.intents, bundle.entities ?? []);
  for (const f of bundle.sops ?? []) yield flowWrite(f, sources.flowYaml?.[f.id] ?? MISSING_FLOW_YAML);
  if (bundle.tags) yield tagsWrite(bundle.tags, sources.tagsYaml ?? stringify(bundle.tags));
  if (sources.seed) yield seedWrite(sources.seed);
  for (const t of sources.tests ?? []) yield testWrite(t.file, t.text);
}

/** An item's content hash, as the draft repository computes it (SHA-256 of its content, else its body). */
export const itemHash = (w: DraftWrite) => createHash('sha256').update(w.content ?? w.body).digest('hex');

/** The content hashes of a bundle's items (for releases published before drafts). */
export function bundleHashes(bundle: ShopBundle): ItemHash[] {
  return bundleWrites(bundle, {})
    .filter((w) => w.kind !== 'seed' && w.kind !== 'test')
    .map((w) => ({ kind: w.kind, id: w.id, hash: itemHash(w) }));
}
