// The 16 tools of the tau2-bench retail domain as pure functions over a RetailSnapshot: the
// benchmark's names, arguments, rules and state changes, with refusals as stable error codes.
// Records read from the snapshot are never mutated; changed ones are cloned and returned as writes.
import type {
  RetailAddress,
  RetailOrder,
  RetailOrderItem,
  RetailPaymentMethod,
  RetailSnapshot,
  RetailToolOutcome,
  RetailUser,
  RetailVariant,
} from './types.js';

export const RETAIL_TOOL_NAMES = [
  'find_user_id_by_email',
  'find_user_id_by_name_zip',
  'get_user_details',
  'get_order_details',
  'get_product_details',
  'get_item_details',
  'list_all_product_types',
  'cancel_pending_order',
  'modify_pending_order_items',
  'modify_pending_order_address',
  'modify_pending_order_payment',
  'modify_user_address',
  'return_delivered_order_items',
  'exchange_delivered_order_items',
  'calculate',
  'transfer_to_human_agents',
] as const;

export type RetailToolName = (typeof RETAIL_TOOL_NAMES)[number];

export type RetailToolError =
  | 'invalid_arguments'
  | 'unknown_tool'
  | 'user_not_found'
  | 'order_not_found'
  | 'product_not_found'
  | 'item_not_found'
  | 'variant_not_found'
  | 'payment_method_not_found'
  | 'order_not_pending'
  | 'order_not_delivered'
  | 'invalid_reason'
  | 'item_not_in_order'
  | 'item_count_mismatch'
  | 'same_item'
  | 'new_item_unavailable'
  | 'insufficient_gift_card_balance'
  | 'not_original_payment_method'
  | 'same_payment_method'
  | 'payment_history_not_single'
  | 'invalid_expression';

export const CANCEL_REASONS: readonly string[] = ['no longer needed', 'ordered by mistake'];

type Refusal = Extract<RetailToolOutcome, { ok: false }>;
type Success = Extract<RetailToolOutcome, { ok: true }>;

function refuse(error: RetailToolError, message: string): Refusal {
  return { ok: false, error, message };
}

function succeed(result: unknown, orders: RetailOrder[] = [], users: RetailUser[] = []): Success {
  return { ok: true, result, writes: { orders, users } };
}

function isRefusal<T extends object>(value: T | Refusal): value is Refusal {
  return 'ok' in value && value.ok === false;
}

// ---- arguments ----

type ArgKind = 'string' | 'list';

/** Validated arguments: each accessor is only called for a parameter of that kind. */
interface Args {
  str(name: string): string;
  list(name: string): string[];
}

interface Tool {
  params: Record<string, ArgKind>;
  run(s: RetailSnapshot, a: Args): RetailToolOutcome;
}

function argumentProblem(params: Record<string, ArgKind>, args: unknown): string | undefined {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return 'arguments must be an object';
  for (const [name, kind] of Object.entries(params)) {
    const value: unknown = (args as Record<string, unknown>)[name];
    if (value === undefined) return `missing argument '${name}'`;
    if (kind === 'string' && typeof value !== 'string') return `'${name}' must be a string`;
    if (kind === 'list' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      return `'${name}' must be a list of strings`;
    }
  }
  // The benchmark calls the Python function with these keywords, so an unknown one fails there too.
  const extra = Object.keys(args).find((name) => !Object.hasOwn(params, name));
  return extra === undefined ? undefined : `unexpected argument '${extra}'`;
}

// ---- lookups ----

function own<T>(records: Record<string, T>, id: string): T | undefined {
  return Object.hasOwn(records, id) ? records[id] : undefined;
}

function findOrder(s: RetailSnapshot, orderId: string): RetailOrder | Refusal {
  return s.order(orderId) ?? refuse('order_not_found', `Order ${orderId} not found.`);
}

function findUser(s: RetailSnapshot, userId: string): RetailUser | Refusal {
  return s.user(userId) ?? refuse('user_not_found', `User ${userId} not found.`);
}

function findPaymentMethod(user: RetailUser, paymentMethodId: string): RetailPaymentMethod | Refusal {
  return (
    own(user.payment_methods, paymentMethodId) ??
    refuse('payment_method_not_found', `Payment method ${paymentMethodId} not found for user ${user.user_id}.`)
  );
}

