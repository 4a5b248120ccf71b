// The driver of our own order store (OrderBackend): flows' order tools (runTool) and the customers
// and orders it holds. The default for a shop that names no other backend.
import type { Commerce } from '../ports.js';
import { runTool, type ToolDeps } from '../sop/run-tool.js';

/** The built-in order store as a shop's commerce. */
export function builtinCommerce(deps: ToolDeps): Commerce {
  return {
    async runTool(call, scope) {
      const { shop } = scope;
      const caller = { shopId: scope.shopId, conversationId: scope.conversationId, customerId: scope.customerId, language: shop.language, timeZone: shop.businessHours.timezone, coupons: shop.coupons ?? [], idempotencyKey: scope.idempotencyKey, now: scope.now };
      return { output: await runTool(deps, call, caller) };
    },
    getCustomer: (shopId, customerId) => deps.orders.getCustomer(shopId, customerId),
    listOrders: (shopId, customerId) => deps.orders.listOrders(shopId, customerId),
  };
}
