// Runs a flow's tool call against the order backend. Ownership is checked here, never in the
// flow: an order is shown or changed only for the customer who placed it, or for a shopper who
// gives the last four digits of the phone number on it.
import type { Coupon } from '../../core/catalog/types.js';
import { applyAction, type Order, type OrderAction } from '../../core/commerce/order.js';
import { orderView, ordersView } from '../../core/commerce/order-view.js';
import { textArg, type ToolCall, type ToolOutput } from '../../core/sop/tools.js';
import type { Ids, OrderBackend } from '../ports.js';

/** Who is asking, and the shop's settings a tool needs. */
export interface ToolCaller {
  shopId: string;
  conversationId: string;
  customerId: string | null;
  language: 'zh-CN' | 'en';
  timeZone: string;
  coupons: readonly Coupon[];
  /** Unique per call of a turn: a retried turn repeats it, and a write is not made twice. */
  idempotencyKey: string;
  /** The turn's time. */
  now: string;
}

/** The ports a tool uses. */
export interface ToolDeps {
  orders: OrderBackend;
  ids: Ids;
}

const WRITES: Record<string, (args: Record<string, string>) => OrderAction> = {
  cancel_order: (a) => ({ kind: 'cancel', reason: a['reason'] ?? '' }),
  update_address: (a) => ({ kind: 'update_address', address: a['address'] ?? '' }),
  request_return: (a) => ({ kind: 'return', reason: a['reason'] ?? '' }),
  request_exchange: (a) => ({ kind: 'exchange', reason: a['reason'] ?? '', wanted: a['wanted'] ?? '' }),
};

function owns(order: Order, caller: ToolCaller, phoneTail: string | undefined): boolean {
  if (caller.customerId !== null && order.customerId === caller.customerId) return true;
  const tail = (phoneTail ?? '').replace(/\D/g, '');
  return tail.length === 4 && order.address.phone.endsWith(tail);
}

/** Finds the order if the caller may see it; otherwise why not (without saying whether it exists). */
async function findOwned(deps: ToolDeps, caller: ToolCaller, args: Record<string, string>): Promise<{ order: Order } | { output: ToolOutput }> {
  const id = (args['order_id'] ?? '').trim();
  const order = id ? await deps.orders.getOrder(caller.shopId, id) : undefined;
  if (order && owns(order, caller, args['phone_tail'])) return { order };
  const verifying = (args['phone_tail'] ?? '').trim() !== '';
  return { output: { ok: false, found: false, error: verifying ? 'not_found' : 'needs_verification' } };
}

/** Runs one tool call; every expected failure is a result with ok: false and an error code. */
export async function runTool(deps: ToolDeps, toolCall: ToolCall, caller: ToolCaller): Promise<ToolOutput> {
  const call = { tool: toolCall.tool, args: Object.fromEntries(Object.keys(toolCall.args).map((k) => [k, textArg(toolCall.args, k)])) };
  const now = caller.now;
  const view = (o: Order) => orderView(o, caller.language, caller.timeZone, now);
  switch (call.tool) {
    case 'lookup_order': {
      const r = await findOwned(deps, caller, call.args);
      return 'order' in r ? view(r.order) : r.output;
    }
    case 'list_orders': {
      if (caller.customerId === null) return { ok: false, error: 'unknown_customer', count: 0 };
      const all = await deps.orders.listOrders(caller.shopId, caller.customerId);
      const status = call.args['status']?.trim();
      return ordersView(status ? all.filter((o) => status.split(',').includes(o.status)) : all, caller.language, caller.timeZone);
    }
    case 'issue_coupon': {
      const def = caller.coupons.find((c) => c.id === call.args['coupon']);
      if (!def) return { ok: false, error: 'unknown_coupon' };
      const expires = new Date(Date.parse(now) + def.validDays * 86_400_000).toISOString();
      const r = await deps.orders.issueCoupon(caller.shopId, {
        code: `${def.id}-${deps.ids.next('c').slice(-8).toUpperCase()}`,
        couponId: def.id,
        customerKey: caller.customerId ?? `visitor:${caller.conversationId}`,
        issuedAt: now,
        expiresAt: expires,
      });
      return { ok: true, code: r.coupon.code, title: def.title, expires_at: localDate(r.coupon.expiresAt, caller.timeZone), already_had: r.alreadyHad };
    }
    default: {
      const action = WRITES[call.tool];
      if (!action) return { ok: false, error: 'unknown_tool' };
      const recalled = await deps.orders.recallWrite(caller.idempotencyKey);
      if (recalled) return JSON.parse(recalled) as ToolOutput;
      const r = await findOwned(deps, caller, call.args);
      if (!('order' in r)) return r.output;
      const changed = applyAction(r.order, action(call.args), now);
      let output: ToolOutput;
      if (!changed.ok) output = { ...view(r.order), ok: false, error: changed.reason };
      else if (!(await deps.orders.replaceOrder(r.order, changed.order))) output = { ...view(r.order), ok: false, error: 'order_changed' };
      else output = view(changed.order);
      await deps.orders.rememberWrite(caller.idempotencyKey, JSON.stringify(output), now);
      return output;
    }
  }
}

/** The calendar date of an instant in the shop's time zone, as YYYY-MM-DD. */
function localDate(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}
