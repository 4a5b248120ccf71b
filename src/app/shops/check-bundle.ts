// What spans a draft's items, checked before it is published: an edit checks its own item, but a
// flow deleted under an experiment, a tag rule naming a step that is gone or two product ids that
// differ only in case are seen only when the whole bundle is. The same checks as a bundle read
// from files (assemble-bundle.ts), on domain data; each problem names the item it is in.
import type { ShopBundle } from '../../core/catalog/types.js';
import { toolSetOf } from '../../core/commerce/backends.js';
import { validateFlows } from '../../core/sop/validate.js';
import { checkAttributes, checkCoupons, checkExperiments, checkTagRefs, flowReferences, type BundleProblem } from './assemble-bundle.js';

/** Every problem of a bundle that spans its items, as `where: message` lines; [] when it can be published. */
export function bundleProblems(bundle: ShopBundle): string[] {
  const problems: BundleProblem[] = [];
  const productAt = new Map<string, string>();
  const skuAt = new Map<string, string>();
  for (const p of bundle.products) {
    const prev = productAt.get(p.id.toLowerCase());
    if (prev !== undefined) problems.push({ file: `products/${p.id}`, path: ['id'], message: `product id "${p.id}" is already used by "${prev}" (ids are matched without regard to case)` });
    else productAt.set(p.id.toLowerCase(), p.id);
    for (const v of p.variants) {
      const prevSku = skuAt.get(v.sku);
      if (prevSku !== undefined) problems.push({ file: `products/${p.id}`, path: ['variants', v.sku], message: `SKU "${v.sku}" is already used by product "${prevSku}"` });
      else skuAt.set(v.sku, p.id);
    }
  }
  checkAttributes('shop.yaml', bundle.shop, bundle.products, problems);
  const flows = bundle.sops ?? [];
  const understanding = bundle.intents ? { intents: bundle.intents, entities: bundle.entities ?? [] } : undefined;
  const refs = flowReferences(understanding, toolSetOf(bundle.shop), new Set((bundle.shop.experiments ?? []).map((e) => e.id)));
  for (const p of validateFlows(flows, refs)) problems.push({ file: `flows/${flows[p.flowIndex]?.id ?? '?'}`, path: p.path, message: p.message });
  checkExperiments('shop.yaml', bundle.shop, flows, problems);
  checkCoupons(flows.map((flow) => ({ flow, file: `flows/${flow.id}` })), bundle.shop.coupons ?? [], problems);
  if (bundle.tags) checkTagRefs('tags.yaml', bundle.tags, understanding, flows, problems);
  return problems.map((p) => `${p.file}: ${p.message}`);
}
