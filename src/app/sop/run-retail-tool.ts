// Runs a tau2-retail shop's tool calls against the retail backend. The policy's hard rules are
// enforced here, whatever a flow does: nothing but finding the user before authentication, one
// user per conversation, and only that user's own orders and profile.
import { parseName } from '../../core/retail/identity.js';
import { runRetailTool } from '../../core/retail/tools.js';
import { matchNewItems, matchOrderItems, matchPaymentMethod, matchProducts, parseAddress } from '../../core/retail/match.js';
import type { RetailAddress, RetailOrder, RetailSnapshot, RetailUser } from '../../core/retail/types.js';
import { addressText, dollars, itemsText, optionsText, orderOutput, paymentMethodText, productOutput, userOutput } from '../../core/retail/view.js';
import { RETAIL_TOOLS } from '../../core/retail/tool-specs.js';
import type { ToolArgs, ToolCall, ToolOutput } from '../../core/sop/tools.js';
import type { OrderBackend, RetailBackend, RetailRead } from '../ports.js';

/** Who is asking. */
export interface RetailCaller {
  shopId: string;
  /** The user this conversation authenticated as, if it has. */
  userId: string | null;
  /** Unique per call of a turn: a retried turn repeats it, and a write is not made twice. */
  idempotencyKey: string;
  now: string;
}

/** A tool's result, and the user it authenticated (find_user_id_*). */
export interface RetailToolRun {
  output: ToolOutput;
  identified?: string;
}

const OPEN = new Set(['find_user_id_by_email', 'find_user_id_by_name_zip', 'calculate', 'transfer_to_human_agents', 'parse_name']);

function refuse(error: string, message: string): RetailToolRun {
  return { output: { ok: false, error, message } };
}

function snapshotOf(read: RetailRead): RetailSnapshot {
  return {
    user: (id) => read.users.get(id)?.record,
    order: (id) => read.orders.get(id)?.record,
    product: (id) => read.products.find((p) => p.product_id === id),
    products: () => read.products,
    users: () => [...read.users.values()].map((u) => u.record),
  };
}

const str = (args: ToolArgs, k: string): string => {
  const v = args[k];
  return typeof v === 'string' ? v.trim() : '';
};

/** An order id as the database writes it: '#W' and digits, whether the shopper typed the '#' or not. */
function orderIdOf(text: string): string {
  return /^#?w\d+$/i.test(text) ? `#${text.replace(/^#/, '').toUpperCase()}` : text;
}

