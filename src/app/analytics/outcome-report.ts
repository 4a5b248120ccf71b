// The outcome report of a shop over a date range (docs/analytics.md): reads the conversations and
// orders that can matter and hands them to the core's one implementation of the definitions.
import { DEFAULT_ATTRIBUTION_DAYS, outcomeReport, type OutcomeReport } from '../../core/analytics/outcomes.js';
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { OrderLedger, OutcomeSource } from '../ports.js';
import { ledgerEpisodes } from './outcome-ledger.js';

const DAY = 86_400_000;
/** Durable needs 7 days after the last answer; a margin for conversations that ran long. */
const DURABLE_LOOKAHEAD_DAYS = 8;
const REPURCHASE_DAYS = 90;
/** The range when none is given: the last 30 days up to today. */
const DEFAULT_DAYS = 30;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date range of whole UTC days, `to` included, as instants [from, to). */
export function dayRange(from: string | undefined, to: string | undefined, now: string): { from: string; to: string } {
  for (const d of [from, to]) {
    if (d !== undefined && (!DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00.000Z`)) || new Date(`${d}T00:00:00.000Z`).toISOString().slice(0, 10) !== d)) {
      throw new XiaoerError('XIAOER_INVALID_DATE_RANGE', `expected a date as YYYY-MM-DD, got ${JSON.stringify(d)}`);
    }
  }
  const today = now.slice(0, 10);
  const end = Date.parse(`${to ?? today}T00:00:00.000Z`) + DAY;
  const start = from !== undefined ? Date.parse(`${from}T00:00:00.000Z`) : end - DEFAULT_DAYS * DAY;
  if (start >= end) throw new XiaoerError('XIAOER_INVALID_DATE_RANGE', `the range starts after it ends (${from} to ${to ?? today})`);
  if (end - start > 3660 * DAY) throw new XiaoerError('XIAOER_INVALID_DATE_RANGE', 'a range covers at most ten years');
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/** The shop's outcome report over whole UTC days `from`..`to` (YYYY-MM-DD, both included). */
export async function shopOutcomeReport(deps: Pick<AppDeps, 'store' | 'clock'> & { outcomes: OutcomeSource; ledger: OrderLedger }, shopId: string, from?: string, to?: string): Promise<OutcomeReport> {
  const shop = await deps.store.shops.get(shopId);
  if (!shop) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `shop ${shopId} does not exist`);
  const now = deps.clock.now();
  const range = dayRange(from, to, now);
  const windowDays = shop.bundle.shop.analytics?.attribution_days ?? DEFAULT_ATTRIBUTION_DAYS;
  const at = (base: string, days: number) => new Date(Date.parse(base) + days * DAY).toISOString();
  // Conversations that can take an order of the range's conversations (last touch) or reopen one,
  // and orders that can be attributed to them or be their customers' repurchases.
  const episodes = await ledgerEpisodes(deps, shopId, at(range.from, -windowDays), at(range.to, Math.max(windowDays, DURABLE_LOOKAHEAD_DAYS)));
  const orders = await deps.ledger.listPaid(shopId, at(range.from, -windowDays), at(range.to, windowDays + REPURCHASE_DAYS + 1));
  return outcomeReport(episodes, orders, { ...range, now, attributionDays: windowDays, experiments: shop.bundle.shop.experiments ?? [] });
}
