// Turns the parsed files of a bundle into domain types, validating each file with its zod schema
// and checking what spans files (unique product ids, SKUs and FAQ ids).
import type { z } from 'zod';
import type { CustomEntityDefinition, FaqEntry, IntentDefinition, Product, ShopBundle, ShopSettings } from '../../core/catalog/types.js';
import { unstatedDeclarations } from '../../core/knowledge/attribute-kinds.js';
import { BUILTIN_ENTITY_TYPES } from '../../core/understanding/entity-types.js';
import { normalizeText } from '../../core/understanding/normalize.js';
import type { Order } from '../../core/commerce/order.js';
import type { Flow } from '../../core/sop/types.js';
import { validateFlows, type FlowReferences } from '../../core/sop/validate.js';
import type { ToolSet } from '../../core/sop/tools.js';
import { retailCatalog } from '../../core/retail/catalog.js';
import { toolSetOf } from '../../core/commerce/backends.js';
import type { RetailDb } from '../../core/retail/types.js';
import { retailDbSchema } from './retail-schema.js';
import { conditionRefs, type TagTaxonomy } from '../../core/customer/tags.js';
import { catalogFileSchema, faqFileSchema, intentsFileSchema, shopFileSchema, tagsFileSchema, toMinor, type CatalogFile } from './bundle-schema.js';
import { seedFileSchema, type ShopSeed } from './seed-schema.js';
import { dataDepth, flowFileSchema, MAX_YAML_DEPTH, SOP_LIMITS } from './sop-schema.js';

/** A parsed file: its name relative to the bundle folder and its YAML content as plain data. */
export interface ParsedFile {
  file: string;
  data: unknown;
}

/** The files of a bundle, parsed but not yet validated. */
export interface BundleFiles {
  shop: ParsedFile;
  catalog: ParsedFile[];
  faq: ParsedFile;
  /** intents.yaml, when the bundle has one. */
  intents?: ParsedFile;
  /** sops/*.yaml: one flow per file. */
  sops?: ParsedFile[];
  /** seed.yaml: demo customers and orders for the built-in order backend. */
  seed?: ParsedFile;
  /** db.json of a `backend: tau2-retail` shop: its users, orders and products. */
  retail?: ParsedFile;
  /** tags.yaml: the tag taxonomy and its rules. */
  tags?: ParsedFile;
}

/** One problem, located by file and path inside it; the reader turns the path into a line. */
export interface BundleProblem {
  file: string;
  path: (string | number)[];
  message: string;
}

/** Either a valid bundle or every problem found. */
export type AssembleResult = { ok: true; bundle: ShopBundle; seed?: ShopSeed; retail?: RetailDb } | { ok: false; problems: BundleProblem[] };

function check<T>(schema: z.ZodType<T>, f: ParsedFile, problems: BundleProblem[]): T | undefined {
  const r = schema.safeParse(f.data);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = path.length ? `${path.join('.')}: ` : '';
    problems.push({ file: f.file, path, message: `${where}${issue.message}` });
  }
  return undefined;
}

/** A catalog file's product in domain form (prices in fen, a list price from the variants when the product has none). */
export function toProduct(p: CatalogFile[number]): Product {
  // Drop absent keys so stored JSON and the release hash do not depend on undefined fields.
  const attrs: Product['attributes'] = {};
  for (const [k, v] of Object.entries(p.attributes)) if (v !== undefined) Object.assign(attrs, { [k]: v });
  // The schema refuses a product without a price whose variants do not all have one.
  const listPrice = p.price ?? Math.min(...p.variants.map((v) => v.price ?? Infinity));
  return {
    id: p.id,
    name: p.name,
    aliases: p.aliases,
    category: p.category,
    priceMinor: toMinor(listPrice),
    description: p.description.replace(/[。.]\s*$/, ''),
    attributes: attrs,
    ...(p.facts && Object.keys(p.facts).length ? { facts: p.facts } : {}),
    sizeChart: p.size_chart,
    variants: p.variants.map((v) => ({ sku: v.sku, options: v.options, priceMinor: toMinor(v.price ?? listPrice), stock: v.stock })),
  };
}

