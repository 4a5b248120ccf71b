// shop.yaml and tags.yaml in the draft, as the YAML a shop writes: checked against the same
// schemas as an import, with problems at their line; the form's fields (greeting, fallback,
// answer threshold) and the catalog's attribute table are written into the YAML keeping its comments.
import type { ShopSettings } from '../../core/catalog/types.js';
import type { TagTaxonomy } from '../../core/customer/tags.js';
import type { Flow } from '../../core/sop/types.js';
import { XiaoerError } from '../errors.js';
import type { DraftItem } from '../ports.js';
import { checkTagRefs, type BundleProblem } from '../shops/assemble-bundle.js';
import { shopFileSchema, tagsFileSchema } from '../shops/bundle-schema.js';
import { checkYaml, parseYamlSource, problemLines, type YamlProblem, type YamlSource } from '../shops/yaml-source.js';
import { audit, ensureDraft, written, type Actor, type ConsoleDeps } from './console-deps.js';
import { settingsWrite, tagsWrite } from './draft-items.js';

type Deps = Pick<ConsoleDeps, 'store' | 'clock'>;

/** The draft's settings row: the settings and the YAML they were read from. */
export interface SettingsView {
  settings: ShopSettings;
  yaml: string;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

const viewOf = (item: DraftItem): SettingsView => ({ ...(JSON.parse(item.body) as { settings: ShopSettings; yaml: string }), version: item.version, updatedAt: item.updatedAt, updatedBy: item.updatedBy });

export async function getSettings(deps: Deps, shopId: string): Promise<SettingsView> {
  await ensureDraft(deps, shopId);
  const item = await deps.store.drafts.get(shopId, 'settings', 'shop');
  if (!item) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `shop ${shopId} has no settings in its draft`);
  return viewOf(item);
}

/** shop.yaml checked: the settings, or every problem at its line. */
export function checkShopYaml(shopId: string, yaml: string): { ok: true; settings: ShopSettings; source: YamlSource } | { ok: false; problems: YamlProblem[] } {
  const parsed = parseYamlSource(yaml);
  if (!parsed.ok) return parsed;
  const checked = checkYaml(shopFileSchema, parsed.source);
  if (!checked.ok) return checked;
  // The id names the shop everywhere (its conversations, staff, releases): it is not changed here.
  if (checked.value.id !== shopId) return { ok: false, problems: [{ ...parsed.source.locate(['id']), path: 'id', message: `id: the shop's id is ${shopId}; it cannot be changed` }] };
  return { ok: true, settings: checked.value as ShopSettings, source: parsed.source };
}

const invalid = (problems: YamlProblem[]) => new XiaoerError('XIAOER_INVALID_SETTINGS', `shop.yaml has ${problems.length} problem(s)`, problemLines(problems));

/**
 * Saves shop.yaml: the whole text, or form fields written into the current text (its comments
 * kept). Checked whole before it is saved; with `expected` only if still at that version.
 */
export async function putSettings(
  deps: Deps,
  shopId: string,
  actor: Actor,
  change: { yaml?: string; greeting?: string; fallback?: string; answerThreshold?: number; attributes?: unknown[] },
  expected: number | undefined,
): Promise<SettingsView> {
  const current = await getSettings(deps, shopId);
  let yaml = change.yaml;
  if (yaml === undefined) {
    const parsed = parseYamlSource(current.yaml);
    if (!parsed.ok) throw invalid(parsed.problems);
    const doc = parsed.source.doc;
    if (change.greeting !== undefined) doc.set('greeting', change.greeting);
    if (change.fallback !== undefined) doc.set('fallback', change.fallback);
    if (change.answerThreshold !== undefined) doc.set('answerThreshold', change.answerThreshold);
    if (change.attributes !== undefined) doc.set('attributes', doc.createNode(change.attributes));
    yaml = doc.toString();
  }
  const checked = checkShopYaml(shopId, yaml);
  if (!checked.ok) throw invalid(checked.problems);
  const [result] = await deps.store.drafts.put(shopId, [{ item: settingsWrite(checked.settings, yaml), ...(expected !== undefined ? { expected } : {}) }], deps.clock.now(), actor.username);
  const item = written(result, 'shop.yaml');
  const what = change.yaml !== undefined ? 'shop.yaml edited' : change.attributes !== undefined ? `attributes: ${change.attributes.length} declared` : `changed ${Object.keys(change).join(', ')}`;
  await audit(deps, shopId, actor, change.attributes !== undefined ? 'attributes.put' : 'settings.put', 'shop.yaml', what);
  return viewOf(item);
}

/** The draft's tags.yaml ('' when the shop has no taxonomy yet). */
export async function getTags(deps: Deps, shopId: string): Promise<{ yaml: string; version: number; updatedAt: string; updatedBy: string | null }> {
  await ensureDraft(deps, shopId);
  const item = await deps.store.drafts.get(shopId, 'tags', 'tags');
  if (!item) return { yaml: '', version: 0, updatedAt: '', updatedBy: null };
  return { yaml: (JSON.parse(item.body) as { yaml: string }).yaml, version: item.version, updatedAt: item.updatedAt, updatedBy: item.updatedBy };
}

/** Saves tags.yaml, checked against the draft's intents and flows; `expected` 0 means "there was none". */
export async function putTags(deps: Deps, shopId: string, actor: Actor, yaml: string, expected: number | undefined): Promise<{ yaml: string; version: number; updatedAt: string; updatedBy: string | null }> {
  await ensureDraft(deps, shopId);
  const parsed = parseYamlSource(yaml);
  if (!parsed.ok) throw new XiaoerError('XIAOER_INVALID_SETTINGS', 'tags.yaml cannot be read', problemLines(parsed.problems));
  const checked = checkYaml(tagsFileSchema, parsed.source);
  if (!checked.ok) throw new XiaoerError('XIAOER_INVALID_SETTINGS', `tags.yaml has ${checked.problems.length} problem(s)`, problemLines(checked.problems));
  const taxonomy = checked.value as TagTaxonomy;
  const intents = await deps.store.drafts.get(shopId, 'intents', 'intents');
  const understanding = intents ? (JSON.parse(intents.body) as { intents: []; entities: [] }) : undefined;
  const flows = (await deps.store.drafts.bodies(shopId, 'flow')).map((b) => (JSON.parse(b.body) as { flow: Flow }).flow);
  const problems: BundleProblem[] = [];
  checkTagRefs('tags.yaml', taxonomy, understanding, flows, problems);
  if (problems.length) throw new XiaoerError('XIAOER_INVALID_SETTINGS', `tags.yaml has ${problems.length} problem(s)`, problems.map((p) => `${parsed.source.locate(p.path).line}:1 ${p.message}`));
  const [result] = await deps.store.drafts.put(shopId, [{ item: tagsWrite(taxonomy, yaml), ...(expected !== undefined ? { expected } : {}) }], deps.clock.now(), actor.username);
  const item = written(result, 'tags.yaml');
  await audit(deps, shopId, actor, 'tags.put', 'tags.yaml', `${taxonomy.tags.length} tags, ${taxonomy.rules.length} rules`);
  return { yaml, version: item.version, updatedAt: item.updatedAt, updatedBy: item.updatedBy };
}