/** Case- and diacritic-insensitive form of a name or email, as the benchmark's lookups compare. */
function fold(text: string): string {
  return text.trim().normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

// ---- money ----

const toCents = (amount: number): number => Math.round(amount * 100);

/** Adds deltaCents to a gift card of a cloned user; other payment methods hold no balance. */
function adjustGiftCard(user: RetailUser, paymentMethodId: string, deltaCents: number): void {
  const method = own(user.payment_methods, paymentMethodId);
  if (method?.source === 'gift_card') method.balance = (toCents(method.balance) + deltaCents) / 100;
}

// ---- item swaps (modify pending items, exchange delivered items) ----

interface Swap {
  index: number;
  variant: RetailVariant;
}

/** The order line each listed item refers to, a duplicate id taking the next copy of that item. */
function claimLines(order: RetailOrder, itemIds: string[]): number[] | Refusal {
  const taken = new Set<number>();
  const indexes: number[] = [];
  for (const itemId of itemIds) {
    const index = order.items.findIndex((item, i) => item.item_id === itemId && !taken.has(i));
    if (index < 0) {
      return refuse('item_not_in_order', `Order ${order.order_id} does not hold that many of item ${itemId}.`);
    }
    taken.add(index);
    indexes.push(index);
  }
  return indexes;
}

/** Pairs each listed line with its new variant of the same product; sums the price difference. */
function planSwaps(
  s: RetailSnapshot,
  order: RetailOrder,
  itemIds: string[],
  newItemIds: string[],
  allowSameItem: boolean,
): { swaps: Swap[]; diffCents: number } | Refusal {
  const indexes = claimLines(order, itemIds);
  if (isRefusal(indexes)) return indexes;
  if (itemIds.length !== newItemIds.length) {
    return refuse(
      'item_count_mismatch',
      `Got ${itemIds.length} items to change but ${newItemIds.length} new items; the lists must match.`,
    );
  }
  const swaps: Swap[] = [];
  let diffCents = 0;
  for (const [k, index] of indexes.entries()) {
    const item = order.items[index] as RetailOrderItem;
    const newItemId = newItemIds[k] as string;
    if (!allowSameItem && item.item_id === newItemId) {
      return refuse('same_item', `New item ${newItemId} is the same as the item it replaces.`);
    }
    const product = s.product(item.product_id);
    if (!product) return refuse('product_not_found', `Product ${item.product_id} not found.`);
    const variant = own(product.variants, newItemId);
    if (!variant) {
      return refuse('variant_not_found', `Item ${newItemId} is not a variant of ${product.name} (${product.product_id}).`);
    }
    if (!variant.available) return refuse('new_item_unavailable', `New item ${newItemId} is not available.`);
    diffCents += toCents(variant.price) - toCents(item.price);
    swaps.push({ index, variant });
  }
  return { swaps, diffCents };
}

/** The payment method that pays or receives the difference; a gift card must cover a positive one. */
function differencePayer(
  s: RetailSnapshot,
  order: RetailOrder,
  paymentMethodId: string,
  diffCents: number,
): { user: RetailUser; method: RetailPaymentMethod } | Refusal {
  const user = findUser(s, order.user_id);
  if (isRefusal(user)) return user;
  const method = findPaymentMethod(user, paymentMethodId);
  if (isRefusal(method)) return method;
  if (method.source === 'gift_card' && toCents(method.balance) < diffCents) {
    return refuse(
      'insufficient_gift_card_balance',
      `Gift card ${paymentMethodId} has ${method.balance} but the price difference is ${diffCents / 100}.`,
    );
  }
  return { user, method };
}

// ---- tools ----

function findUserIdByEmail(s: RetailSnapshot, email: string): RetailToolOutcome {
  const wanted = fold(email);
  for (const user of s.users()) {
    if (fold(user.email) === wanted) return succeed(user.user_id);
  }
  return refuse('user_not_found', `No user with email ${email}.`);
}

function findUserIdByNameZip(s: RetailSnapshot, first: string, last: string, zip: string): RetailToolOutcome {
  const [wantedFirst, wantedLast] = [fold(first), fold(last)];
  for (const user of s.users()) {
    if (
      fold(user.name.first_name) === wantedFirst &&
      fold(user.name.last_name) === wantedLast &&
      user.address.zip === zip
    ) {
      return succeed(user.user_id);
    }
  }
  return refuse('user_not_found', `No user named ${first} ${last} with zip ${zip}.`);
}

function getItemDetails(s: RetailSnapshot, itemId: string): RetailToolOutcome {
  for (const product of s.products()) {
    const variant = own(product.variants, itemId);
    if (variant) return succeed(structuredClone(variant));
  }
  return refuse('item_not_found', `Item ${itemId} not found.`);
}

/** Like Python's json.dumps(..., sort_keys=True): ", " and ": " separators, non-ASCII escaped. */
function listAllProductTypes(s: RetailSnapshot): RetailToolOutcome {
  const byName = new Map<string, string>();
  for (const product of s.products()) byName.set(product.name, product.product_id);
  const pyString = (text: string): string =>
    JSON.stringify(text).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const entries = [...byName.keys()].sort().map((name) => `${pyString(name)}: ${pyString(byName.get(name) as string)}`);
  return succeed(`{${entries.join(', ')}}`);
}

function cancelPendingOrder(s: RetailSnapshot, orderId: string, reason: string): RetailToolOutcome {
  const order = findOrder(s, orderId);
  if (isRefusal(order)) return order;
  if (order.status !== 'pending') {
    return refuse('order_not_pending', `Order ${orderId} is '${order.status}'; only a pending order can be cancelled.`);
  }
  if (!CANCEL_REASONS.includes(reason)) {
    return refuse('invalid_reason', `Reason must be 'no longer needed' or 'ordered by mistake', not '${reason}'.`);
  }
  const user = findUser(s, order.user_id);
  if (isRefusal(user)) return user;
  const next = structuredClone(order);
  let nextUser: RetailUser | undefined;
  // Like the benchmark, every history entry is refunded as is, refunds included (an order can
  // carry one only after modify_pending_order_payment); gift cards are credited at once.
  for (const payment of order.payment_history) {
    const method = findPaymentMethod(user, payment.payment_method_id);
    if (isRefusal(method)) return method;
    next.payment_history.push({
      transaction_type: 'refund',
      amount: payment.amount,
      payment_method_id: payment.payment_method_id,
    });
    if (method.source === 'gift_card') {
      nextUser ??= structuredClone(user);
      adjustGiftCard(nextUser, payment.payment_method_id, toCents(payment.amount));
    }
  }
  next.status = 'cancelled';
  next.cancel_reason = reason;
  return succeed(next, [next], nextUser ? [nextUser] : []);
}

function modifyPendingOrderItems(
  s: RetailSnapshot,
  orderId: string,
  itemIds: string[],
  newItemIds: string[],
  paymentMethodId: string,
): RetailToolOutcome {
  const order = findOrder(s, orderId);
  if (isRefusal(order)) return order;
  // Strict: an order already 'pending (item modified)' cannot be modified again.
  if (order.status !== 'pending') {
    return refuse('order_not_pending', `Order ${orderId} is '${order.status}'; only a pending order's items can be modified.`);
  }
  const plan = planSwaps(s, order, itemIds, newItemIds, false);
  if (isRefusal(plan)) return plan;
  const payer = differencePayer(s, order, paymentMethodId, plan.diffCents);
  if (isRefusal(payer)) return payer;

  const next = structuredClone(order);
  next.payment_history.push({
    transaction_type: plan.diffCents > 0 ? 'payment' : 'refund',
    amount: Math.abs(plan.diffCents) / 100,
    payment_method_id: paymentMethodId,
  });
  // Each line takes the price and options of its own new variant; the benchmark's Python gives
  // every modified line those of the last variant in the list.
  for (const { index, variant } of plan.swaps) {
    const item = next.items[index] as RetailOrderItem;
    item.item_id = variant.item_id;
    item.price = variant.price;
    item.options = structuredClone(variant.options);
  }
  next.status = 'pending (item modified)';
  if (payer.method.source !== 'gift_card') return succeed(next, [next]);
  const nextUser = structuredClone(payer.user);
  adjustGiftCard(nextUser, paymentMethodId, -plan.diffCents);
  return succeed(next, [next], [nextUser]);
}

function modifyPendingOrderAddress(s: RetailSnapshot, orderId: string, address: RetailAddress): RetailToolOutcome {
  const order = findOrder(s, orderId);
  if (isRefusal(order)) return order;
  // Loose like the benchmark: 'pending (item modified)' still takes a new address.
  if (!order.status.includes('pending')) {
    return refuse('order_not_pending', `Order ${orderId} is '${order.status}'; only a pending order can be modified.`);
  }
  const next = structuredClone(order);
  next.address = address;
  return succeed(next, [next]);
}

function modifyPendingOrderPayment(s: RetailSnapshot, orderId: string, paymentMethodId: string): RetailToolOutcome {
  const order = findOrder(s, orderId);
  if (isRefusal(order)) return order;
  if (!order.status.includes('pending')) {
    return refuse('order_not_pending', `Order ${orderId} is '${order.status}'; only a pending order can be modified.`);
  }
  const user = findUser(s, order.user_id);
  if (isRefusal(user)) return user;
  const method = findPaymentMethod(user, paymentMethodId);
  if (isRefusal(method)) return method;
  const [original] = order.payment_history;
  if (order.payment_history.length !== 1 || original?.transaction_type !== 'payment') {
    return refuse(
      'payment_history_not_single',
      `Order ${orderId} must have exactly one payment to change its payment method.`,
    );
  }
  if (original.payment_method_id === paymentMethodId) {
    return refuse('same_payment_method', `Order ${orderId} is already paid with ${paymentMethodId}.`);
  }
  const originalMethod = findPaymentMethod(user, original.payment_method_id);
  if (isRefusal(originalMethod)) return originalMethod;
  const amountCents = toCents(original.amount);
  if (method.source === 'gift_card' && toCents(method.balance) < amountCents) {
    return refuse(
      'insufficient_gift_card_balance',
      `Gift card ${paymentMethodId} has ${method.balance} but the order total is ${original.amount}.`,
    );
  }
  const next = structuredClone(order);
  next.payment_history.push(
    { transaction_type: 'payment', amount: original.amount, payment_method_id: paymentMethodId },
    { transaction_type: 'refund', amount: original.amount, payment_method_id: original.payment_method_id },
  );
  if (method.source !== 'gift_card' && originalMethod.source !== 'gift_card') return succeed(next, [next]);
  const nextUser = structuredClone(user);
  adjustGiftCard(nextUser, paymentMethodId, -amountCents);
  adjustGiftCard(nextUser, original.payment_method_id, amountCents);
  return succeed(next, [next], [nextUser]);
}

function modifyUserAddress(s: RetailSnapshot, userId: string, address: RetailAddress): RetailToolOutcome {
  const user = findUser(s, userId);
  if (isRefusal(user)) return user;
  const next = structuredClone(user);
  next.address = address;
  return succeed(next, [], [next]);
}

function returnDeliveredOrderItems(
  s: RetailSnapshot,
  orderId: string,
  itemIds: string[],
  paymentMethodId: string,
): RetailToolOutcome {
  const order = findOrder(s, orderId);
  if (isRefusal(order)) return order;
  if (order.status !== 'delivered') {
    return refuse('order_not_delivered', `Order ${orderId} is '${order.status}'; only a delivered order can be returned.`);
  }
  const user = findUser(s, order.user_id);
  if (isRefusal(user)) return user;
  const method = findPaymentMethod(user, paymentMethodId);
  if (isRefusal(method)) return method;
  if (method.source !== 'gift_card' && paymentMethodId !== order.payment_history[0]?.payment_method_id) {
    return refuse(
      'not_original_payment_method',
      `The refund must go to the order's original payment method or to a gift card, not ${paymentMethodId}.`,
    );
  }
  const lines = claimLines(order, itemIds);
  if (isRefusal(lines)) return lines;
  const next = structuredClone(order);
  next.status = 'return requested';
  next.return_items = [...itemIds].sort();
  next.return_payment_method_id = paymentMethodId;
  return succeed(next, [next]);
}

function exchangeDeliveredOrderItems(
  s: RetailSnapshot,
  orderId: string,
  itemIds: string[],
  newItemIds: string[],
  paymentMethodId: string,
): RetailToolOutcome {
  const order = findOrder(s, orderId);
  if (isRefusal(order)) return order;
  if (order.status !== 'delivered') {
    return refuse('order_not_delivered', `Order ${orderId} is '${order.status}'; only a delivered order can be exchanged.`);
  }
  // The benchmark's exchange, unlike its modify, does not refuse an item swapped for itself.
  const plan = planSwaps(s, order, itemIds, newItemIds, true);
  if (isRefusal(plan)) return plan;
  const payer = differencePayer(s, order, paymentMethodId, plan.diffCents);
  if (isRefusal(payer)) return payer;
  const next = structuredClone(order);
  next.status = 'exchange requested';
  next.exchange_items = [...itemIds].sort();
  next.exchange_new_items = [...newItemIds].sort();
  next.exchange_payment_method_id = paymentMethodId;
  next.exchange_price_difference = plan.diffCents / 100;
  return succeed(next, [next]);
}

// ---- calculate ----

class BadExpression extends Error {}

/**
 * Evaluates + - * / and parentheses over decimal literals, with unary signs, like Python's
 * eval restricted to those characters (so '2**3' and '7//2', which Python would accept as power and
 * floor division, are refused). Arithmetic is in doubles, where Python keeps integers exact.
 */
function evaluate(source: string): number | undefined {
  if (!/^[0-9+\-*/(). ]*$/.test(source)) return undefined;
  let pos = 0;
  const peek = (): string | undefined => {
    while (source[pos] === ' ') pos++;
    return source[pos];
  };
  const expr = (): number => {
    let value = term();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      pos++;
      const right = term();
      value = op === '+' ? value + right : value - right;
    }
    return value;
  };
  const term = (): number => {
    let value = unary();
    for (let op = peek(); op === '*' || op === '/'; op = peek()) {
      pos++;
      const right = unary();
      if (op === '/' && right === 0) throw new BadExpression('division by zero');
      value = op === '*' ? value * right : value / right;
    }
    return value;
  };
  const unary = (): number => {
    const c = peek();
    if (c === '+' || c === '-') {
      pos++;
      const value = unary();
      return c === '-' ? -value : value;
    }
    if (c === '(') {
      pos++;
      const value = expr();
      if (peek() !== ')') throw new BadExpression('missing )');
      pos++;
      return value;
    }
    const literal = /\d+\.?\d*|\.\d+/y;
    literal.lastIndex = pos;
    const match = literal.exec(source);
    if (!match) throw new BadExpression('number expected');
    pos += match[0].length;
    return Number(match[0]);
  };
  try {
    const value = expr();
    return peek() === undefined && Number.isFinite(value) ? value : undefined;
  } catch {
    // BadExpression, or a RangeError from absurdly deep nesting.
    return undefined;
  }
}