/** Validates and assembles a bundle; products and FAQ keep file order, files sorted by name. */
export function assembleBundle(files: BundleFiles): AssembleResult {
  const problems: BundleProblem[] = [];
  const shop = check(shopFileSchema, files.shop, problems);
  const products: Product[] = [];
  const productAt = new Map<string, { file: string; id: string }>();
  const skuAt = new Map<string, string>();
  for (const f of [...files.catalog].sort((a, b) => a.file.localeCompare(b.file))) {
    const list = check(catalogFileSchema, f, problems);
    list?.forEach((p, i) => {
      // Ids keep the shop's case, but two that differ only in case would be confused by shoppers and staff.
      const prev = productAt.get(p.id.toLowerCase());
      if (prev) {
        const how = prev.id === p.id ? '' : ` as "${prev.id}" (ids are matched without regard to case)`;
        problems.push({ file: f.file, path: [i, 'id'], message: `${i}.id: product id "${p.id}" is already used in ${prev.file}${how}` });
      } else productAt.set(p.id.toLowerCase(), { file: f.file, id: p.id });
      p.variants.forEach((v, j) => {
        const prevSku = skuAt.get(v.sku);
        if (prevSku) problems.push({ file: f.file, path: [i, 'variants', j, 'sku'], message: `${i}.variants.${j}.sku: SKU "${v.sku}" is already used in ${prevSku}` });
        else skuAt.set(v.sku, `${f.file} (${p.id})`);
      });
      products.push(toProduct(p));
    });
  }
  const retail = shop?.backend ? (files.retail ? check(retailDbSchema, files.retail, problems) : undefined) : undefined;
  if (shop?.backend && !files.retail) problems.push({ file: 'shop.yaml', path: ['backend', 'db'], message: 'backend.db: the retail database was not read' });
  if (retail) products.push(...retailCatalog(Object.values(retail.products)));
  if (files.catalog.length === 0 && !shop?.backend) problems.push({ file: 'catalog/', path: [], message: 'no catalog/*.yaml file found' });
  const faqList = check(faqFileSchema, files.faq, problems);
  const faq: FaqEntry[] = [];
  const faqIds = new Set<string>();
  faqList?.forEach((e, i) => {
    if (faqIds.has(e.id)) problems.push({ file: files.faq.file, path: [i, 'id'], message: `${i}.id: FAQ id "${e.id}" is used twice` });
    faqIds.add(e.id);
    faq.push(e);
  });
  const understanding = files.intents ? checkIntents(files.intents, problems) : undefined;
  if (shop) checkAttributes(files.shop.file, shop, products, problems);
  if (problems.length > 0 || !shop) return { ok: false, problems };
  const sops = files.sops?.length ? checkSops(files.sops, understanding, toolSetOf(shop), problems, new Set((shop.experiments ?? []).map((e) => e.id))) : undefined;
  checkExperiments(files.shop.file, shop, sops?.map((x) => x.flow) ?? [], problems);
  const seed = files.seed ? checkSeed(files.seed, products, problems) : undefined;
  if (sops) checkCoupons(sops, shop.coupons ?? [], problems);
  const tags = files.tags ? checkTags(files.tags, understanding, sops?.map((x) => x.flow) ?? [], problems) : undefined;
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    bundle: { shop, products, faq, ...(understanding ?? {}), ...(sops?.length ? { sops: sops.map((s) => s.flow) } : {}), ...(tags ? { tags } : {}) },
    ...(seed ? { seed } : {}),
    ...(retail ? { retail } : {}),
  };
}

/** shop.yaml attributes: each declared attribute is one some product states, by its name or an alias (else it is most likely misspelt). */
export function checkAttributes(file: string, shop: ShopSettings, products: readonly Product[], problems: BundleProblem[]): void {
  const stated = [...new Set(products.flatMap((p) => Object.keys(p.facts ?? {})))];
  for (const i of unstatedDeclarations(shop, products)) {
    const known = stated.length ? `; the products state: ${stated.slice(0, 20).join(', ')}${stated.length > 20 ? ', …' : ''}` : '; no product states attributes of its own';
    problems.push({ file, path: ['attributes', i, 'name'], message: `attributes.${i}.name: no product states "${shop.attributes?.[i]?.name ?? ''}" (nor one of its aliases)${known}` });
  }
}

