// The order systems a shop can name in shop.yaml (`backend`; none: our own order store), and the
// tools each one offers flows: data, looked up by the shop's backend name when a bundle is checked
// and a release loaded. The drivers that run those tools are chosen by the composition roots
// (app/commerce/commerce-drivers.ts); no turn asks which system a shop uses.
import type { ShopSettings } from '../catalog/types.js';
import { RETAIL_TOOLS } from '../retail/tool-specs.js';
import { TOOLS, type ToolSet } from '../sop/tools.js';

/** A kind of order system: the built-in order store, or one a shop names (the tau2-bench retail domain). */
export type BackendKind = 'builtin' | NonNullable<ShopSettings['backend']>['kind'];

/** The tools each kind of order system offers flows, by name. */
export const BACKEND_TOOLS: Readonly<Record<BackendKind, ToolSet>> = { builtin: TOOLS, 'tau2-retail': RETAIL_TOOLS };

/** The kind of order system a shop's orders live in. */
export function backendOf(shop: Pick<ShopSettings, 'backend'>): BackendKind {
  return shop.backend?.kind ?? 'builtin';
}

/** The tools a shop's flows may call. */
export function toolSetOf(shop: Pick<ShopSettings, 'backend'>): ToolSet {
  return BACKEND_TOOLS[backendOf(shop)];
}