/** Python's round(x, 2): the exact binary value rounded, exact ties to even. */
function roundTo2(x: number): number {
  if (Math.abs(x) >= 2 ** 52) return x;
  // x * 100 is exactly halfway between integers only when x is an odd multiple of 1/8.
  const eighths = x * 8;
  if (Number.isInteger(eighths) && eighths % 2 !== 0) {
    const down = Math.floor(x * 100);
    return (down % 2 === 0 ? down : down + 1) / 100;
  }
  return Number(x.toFixed(2));
}

/** Python's str(float): shortest round-trip digits, '.0' on integers, exponent form from 1e16. */
function pythonFloatString(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponent = ''] = x.toExponential().split('e');
  const exp = Number(exponent);
  const sign = x < 0 ? '-' : '';
  const digits = mantissa.replace(/[-.]/g, '');
  if (exp >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e+${String(exp).padStart(2, '0')}`;
  }
  // Values rounded to cents are never below 0.01, so Python's small-number exponent form can't occur.
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intDigits = exp + 1;
  if (digits.length <= intDigits) return `${sign}${digits.padEnd(intDigits, '0')}.0`;
  return `${sign}${digits.slice(0, intDigits)}.${digits.slice(intDigits)}`;
}

function calculate(expression: string): RetailToolOutcome {
  const value = evaluate(expression);
  if (value === undefined) {
    return refuse(
      'invalid_expression',
      `Cannot calculate '${expression}': use numbers, + - * /, parentheses and spaces only.`,
    );
  }
  return succeed(pythonFloatString(roundTo2(value)));
}

// ---- dispatch ----

const ADDRESS_PARAMS = {
  address1: 'string',
  address2: 'string',
  city: 'string',
  state: 'string',
  country: 'string',
  zip: 'string',
} as const;

function addressOf(a: Args): RetailAddress {
  return {
    address1: a.str('address1'),
    address2: a.str('address2'),
    city: a.str('city'),
    state: a.str('state'),
    country: a.str('country'),
    zip: a.str('zip'),
  };
}

const TOOLS: Record<RetailToolName, Tool> = {
  find_user_id_by_email: {
    params: { email: 'string' },
    run: (s, a) => findUserIdByEmail(s, a.str('email')),
  },
  find_user_id_by_name_zip: {
    params: { first_name: 'string', last_name: 'string', zip: 'string' },
    run: (s, a) => findUserIdByNameZip(s, a.str('first_name'), a.str('last_name'), a.str('zip')),
  },
  get_user_details: {
    params: { user_id: 'string' },
    run: (s, a) => {
      const user = findUser(s, a.str('user_id'));
      return isRefusal(user) ? user : succeed(structuredClone(user));
    },
  },
  get_order_details: {
    params: { order_id: 'string' },
    run: (s, a) => {
      const order = findOrder(s, a.str('order_id'));
      return isRefusal(order) ? order : succeed(structuredClone(order));
    },
  },
  get_product_details: {
    params: { product_id: 'string' },
    run: (s, a) => {
      const product = s.product(a.str('product_id'));
      return product
        ? succeed(structuredClone(product))
        : refuse('product_not_found', `Product ${a.str('product_id')} not found.`);
    },
  },
  get_item_details: {
    params: { item_id: 'string' },
    run: (s, a) => getItemDetails(s, a.str('item_id')),
  },
  list_all_product_types: {
    params: {},
    run: (s) => listAllProductTypes(s),
  },
  cancel_pending_order: {
    params: { order_id: 'string', reason: 'string' },
    run: (s, a) => cancelPendingOrder(s, a.str('order_id'), a.str('reason')),
  },
  modify_pending_order_items: {
    params: { order_id: 'string', item_ids: 'list', new_item_ids: 'list', payment_method_id: 'string' },
    run: (s, a) =>
      modifyPendingOrderItems(s, a.str('order_id'), a.list('item_ids'), a.list('new_item_ids'), a.str('payment_method_id')),
  },
  modify_pending_order_address: {
    params: { order_id: 'string', ...ADDRESS_PARAMS },
    run: (s, a) => modifyPendingOrderAddress(s, a.str('order_id'), addressOf(a)),
  },
  modify_pending_order_payment: {
    params: { order_id: 'string', payment_method_id: 'string' },
    run: (s, a) => modifyPendingOrderPayment(s, a.str('order_id'), a.str('payment_method_id')),
  },
  modify_user_address: {
    params: { user_id: 'string', ...ADDRESS_PARAMS },
    run: (s, a) => modifyUserAddress(s, a.str('user_id'), addressOf(a)),
  },
  return_delivered_order_items: {
    params: { order_id: 'string', item_ids: 'list', payment_method_id: 'string' },
    run: (s, a) => returnDeliveredOrderItems(s, a.str('order_id'), a.list('item_ids'), a.str('payment_method_id')),
  },
  exchange_delivered_order_items: {
    params: { order_id: 'string', item_ids: 'list', new_item_ids: 'list', payment_method_id: 'string' },
    run: (s, a) =>
      exchangeDeliveredOrderItems(s, a.str('order_id'), a.list('item_ids'), a.list('new_item_ids'), a.str('payment_method_id')),
  },
  calculate: {
    params: { expression: 'string' },
    run: (_s, a) => calculate(a.str('expression')),
  },
  transfer_to_human_agents: {
    params: { summary: 'string' },
    run: () => succeed('Transfer successful'),
  },
};

/** Runs one retail tool call; never throws and never mutates the snapshot's records. */
export function runRetailTool(s: RetailSnapshot, name: string, args: Record<string, unknown>): RetailToolOutcome {
  if (!Object.hasOwn(TOOLS, name)) return refuse('unknown_tool', `Unknown retail tool '${name}'.`);
  const tool = TOOLS[name as RetailToolName];
  const problem = argumentProblem(tool.params, args);
  if (problem !== undefined) return refuse('invalid_arguments', `${name}: ${problem}.`);
  return tool.run(s, {
    str: (key) => args[key] as string,
    list: (key) => [...(args[key] as string[])],
  });
}