/** What a shop's flows may name: its intents (none declared: any), entity types, tools and experiments. */
export function flowReferences(understanding: { intents: IntentDefinition[]; entities: CustomEntityDefinition[] } | undefined, tools: ToolSet | undefined, experiments: ReadonlySet<string>): FlowReferences {
  return {
    intents: understanding ? new Set(understanding.intents.map((i) => i.id)) : undefined,
    entityTypes: new Set([...BUILTIN_ENTITY_TYPES, ...(understanding?.entities ?? []).map((e) => e.type)]),
    ...(tools ? { tools } : {}),
    experiments,
  };
}

/** sops/*.yaml: each file's schema, then the flows' graph, references and templates. */
/** shop.yaml experiments: each names a flow of sops/ (and a step of it, when given). */
export function checkExperiments(file: string, shop: ShopSettings, flows: readonly Flow[], problems: BundleProblem[]): void {
  (shop.experiments ?? []).forEach((e, i) => {
    const flow = flows.find((f) => f.id === e.flow);
    if (!flow) problems.push({ file, path: ['experiments', i, 'flow'], message: `experiments.${i}.flow: no flow "${e.flow}" in sops/` });
    else if (e.step && !flow.steps.some((s) => s.id === e.step)) problems.push({ file, path: ['experiments', i, 'step'], message: `experiments.${i}.step: flow "${e.flow}" has no step "${e.step}"` });
  });
}

function checkSops(files: ParsedFile[], understanding: { intents: IntentDefinition[]; entities: CustomEntityDefinition[] } | undefined, tools: ToolSet, problems: BundleProblem[], experiments: ReadonlySet<string> = new Set()): { flow: Flow; file: string }[] | undefined {
  const sorted = [...files].sort((a, b) => a.file.localeCompare(b.file));
  if (sorted.length > SOP_LIMITS.flows) {
    problems.push({ file: sorted[SOP_LIMITS.flows]?.file ?? 'sops/', path: [], message: `at most ${SOP_LIMITS.flows} flow files` });
    return undefined;
  }
  const flows: { flow: Flow; file: string }[] = [];
  for (const f of sorted) {
    // Hostile nesting is refused before the recursive schema sees it.
    if (dataDepth(f.data, MAX_YAML_DEPTH) > MAX_YAML_DEPTH) {
      problems.push({ file: f.file, path: [], message: `nested deeper than ${MAX_YAML_DEPTH} levels` });
      continue;
    }
    const flow = check(flowFileSchema, f, problems);
    if (flow) flows.push({ flow, file: f.file });
  }
  if (problems.length) return undefined;
  for (const p of validateFlows(flows.map((f) => f.flow), flowReferences(understanding, tools, experiments))) {
    const file = flows[p.flowIndex]?.file ?? 'sops/';
    problems.push({ file, path: p.path, message: p.message });
  }
  return flows;
}

/** tags.yaml: ids unique, every tag in a group, every rule's tag, intents, entity types and steps defined. */
function checkTags(f: ParsedFile, understanding: { intents: IntentDefinition[]; entities: CustomEntityDefinition[] } | undefined, flows: readonly Flow[], problems: BundleProblem[]): TagTaxonomy | undefined {
  const parsed = check(tagsFileSchema, f, problems);
  if (!parsed) return undefined;
  checkTagRefs(f.file, parsed, understanding, flows, problems);
  return parsed;
}

