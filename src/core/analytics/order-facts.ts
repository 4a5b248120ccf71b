// Orders as the shop's systems report them (Shopify, the generic order webhook, a CSV import):
// only what outcome analytics needs — who bought, what, for how much, when it was paid, cancelled
// and refunded. Updates arrive out of order and more than once, so merging is pure and order-free.

/** Who the order names as its buyer, as the shop's system gives it. */
export interface OrderBuyer {
  id?: string;
  phone?: string;
  email?: string;
}

/** A refund on an order; its id makes a replayed refund count once. */
export interface OrderRefund {
  id: string;
  amountMinor: number;
  at: string;
}

/** One order in the ledger. */
export interface OrderFact {
  shopId: string;
  id: string;
  /** Where it came from: shopify, webhook (the generic one), csv. */
  source: string;
  buyer: OrderBuyer;
  /** The shop's customer it was matched to, or null (a guest, or nobody we know). */
  customerId: string | null;
  totalMinor: number;
  currency: string;
  placedAt: string;
  /** True while no delivery has said when it was placed: placedAt is then the earliest time known (a refund's, or when it was first heard of). */
  placedAtProvisional?: true;
  paidAt: string | null;
  cancelledAt: string | null;
  /** Product ids (or SKUs) of its lines, as the shop names them. */
  products: string[];
  refunds: OrderRefund[];
  updatedAt: string;
}

/**
 * What one delivery says about an order. A field left out says nothing (a refund delivery does not
 * carry the total); a time given is a fact that, once known, stays (the earliest wins).
 */
export interface OrderUpdate {
  id: string;
  buyer?: OrderBuyer;
  totalMinor?: number;
  currency?: string;
  placedAt?: string;
  paidAt?: string;
  cancelledAt?: string;
  products?: string[];
  refunds?: OrderRefund[];
}

const earliest = (a: string | null | undefined, b: string | undefined): string | null => {
  if (!a) return b ?? null;
  if (!b) return a;
  return Date.parse(b) < Date.parse(a) ? b : a;
};

/**
 * The order after an update: times keep the earliest report, refunds are unioned by id, and the
 * rest takes the update's value when it has one. Merging the same updates in any order, any number
 * of times, gives the same order. A refund that arrives before its order makes a placeholder
 * (total 0, placed at the refund) that the order's own delivery fills in.
 */
export function mergeOrder(shopId: string, source: string, existing: OrderFact | undefined, u: OrderUpdate, customerId: string | null, now: string): OrderFact {
  const refunds = new Map((existing?.refunds ?? []).map((r) => [r.id, r]));
  for (const r of u.refunds ?? []) if (!refunds.has(r.id)) refunds.set(r.id, r);
  // A placed time given by a delivery is a fact (the earliest report wins); without one yet, the
  // earliest time known stands in, whatever the order the deliveries came in.
  const provisional = !u.placedAt && (!existing || existing.placedAtProvisional === true);
  const known = existing && !existing.placedAtProvisional ? existing.placedAt : undefined;
  const placedAt = provisional
    ? (earliest(earliest(existing?.placedAt ?? now, now), [...refunds.values()].map((r) => r.at).sort()[0]) ?? now)
    : (earliest(known, u.placedAt) ?? now);
  return {
    shopId,
    id: u.id,
    source: existing?.source ?? source,
    buyer: { ...(existing?.buyer ?? {}), ...(u.buyer ?? {}) },
    customerId: customerId ?? existing?.customerId ?? null,
    totalMinor: u.totalMinor ?? existing?.totalMinor ?? 0,
    currency: u.currency ?? existing?.currency ?? 'CNY',
    placedAt,
    ...(provisional ? { placedAtProvisional: true as const } : {}),
    paidAt: earliest(existing?.paidAt, u.paidAt),
    cancelledAt: earliest(existing?.cancelledAt, u.cancelledAt),
    products: u.products && u.products.length > 0 ? u.products : (existing?.products ?? []),
    refunds: [...refunds.values()].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)),
    updatedAt: now,
  };
}

/** A phone number as lookups compare it: digits only, without China's country code (+86). */
export function phoneKey(phone: string | undefined): string | null {
  const all = (phone ?? '').replace(/\D/g, '');
  const digits = all.length === 13 && all.startsWith('86') ? all.slice(2) : all;
  return digits.length >= 5 ? digits : null;
}

/** An e-mail address as lookups compare it: trimmed, lower case. */
export function emailKey(email: string | undefined): string | null {
  const e = (email ?? '').trim().toLowerCase();
  return e.includes('@') ? e : null;
}

/** Paid and not cancelled: the orders every commercial figure counts. */
export const isPaid = (o: OrderFact): o is OrderFact & { paidAt: string } => o.paidAt !== null && o.cancelledAt === null;

/** The total less its refunds, never below zero. */
export const netMinor = (o: OrderFact): number => Math.max(0, o.totalMinor - o.refunds.reduce((s, r) => s + r.amountMinor, 0));
