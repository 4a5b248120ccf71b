// Retail records as flows see them: flat fields and short English texts built only from the
// records, for templates to show and conditions to test.
import type { ToolOutput } from '../sop/tools.js';
import type { RetailAddress, RetailOrder, RetailOrderItem, RetailPaymentMethod, RetailProduct, RetailUser } from './types.js';

/** Dollars as shoppers read them: $1,819.92. */
export function dollars(amount: number): string {
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function addressText(a: RetailAddress): string {
  return [a.address1, a.address2, a.city, `${a.state} ${a.zip}`.trim(), a.country].filter((x) => x.trim() !== '').join(', ');
}

export function optionsText(options: Readonly<Record<string, string>>): string {
  return Object.entries(options)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
}

export function itemText(it: RetailOrderItem): string {
  return `${it.name} (${optionsText(it.options)}) ${dollars(it.price)}`;
}

/** Items one per line, as order details list them. */
export function itemsText(items: readonly RetailOrderItem[]): string {
  return items.map((it) => `- ${itemText(it)}`).join('\n');
}

export function paymentMethodText(m: RetailPaymentMethod): string {
  if (m.source === 'credit_card') return `credit card (${m.brand} ending ${m.last_four})`;
  if (m.source === 'gift_card') return `gift card (balance ${dollars(m.balance)})`;
  return 'PayPal';
}

/** An order's fields for flows. */
export function orderOutput(o: RetailOrder, user: RetailUser | undefined): ToolOutput {
  // What the user has paid net of refunds, in cents to avoid float drift.
  const paid = o.payment_history.reduce((n, p) => n + (p.transaction_type === 'payment' ? 1 : -1) * Math.round(p.amount * 100), 0) / 100;
  const first = o.payment_history[0]?.payment_method_id ?? '';
  const method = user?.payment_methods[first];
  const refunds = o.payment_history.filter((p) => p.transaction_type === 'refund');
  return {
    ok: true,
    order_id: o.order_id,
    user_id: o.user_id,
    status: o.status,
    pending: o.status === 'pending',
    delivered: o.status === 'delivered',
    items_text: itemsText(o.items),
    item_count: o.items.length,
    total_text: dollars(paid),
    address_text: addressText(o.address),
    payment_method_id: first,
    payment_text: method ? paymentMethodText(method) : first,
    tracking_text: o.fulfillments.flatMap((f) => f.tracking_id).join(', ') || 'none yet',
    refund_text: refunds.map((r) => `${dollars(r.amount)} to ${user?.payment_methods[r.payment_method_id] ? paymentMethodText(user.payment_methods[r.payment_method_id] as RetailPaymentMethod) : r.payment_method_id}`).join('; '),
  };
}

/** A user's fields for flows. */
export function userOutput(u: RetailUser): ToolOutput {
  return {
    ok: true,
    user_id: u.user_id,
    first_name: u.name.first_name,
    last_name: u.name.last_name,
    email: u.email,
    address_text: addressText(u.address),
    order_ids: [...u.orders],
    order_count: u.orders.length,
    payment_text: Object.values(u.payment_methods).map(paymentMethodText).join('; '),
  };
}

/** A product's fields for flows: what is available, listed by options and price. */
export function productOutput(p: RetailProduct): ToolOutput {
  const variants = Object.values(p.variants);
  const available = variants.filter((v) => v.available);
  return {
    ok: true,
    product_id: p.product_id,
    name: p.name,
    variant_count: variants.length,
    available_count: available.length,
    available_text: available.map((v) => `- ${optionsText(v.options)}: ${dollars(v.price)}`).join('\n'),
  };
}
