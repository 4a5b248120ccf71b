// Orders and customers as the shop's commerce system holds them, and the rules for changing an
// order: which status allows a cancellation, an address change, a return or an exchange. Pure;
// the order backend stores what these functions decide.

/** Where an order is in its life. */
export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'return_requested' | 'returned' | 'exchange_requested';

export const ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'return_requested', 'returned', 'exchange_requested'];

/** A line of an order: the SKU, how many and the price paid per piece (minor units). */
export interface OrderItem {
  sku: string;
  productId: string;
  name: string;
  options: Record<string, string>;
  qty: number;
  priceMinor: number;
}

export interface Address {
  name: string;
  phone: string;
  region: string;
  detail: string;
}

export interface Shipment {
  carrier: string;
  trackingNo: string;
  events: { at: string; text: string }[];
}

/** A request the shopper made on an order (return, exchange), kept with it. */
export interface AfterSale {
  kind: 'return' | 'exchange';
  reason: string;
  /** For an exchange: the option values wanted instead (e.g. size L). */
  wanted?: string;
  at: string;
}

export interface Order {
  id: string;
  shopId: string;
  customerId: string;
  status: OrderStatus;
  placedAt: string;
  updatedAt: string;
  items: OrderItem[];
  totalMinor: number;
  address: Address;
  shipment?: Shipment;
  afterSale?: AfterSale;
}

export interface Customer {
  id: string;
  shopId: string;
  name: string;
  phone: string;
  email?: string;
  segment: 'new' | 'regular' | 'vip';
  tags: string[];
}

/** A change a shopper may ask for. */
export type OrderAction =
  | { kind: 'cancel'; reason: string }
  | { kind: 'update_address'; address: string }
  | { kind: 'return'; reason: string }
  | { kind: 'exchange'; reason: string; wanted: string };

/** Days after delivery within which a return or exchange is accepted (七天无理由). */
export const AFTER_SALE_DAYS = 7;

/** Why an action is refused: a stable code a flow can branch on. */
export type RefusalReason = 'not_cancellable' | 'already_shipped' | 'not_delivered' | 'after_sale_window_closed' | 'already_requested' | 'address_too_short';

function deliveredAt(o: Order): string | undefined {
  return o.status === 'delivered' || o.status === 'return_requested' || o.status === 'exchange_requested' || o.status === 'returned' ? o.shipment?.events.at(-1)?.at ?? o.updatedAt : undefined;
}

function daysBetween(a: string, b: string): number {
  return (Date.parse(b) - Date.parse(a)) / 86_400_000;
}

/** Whether an action is allowed now; the reason when it is not. */
export function checkAction(o: Order, action: OrderAction['kind'], now: string): { ok: true } | { ok: false; reason: RefusalReason } {
  switch (action) {
    case 'cancel':
      return o.status === 'pending' || o.status === 'paid' ? { ok: true } : { ok: false, reason: o.status === 'shipped' || o.status === 'delivered' ? 'already_shipped' : 'not_cancellable' };
    case 'update_address':
      return o.status === 'pending' || o.status === 'paid' ? { ok: true } : { ok: false, reason: 'already_shipped' };
    case 'return':
    case 'exchange': {
      if (o.status === 'return_requested' || o.status === 'exchange_requested' || o.status === 'returned') return { ok: false, reason: 'already_requested' };
      if (o.status !== 'delivered') return { ok: false, reason: 'not_delivered' };
      const at = deliveredAt(o);
      if (at && daysBetween(at, now) > AFTER_SALE_DAYS) return { ok: false, reason: 'after_sale_window_closed' };
      return { ok: true };
    }
  }
}

/** The order after the action, or why it is refused. */
export function applyAction(o: Order, action: OrderAction, now: string): { ok: true; order: Order } | { ok: false; reason: RefusalReason } {
  const allowed = checkAction(o, action.kind, now);
  if (!allowed.ok) return allowed;
  switch (action.kind) {
    case 'cancel':
      return { ok: true, order: { ...o, status: 'cancelled', updatedAt: now } };
    case 'update_address': {
      const text = action.address.trim();
      if ([...text].length < 8) return { ok: false, reason: 'address_too_short' };
      return { ok: true, order: { ...o, address: { ...o.address, region: '', detail: text }, updatedAt: now } };
    }
    case 'return':
      return { ok: true, order: { ...o, status: 'return_requested', afterSale: { kind: 'return', reason: action.reason, at: now }, updatedAt: now } };
    case 'exchange':
      return { ok: true, order: { ...o, status: 'exchange_requested', afterSale: { kind: 'exchange', reason: action.reason, wanted: action.wanted, at: now }, updatedAt: now } };
  }
}

/** The order once the carrier reports it delivered; only a shipped order can be. */
export function markDelivered(o: Order, now: string, text: string): { ok: true; order: Order } | { ok: false; reason: 'not_shipped' } {
  if (o.status !== 'shipped') return { ok: false, reason: 'not_shipped' };
  const shipment: Shipment = o.shipment ? { ...o.shipment, events: [...o.shipment.events, { at: now, text }] } : { carrier: '', trackingNo: '', events: [{ at: now, text }] };
  return { ok: true, order: { ...o, status: 'delivered', shipment, updatedAt: now } };
}