/** A taxonomy's references: ids unique, every tag in a group, every rule's tag, intents, entity types and steps defined. */
export function checkTagRefs(file: string, parsed: TagTaxonomy, understanding: { intents: IntentDefinition[]; entities: CustomEntityDefinition[] } | undefined, flows: readonly Flow[], problems: BundleProblem[]): void {
  const add = (path: (string | number)[], message: string) => problems.push({ file, path, message: `${path.join('.')}: ${message}` });
  const groups = new Set<string>();
  parsed.groups.forEach((g, i) => (groups.has(g.id) ? add(['groups', i, 'id'], `group "${g.id}" is defined twice`) : groups.add(g.id)));
  const tags = new Set<string>();
  parsed.tags.forEach((t, i) => {
    if (tags.has(t.id)) add(['tags', i, 'id'], `tag "${t.id}" is defined twice`);
    tags.add(t.id);
    if (!groups.has(t.group)) add(['tags', i, 'group'], `group "${t.group}" is not under groups`);
  });
  const intents = new Set([...(understanding?.intents ?? []).map((x) => x.id), 'out_of_scope']);
  const entityTypes = new Set([...BUILTIN_ENTITY_TYPES, ...(understanding?.entities ?? []).map((e) => e.type)]);
  const steps = new Set(flows.flatMap((fl) => fl.steps.map((st) => `${fl.id}/${st.id}`)));
  const ruleIds = new Set<string>();
  parsed.rules.forEach((r, i) => {
    if (ruleIds.has(r.id)) add(['rules', i, 'id'], `rule "${r.id}" is defined twice`);
    ruleIds.add(r.id);
    if (!tags.has(r.tag)) add(['rules', i, 'tag'], `tag "${r.tag}" is not under tags`);
    const refs = conditionRefs(r.when);
    refs.intents.filter((x) => !intents.has(x)).forEach((x) => add(['rules', i, 'when'], `intent "${x}" is not defined in intents.yaml`));
    refs.entities.filter((x) => !entityTypes.has(x)).forEach((x) => add(['rules', i, 'when'], `entity type "${x}" does not exist`));
    refs.steps.filter((x) => !steps.has(x)).forEach((x) => add(['rules', i, 'when'], `step "${x}" is not a step of the shop’s flows`));
  });
}

/** A literal coupon id given to issue_coupon must be one of shop.yaml's coupons. */
export function checkCoupons(flows: { flow: Flow; file: string }[], coupons: { id: string }[], problems: BundleProblem[]): void {
  const ids = new Set(coupons.map((c) => c.id));
  for (const { flow, file } of flows) {
    flow.steps.forEach((s, i) => {
      const coupon = s.kind === 'call' && s.tool === 'issue_coupon' ? s.args['coupon'] : undefined;
      if (coupon !== undefined && !coupon.includes('{{') && !ids.has(coupon)) {
        problems.push({ file, path: ['steps', i, 'call', 'args', 'coupon'], message: `coupon "${coupon}" is not defined under coupons in shop.yaml` });
      }
    });
  }
}

/** seed.yaml: customers unique, orders refer to customers and to SKUs of the catalog. */
function checkSeed(f: ParsedFile, products: Product[], problems: BundleProblem[]): ShopSeed | undefined {
  const parsed = check(seedFileSchema, f, problems);
  if (!parsed) return undefined;
  const skus = new Map(products.flatMap((p) => p.variants.map((v) => [v.sku, { p, v }] as const)));
  const customers = new Set<string>();
  parsed.customers.forEach((c, i) => {
    if (customers.has(c.id)) problems.push({ file: f.file, path: ['customers', i, 'id'], message: `customers.${i}.id: customer "${c.id}" is listed twice` });
    customers.add(c.id);
  });
  const orderIds = new Set<string>();
  const orders: Order[] = [];
  parsed.orders.forEach((o, i) => {
    if (orderIds.has(o.id)) problems.push({ file: f.file, path: ['orders', i, 'id'], message: `orders.${i}.id: order "${o.id}" is listed twice` });
    orderIds.add(o.id);
    if (!customers.has(o.customer)) problems.push({ file: f.file, path: ['orders', i, 'customer'], message: `orders.${i}.customer: customer "${o.customer}" is not under customers` });
    const items = o.items.map((it, j) => {
      const found = skus.get(it.sku);
      if (!found) problems.push({ file: f.file, path: ['orders', i, 'items', j, 'sku'], message: `orders.${i}.items.${j}.sku: SKU "${it.sku}" is not in the catalog` });
      return { sku: it.sku, productId: found?.p.id ?? '', name: found?.p.name ?? it.sku, options: found?.v.options ?? {}, qty: it.qty, priceMinor: toMinor(it.price) };
    });
    const placedAt = new Date(o.placed_at).toISOString();
    const lastEvent = o.shipment?.events.at(-1)?.at;
    orders.push({
      id: o.id,
      shopId: '',
      customerId: o.customer,
      status: o.status,
      placedAt,
      updatedAt: lastEvent ? new Date(lastEvent).toISOString() : placedAt,
      items,
      totalMinor: items.reduce((n, it) => n + it.qty * it.priceMinor, 0),
      address: o.address,
      ...(o.shipment ? { shipment: { carrier: o.shipment.carrier, trackingNo: o.shipment.tracking_no, events: o.shipment.events.map((e) => ({ at: new Date(e.at).toISOString(), text: e.text })) } } : {}),
    });
  });
  return { customers: parsed.customers.map((c) => ({ id: c.id, shopId: '', name: c.name, phone: c.phone, ...(c.email ? { email: c.email } : {}), segment: c.segment, tags: c.tags })), orders };
}

