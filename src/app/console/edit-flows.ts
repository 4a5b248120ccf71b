// The shop's SOP flows in the draft, edited as YAML: checked as you type (the same schema and
// graph checks as an import, against the draft's intents, entities, tools, experiments and
// coupons), problems at their line, a diagram of a valid flow; saving an invalid flow is refused.
import type { CustomEntityDefinition, IntentDefinition, ShopSettings } from '../../core/catalog/types.js';
import { toolSetOf } from '../../core/commerce/backends.js';
import { flowDiagram, type FlowDiagram } from '../../core/sop/diagram.js';
import type { Flow } from '../../core/sop/types.js';
import { validateFlows } from '../../core/sop/validate.js';
import { XiaoerError } from '../errors.js';
import type { DraftItem } from '../ports.js';
import { checkCoupons, flowReferences, type BundleProblem } from '../shops/assemble-bundle.js';
import { dataDepth, flowFileSchema, MAX_YAML_DEPTH, SOP_LIMITS } from '../shops/sop-schema.js';
import { checkYaml, located, parseYamlSource, problemLines, type YamlProblem } from '../shops/yaml-source.js';
import { audit, ensureDraft, written, type Actor, type ConsoleDeps } from './console-deps.js';
import { flowWrite } from './draft-items.js';
import { liveHashes, statusOf, type HashMap } from './release-items.js';

type Deps = Pick<ConsoleDeps, 'store' | 'clock'>;

