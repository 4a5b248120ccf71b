// The tau2-bench retail domain (../shared/data/tau2-retail, MIT): users, orders and products as
// its db.json holds them. Plain data; field names are the dataset's own so a dump of our state
// compares directly with the benchmark's.

export interface RetailAddress {
  address1: string;
  address2: string;
  city: string;
  state: string;
  country: string;
  zip: string;
}

export type RetailPaymentMethod =
  | { source: 'credit_card'; id: string; brand: string; last_four: string }
  | { source: 'paypal'; id: string }
  | { source: 'gift_card'; id: string; balance: number };

export interface RetailUser {
  user_id: string;
  name: { first_name: string; last_name: string };
  address: RetailAddress;
  email: string;
  payment_methods: Record<string, RetailPaymentMethod>;
  orders: string[];
}

export interface RetailOrderItem {
  name: string;
  product_id: string;
  item_id: string;
  price: number;
  options: Record<string, string>;
}

export interface RetailPayment {
  transaction_type: 'payment' | 'refund';
  amount: number;
  payment_method_id: string;
}

/** Status as the dataset spells it: pending, pending (item modified), processed, delivered,
 * cancelled, return requested, exchange requested. */
export interface RetailOrder {
  order_id: string;
  user_id: string;
  address: RetailAddress;
  items: RetailOrderItem[];
  status: string;
  fulfillments: { tracking_id: string[]; item_ids: string[] }[];
  payment_history: RetailPayment[];
  cancel_reason?: string;
  return_items?: string[];
  return_payment_method_id?: string;
  exchange_items?: string[];
  exchange_new_items?: string[];
  exchange_payment_method_id?: string;
  exchange_price_difference?: number;
}

export interface RetailVariant {
  item_id: string;
  options: Record<string, string>;
  available: boolean;
  price: number;
}

export interface RetailProduct {
  name: string;
  product_id: string;
  variants: Record<string, RetailVariant>;
}

/** The whole database, as db.json. */
export interface RetailDb {
  users: Record<string, RetailUser>;
  orders: Record<string, RetailOrder>;
  products: Record<string, RetailProduct>;
}

/**
 * The records a tool call may read. The in-memory form wraps a RetailDb; the database adapter
 * loads what a call needs (the order, its user, the products) before running the pure tool.
 */
export interface RetailSnapshot {
  user(id: string): RetailUser | undefined;
  order(id: string): RetailOrder | undefined;
  product(id: string): RetailProduct | undefined;
  products(): Iterable<RetailProduct>;
  /** Users a find_user_id_* call may match (all of them, or the adapter's pre-filtered candidates). */
  users(): Iterable<RetailUser>;
}

/** What a tool call did: its result as the benchmark's tool returns it, and the records it changed. */
export type RetailToolOutcome =
  | { ok: true; result: unknown; writes: { orders: RetailOrder[]; users: RetailUser[] } }
  | { ok: false; error: string; message: string };
