// The driver of the tau2-bench retail domain (RetailBackend): its tools and our resolvers
// (runRetailToolCall), a user identified by their email or name and zip. Its users are not the
// built-in store's customers, so it knows none by a signed-in id: a conversation learns its user
// from the tool that identifies them (ToolRun.identified).
import type { Commerce, OrderBackend, RetailBackend } from '../ports.js';
import { runRetailToolCall } from '../sop/run-retail-tool.js';

/** A shop on the tau2-bench retail backend as a shop's commerce; writes are remembered in `orders`' write memory. */
export function tau2RetailCommerce(deps: { retail: RetailBackend; orders: Pick<OrderBackend, 'recallWrite' | 'rememberWrite'> }): Commerce {
  return {
    async runTool(call, scope) {
      const r = await runRetailToolCall(deps, call, { shopId: scope.shopId, userId: scope.identified, idempotencyKey: scope.idempotencyKey, now: scope.now });
      if (!r.identified) return { output: r.output };
      const name = r.output['first_name'];
      return { output: r.output, identified: { customerId: r.identified, name: typeof name === 'string' ? name : '' } };
    },
    getCustomer: async () => undefined,
    listOrders: async () => [],
  };
}