/** A flow as the console shows it. */
export interface FlowView {
  id: string;
  name: string;
  yaml: string;
  status: 'added' | 'changed' | 'unchanged';
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

function viewOf(item: DraftItem, release: HashMap | undefined): FlowView {
  const { yaml } = JSON.parse(item.body) as { yaml: string };
  return { id: item.id, name: item.label, yaml, status: statusOf(item, release), version: item.version, updatedAt: item.updatedAt, updatedBy: item.updatedBy };
}

export async function listFlows(deps: Deps, shopId: string): Promise<FlowView[]> {
  await ensureDraft(deps, shopId);
  const page = await deps.store.drafts.list(shopId, 'flow', { offset: 0, limit: SOP_LIMITS.flows });
  // The live release's hashes once for the list, not once per flow.
  const release = await liveHashes(deps, shopId);
  return page.items.map((i) => viewOf(i, release));
}

export async function getFlow(deps: Deps, shopId: string, id: string): Promise<FlowView> {
  await ensureDraft(deps, shopId);
  const item = await deps.store.drafts.get(shopId, 'flow', id);
  if (!item) throw new XiaoerError('XIAOER_FLOW_NOT_FOUND', `no flow ${id} in the draft of ${shopId}`);
  return viewOf(item, await liveHashes(deps, shopId));
}

/** A flow's YAML checked: the flow and its diagram, or every problem at its line and column. */
export type FlowCheck = { ok: true; flow: Flow; diagram: FlowDiagram; problems: [] } | { ok: false; problems: YamlProblem[]; diagram: null };

/**
 * Checks a flow's YAML as the draft stands: the schema, then the flow among the draft's other
 * flows (`replacing` is the id it replaces, if any) with the draft's intents, entity types, tools,
 * experiments and coupons.
 */
export async function checkFlow(deps: Deps, shopId: string, yaml: string, replacing?: string): Promise<FlowCheck> {
  await ensureDraft(deps, shopId);
  const parsed = parseYamlSource(yaml);
  if (!parsed.ok) return { ok: false, problems: parsed.problems, diagram: null };
  const source = parsed.source;
  // Hostile nesting is refused before the recursive schema sees it.
  if (dataDepth(source.data, MAX_YAML_DEPTH) > MAX_YAML_DEPTH) return { ok: false, problems: [{ line: 1, column: 1, path: '', message: `nested deeper than ${MAX_YAML_DEPTH} levels` }], diagram: null };
  const checked = checkYaml(flowFileSchema, source);
  if (!checked.ok) return { ok: false, problems: checked.problems, diagram: null };
  const flow = checked.value;
  const [settingsItem, intentsItem, flowBodies] = await Promise.all([deps.store.drafts.get(shopId, 'settings', 'shop'), deps.store.drafts.get(shopId, 'intents', 'intents'), deps.store.drafts.bodies(shopId, 'flow')]);
  const settings = settingsItem ? (JSON.parse(settingsItem.body) as { settings: ShopSettings }).settings : undefined;
  const understanding = intentsItem ? (JSON.parse(intentsItem.body) as { intents: IntentDefinition[]; entities: CustomEntityDefinition[] }) : undefined;
  const others = flowBodies.filter((b) => b.id !== (replacing ?? flow.id)).map((b) => (JSON.parse(b.body) as { flow: Flow }).flow);
  const refs = flowReferences(understanding, settings ? toolSetOf(settings) : undefined, new Set((settings?.experiments ?? []).map((e) => e.id)));
  // Only this flow's problems: the others were checked when they were saved.
  const problems = validateFlows([flow, ...others], refs)
    .filter((p) => p.flowIndex === 0)
    .map((p) => located(source, p.path, p.message));
  const coupons: BundleProblem[] = [];
  checkCoupons([{ flow, file: 'flow' }], settings?.coupons ?? [], coupons);
  problems.push(...coupons.map((p) => located(source, p.path, p.message)));
  if (problems.length) return { ok: false, problems, diagram: null };
  return { ok: true, flow, diagram: flowDiagram(flow), problems: [] };
}

/**
 * Saves a flow under `id` (its YAML's id must be that id), refused with every problem at its line
 * when invalid; with `expected` only if the flow is still at that version (0: must be new).
 */
export async function putFlow(deps: Deps, shopId: string, actor: Actor, id: string, yaml: string, expected: number | undefined): Promise<FlowView> {
  const checked = await checkFlow(deps, shopId, yaml, id);
  if (!checked.ok) throw new XiaoerError('XIAOER_FLOW_INVALID', `the flow has ${checked.problems.length} problem(s)`, problemLines(checked.problems));
  if (checked.flow.id !== id) throw new XiaoerError('XIAOER_FLOW_INVALID', `the flow's id is "${checked.flow.id}" but it is saved as "${id}"`, ['1:1 id: the id in the YAML must be the flow being saved']);
  const count = (await deps.store.drafts.list(shopId, 'flow', { offset: 0, limit: 1 })).total;
  const exists = (await deps.store.drafts.get(shopId, 'flow', id)) !== undefined;
  if (!exists && count >= SOP_LIMITS.flows) throw new XiaoerError('XIAOER_FLOW_INVALID', `at most ${SOP_LIMITS.flows} flows`);
  const [result] = await deps.store.drafts.put(shopId, [{ item: flowWrite(checked.flow, yaml), ...(expected !== undefined ? { expected } : {}) }], deps.clock.now(), actor.username);
  const item = written(result, `flow ${id}`);
  await audit(deps, shopId, actor, 'flow.put', `flows/${id}`, `${item.version === 1 ? 'created' : 'changed'}: ${checked.flow.steps.length} steps`);
  return viewOf(item, await liveHashes(deps, shopId));
}

export async function deleteFlow(deps: Deps, shopId: string, actor: Actor, id: string, expected: number | undefined): Promise<void> {
  await ensureDraft(deps, shopId);
  const r = await deps.store.drafts.delete(shopId, 'flow', id, expected);
  if (!r.ok && !r.current) throw new XiaoerError('XIAOER_FLOW_NOT_FOUND', `no flow ${id} in the draft of ${shopId}`);
  written(r, `flow ${id}`);
  await audit(deps, shopId, actor, 'flow.delete', `flows/${id}`, 'deleted');
}