/** The order ids written in a text (the dataset's '#W' and seven digits), as the database writes them. */
function orderIdsIn(text: string): string[] {
  return [...text.matchAll(/#?W\d{7}/gi)].map((m) => orderIdOf(m[0]));
}

/** "the whole order with the jacket" names the jacket: words like "whole", "all", "everything" must
 * not make every item of an order count, or the biggest order would always win. */
const ALL_WORDS = /\b(all|whole|entire|everything|every)\b/gi;

/** Runs one call; every expected failure is a result with ok: false and an error code. */
export async function runRetailToolCall(deps: { retail: RetailBackend; orders: Pick<OrderBackend, 'recallWrite' | 'rememberWrite'> }, call: ToolCall, caller: RetailCaller): Promise<RetailToolRun> {
  const spec = RETAIL_TOOLS[call.tool];
  if (!spec) return refuse('unknown_tool', `no tool ${call.tool}`);
  const me = caller.userId;
  if (!OPEN.has(call.tool) && me === null) return refuse('not_authenticated', 'the user has not been authenticated yet');
  if (spec.writes) {
    const recalled = await deps.orders.recallWrite(caller.idempotencyKey);
    if (recalled) return { output: JSON.parse(recalled) as ToolOutput };
  }
  const orderId = orderIdOf(str(call.args, 'order_id'));
  const userArg = str(call.args, 'user_id');
  if (me !== null && userArg !== '' && userArg !== me) return refuse('other_user', 'only the authenticated user can be helped in this conversation');
  const finding = call.tool.startsWith('find_user_id_');
  let read = await deps.retail.read(caller.shopId, { orders: orderId ? [orderId] : [], users: me ? [me] : [], allUsers: finding });
  // Finding an order by its items looks through all of the user's orders.
  const mine = me ? read.users.get(me)?.record : undefined;
  if (call.tool === 'find_order' && mine) read = await deps.retail.read(caller.shopId, { orders: mine.orders, users: [mine.user_id] });
  // An address given as "the same as order #W…" reads that order too.
  const mentioned = call.tool === 'parse_address' ? orderIdsIn(str(call.args, 'text')).filter((id) => id !== orderId) : [];
  if (mentioned.length) read = await deps.retail.read(caller.shopId, { orders: [...(orderId ? [orderId] : []), ...mentioned], users: me ? [me] : [] });
  const order = orderId ? read.orders.get(orderId)?.record : undefined;
  if (order && order.user_id !== me && !OPEN.has(call.tool)) return refuse('not_your_order', 'this order does not belong to the authenticated user');
  const user = me ? read.users.get(me)?.record : undefined;

  const resolved = resolve(call, read, order, user);
  if (resolved) return { output: resolved };

  const outcome = runRetailTool(snapshotOf(read), call.tool, orderId ? { ...call.args, order_id: orderId } : call.args);
  if (!outcome.ok) return refuse(outcome.error, outcome.message);
  if (finding) {
    const id = String(outcome.result);
    if (me !== null && id !== me) return refuse('other_user', 'only one user can be helped in this conversation');
    const found = read.users.get(id)?.record;
    return { output: { ok: true, user_id: id, first_name: found?.name.first_name ?? '' }, identified: id };
  }
  let output: ToolOutput;
  if (spec.writes) {
    const saved = await deps.retail.write(caller.shopId, read, outcome.writes);
    const changed = outcome.writes.orders[0];
    const owner = outcome.writes.users.find((u) => u.user_id === me) ?? user;
    if (!saved) output = { ok: false, error: 'record_changed', message: 'the record changed meanwhile; please try again' };
    else if (call.tool === 'modify_user_address') output = { ok: true, user_id: owner?.user_id ?? '', address_text: owner ? addressText(owner.address) : '' };
    else output = changed ? orderOutput(changed, owner) : { ok: true };
    await deps.orders.rememberWrite(caller.idempotencyKey, JSON.stringify(output), caller.now);
    return { output };
  }
  return { output: readOutput(call.tool, outcome.result, read) };
}

/** A read tool's result as flat fields. */
function readOutput(tool: string, result: unknown, read: RetailRead): ToolOutput {
  switch (tool) {
    case 'get_user_details':
      return userOutput(result as RetailUser);
    case 'get_order_details': {
      const o = result as RetailOrder;
      return orderOutput(o, read.users.get(o.user_id)?.record);
    }
    case 'get_product_details':
      return productOutput(result as Parameters<typeof productOutput>[0]);
    case 'get_item_details': {
      const v = result as { item_id: string; options: Record<string, string>; price: number; available: boolean };
      const p = read.products.find((x) => Object.prototype.hasOwnProperty.call(x.variants, v.item_id));
      return { ok: true, item_id: v.item_id, product_id: p?.product_id ?? '', name: p?.name ?? '', options_text: optionsText(v.options), price_text: dollars(v.price), available: v.available };
    }
    case 'list_all_product_types': {
      const names = Object.keys(JSON.parse(String(result)) as Record<string, string>);
      return { ok: true, count: names.length, list_text: names.join(', ') };
    }
    default:
      return { ok: true, result: String(result) };
  }
}

/** Our resolvers: a shopper's words to the ids the benchmark's tools take. Undefined for other tools. */
function resolve(call: ToolCall, read: RetailRead, order: RetailOrder | undefined, user: RetailUser | undefined): ToolOutput | undefined {
  const text = str(call.args, 'text');
  const needOrder = (): ToolOutput | undefined => (order ? undefined : { ok: false, error: 'order_not_found', message: 'no such order' });
  switch (call.tool) {
    case 'find_order':
      return findOrder(read, user, text, str(call.args, 'status'), str(call.args, 'prefer'));
    case 'match_order_items': {
      const missing = needOrder();
      if (missing || !order) return missing;
      const m = matchOrderItems(order, text);
      if (m.itemIds.length === 0) return { ok: false, error: 'no_items_named', items_text: itemsText(order.items) };
      const items = m.itemIds.map((id) => order.items.find((it) => it.item_id === id)).filter((it) => it !== undefined);
      return { ok: true, item_ids: m.itemIds, items_text: itemsText(items), count: m.itemIds.length };
    }
    case 'match_new_items': {
      const missing = needOrder();
      if (missing || !order) return missing;
      const ids = call.args['item_ids'];
      const m = matchNewItems(order, Array.isArray(ids) ? ids : [], text, (id) => read.products.find((p) => p.product_id === id));
      if (!m.ok) return { ok: false, error: m.error, failed_name: m.name, available_text: m.available.map((v) => `- ${optionsText(v.options)}: ${dollars(v.price)}`).join('\n') };
      const diff = m.priceDifference;
      return {
        ok: true,
        new_item_ids: m.newItemIds,
        changes_text: m.lines.map((l) => `- ${l.name}: ${optionsText(l.from)} (${dollars(l.oldPrice)}) → ${optionsText(l.to)} (${dollars(l.newPrice)})`).join('\n'),
        price_difference: diff,
        difference_text: diff > 0 ? `you pay ${dollars(diff)} more` : diff < 0 ? `you get ${dollars(-diff)} back` : 'no price difference',
      };
    }
    case 'match_payment_method': {
      if (!user) return { ok: false, error: 'user_not_found' };
      const id = matchPaymentMethod(user, text, order);
      const m = id ? user.payment_methods[id] : undefined;
      if (!id || !m) return { ok: false, error: 'no_payment_method_named', payment_text: Object.values(user.payment_methods).map(paymentMethodText).join('; ') };
      return { ok: true, payment_method_id: id, payment_text: paymentMethodText(m), is_original: id === order?.payment_history[0]?.payment_method_id, is_gift_card: m.source === 'gift_card' };
    }
    case 'parse_address': {
      const a = parseAddress(text) ?? addressByReference(read, user, text, order?.order_id);
      return a ? { ok: true, ...a, address_text: addressText(a) } : { ok: false, error: 'no_address' };
    }
    case 'parse_name': {
      const n = parseName(text);
      return n ? { ok: true, ...n } : { ok: false, error: 'no_name' };
    }
    case 'match_product': {
      const ids = matchProducts(text, read.products);
      const p = read.products.find((x) => x.product_id === ids[0]);
      return p ? { ok: true, product_id: p.product_id, name: p.name, count: ids.length } : { ok: false, error: 'no_product_named', count: 0 };
    }
    default:
      return undefined;
  }
}

/** An address named by reference: another of the user's orders ("same as order #W…"), or the
 * user's default address for an order ("my default address", "the one on my profile"). */
function addressByReference(read: RetailRead, user: RetailUser | undefined, text: string, current: string | undefined): RetailAddress | undefined {
  if (!user) return undefined;
  // For the default address, an order id counts only when the words say its address is meant
  // ("the address of order #W…", "same as #W…"): "now order #W…, also to my default address" is
  // about that order, not a new default.
  if (current === undefined && !/\b(same as|address (of|on|from|in)|the one (of|on|from|in))\b[^.?!]*#?W\d{7}/i.test(text)) return undefined;
  for (const id of orderIdsIn(text)) {
    const o = read.orders.get(id)?.record;
    if (o && o.user_id === user.user_id && o.order_id !== current) return { ...o.address };
  }
  // For an order's address (there is a current order), "my default address" is the profile's.
  return current !== undefined && /\b(default|profile|account|usual|home address|my address)\b/i.test(text) ? { ...user.address } : undefined;
}

/**
 * The user's order the words name: by its id ("#W2378156"), else by its items, among orders in the
 * given statuses first and then among all (so the flow can say why a delivered order cannot be
 * modified rather than "not found"); `prefer` (the order talked about before) wins when it has the
 * items named. When none or several fit, the candidates are listed.
 */
function findOrder(read: RetailRead, user: RetailUser | undefined, text: string, statuses: string, prefer: string): ToolOutput {
  if (!user) return { ok: false, error: 'user_not_found' };
  const mine = user.orders.map((id) => read.orders.get(id)?.record).filter((o): o is RetailOrder => o !== undefined);
  const found = (o: RetailOrder): ToolOutput => ({ ok: true, order_id: o.order_id, status: o.status, items_text: itemsText(o.items), count: 1 });
  const byId = orderIdsIn(text)
    .map((id) => mine.find((o) => o.order_id === id))
    .find((o) => o !== undefined);
  if (byId) return found(byId);
  const everything = new RegExp(ALL_WORDS.source, 'i').test(text);
  const named = text.replace(ALL_WORDS, ' ');
  // The order the conversation is about already, when it has the items named.
  const current = mine.find((o) => o.order_id === orderIdOf(prefer));
  if (current && matchOrderItems(current, named).itemIds.length > 0) return found(current);
  const wanted = statuses ? statuses.split(',').map((s) => s.trim()) : [];
  const candidates = mine.filter((o) => wanted.length === 0 || wanted.includes(o.status));
  const candidates_text = candidates.map((o) => `- ${o.order_id} (${o.status}): ${o.items.map((it) => it.name).join(', ')}`).join('\n');
  const rank = (orders: RetailOrder[]) =>
    orders
      .map((o) => ({ o, n: matchOrderItems(o, named).itemIds.length }))
      .filter((x) => x.n > 0)
      .sort((a, b) => b.n - a.n);
  let scored = rank(candidates);
  if (scored.length === 0) scored = rank(mine);
  const best = scored[0] ?? (everything && candidates.length === 1 && candidates[0] ? { o: candidates[0], n: 0 } : undefined);
  if (!best) return { ok: false, error: 'no_order_found', count: candidates.length, candidates_text };
  if (scored[1]?.n === best.n) return { ok: false, error: 'ambiguous', count: scored.filter((x) => x.n === best.n).length, candidates_text };
  return found(best.o);
}