/**
 * intents.yaml: ids unique, and no example taught to two intents (compared without case, width,
 * punctuation and emoji, so "在吗？" and "在吗" are the same example).
 */
function checkIntents(f: ParsedFile, problems: BundleProblem[]): { intents: IntentDefinition[]; entities: CustomEntityDefinition[] } | undefined {
  const parsed = check(intentsFileSchema, f, problems);
  if (!parsed) return undefined;
  const ids = new Map<string, number>();
  const examples = new Map<string, { intent: string }>();
  parsed.intents.forEach((intent, i) => {
    const prev = ids.get(intent.id);
    if (prev !== undefined) problems.push({ file: f.file, path: ['intents', i, 'id'], message: `intents.${i}.id: intent id "${intent.id}" is already used by intents.${prev}` });
    else ids.set(intent.id, i);
    intent.examples.forEach((ex, j) => {
      const key = normalizeText(ex).replace(/[\p{P}\p{S}\s]+/gu, '') || normalizeText(ex);
      const seen = examples.get(key);
      if (!seen) examples.set(key, { intent: intent.id });
      else if (seen.intent === intent.id) problems.push({ file: f.file, path: ['intents', i, 'examples', j], message: `intents.${i}.examples.${j}: "${ex}" is listed twice` });
      else problems.push({ file: f.file, path: ['intents', i, 'examples', j], message: `intents.${i}.examples.${j}: "${ex}" is also an example of intent "${seen.intent}"; an example must teach one intent` });
    });
  });
  const types = new Set<string>();
  parsed.entities.forEach((e, i) => {
    if (BUILTIN_ENTITY_TYPES.includes(e.type)) problems.push({ file: f.file, path: ['entities', i, 'type'], message: `entities.${i}.type: "${e.type}" is a built-in entity type` });
    else if (types.has(e.type)) problems.push({ file: f.file, path: ['entities', i, 'type'], message: `entities.${i}.type: entity type "${e.type}" is defined twice` });
    types.add(e.type);
    const words = new Map<string, string>();
    e.values.forEach((v, j) => {
      [v.value, ...v.synonyms].forEach((w, k) => {
        const key = normalizeText(w);
        const owner = words.get(key);
        if (owner !== undefined && owner !== v.value) {
          problems.push({ file: f.file, path: ['entities', i, 'values', j, ...(k === 0 ? ['value'] : ['synonyms', k - 1])], message: `entities.${i}.values.${j}: "${w}" already stands for "${owner}"` });
        }
        words.set(key, v.value);
      });
    });
  });
  return {
    intents: parsed.intents.map((x) => ({ id: x.id, label: x.label, ...(x.description ? { description: x.description } : {}), examples: x.examples })),
    entities: parsed.entities,
  };
}
