// An order delivery from the shop's systems (a Shopify webhook, the generic order webhook, a CSV
// row) recorded in the order ledger once: matched to the shop's customer, merged with what was
// known, saved with its receipt so a replay changes nothing.
import { mergeOrder, type OrderUpdate } from '../../core/analytics/order-facts.js';
import type { Clock, DeliveryReceipt, OrderLedger } from '../ports.js';

/** Records one delivery; 'duplicate' when this delivery id was applied before. */
export async function recordOrderUpdate(deps: { ledger: OrderLedger; clock: Clock }, shopId: string, receipt: DeliveryReceipt, update: OrderUpdate): Promise<'applied' | 'duplicate'> {
  // Matched before the transaction: a customer found now stays the order's customer (a later
  // delivery that names nobody does not unmatch it).
  const customerId = update.buyer ? await deps.ledger.matchCustomer(shopId, update.buyer) : null;
  const now = deps.clock.now();
  return deps.ledger.apply(shopId, receipt, update.id, (existing) => mergeOrder(shopId, receipt.source, existing, update, customerId, now), now);
}
