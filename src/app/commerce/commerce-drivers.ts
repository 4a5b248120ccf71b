// The commerce drivers of a node, one per kind of order system, wired once by the composition
// root (server/wire.ts, the test harness); a turn takes the driver its shop's backend names.
import type { ShopSettings } from '../../core/catalog/types.js';
import { backendOf, type BackendKind } from '../../core/commerce/backends.js';
import type { Commerce, Ids, OrderBackend, RetailBackend } from '../ports.js';
import { builtinCommerce } from './builtin-commerce.js';
import { tau2RetailCommerce } from './tau2-retail-commerce.js';

/** A driver for every kind of order system a shop may name (the type makes a new kind need one). */
export type CommerceDrivers = Readonly<Record<BackendKind, Commerce>>;

/** The drivers over the stores' ports. */
export function commerceDrivers(deps: { orders: OrderBackend; retail: RetailBackend; ids: Ids }): CommerceDrivers {
  return { builtin: builtinCommerce(deps), 'tau2-retail': tau2RetailCommerce(deps) };
}

/** The driver of a shop's order system. */
export function commerceOf(drivers: CommerceDrivers, shop: Pick<ShopSettings, 'backend'>): Commerce {
  return drivers[backendOf(shop)];
}
