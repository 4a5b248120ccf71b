// `xiaoer orders import`: a CSV of orders exported from the shop's systems into the order ledger,
// one row per order (a refund in the same row). Importing the same file again changes nothing:
// each row's receipt is the hash of its content. Bad rows are reported by line; good rows still go in.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { OrderUpdate } from '../../core/analytics/order-facts.js';
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { OrderLedger } from '../ports.js';
import { localTimeToIso } from '../../core/text/local-time.js';
import { productsOfLines } from './order-lines.js';
import { recordOrderUpdate } from './record-order.js';

/** Column names as seller centres export them, and their English names. */
const ALIASES: Record<string, string> = {
  订单号: 'order_id', 订单编号: 'order_id', 客户id: 'customer_id', 会员id: 'customer_id', 买家id: 'customer_id', 手机: 'phone', 手机号: 'phone', 邮箱: 'email',
  订单金额: 'total', 实付金额: 'total', 币种: 'currency', 下单时间: 'placed_at', 付款时间: 'paid_at', 取消时间: 'cancelled_at', 商品编码: 'skus', sku: 'skus',
  退款单号: 'refund_id', 退款金额: 'refund_amount', 退款时间: 'refund_at',
};

/** A time with its zone, or a seller centre's wall-clock time (2026-12-01 10:00:00) in the shop's zone. */
const timeIn = (timeZone: string) =>
  z.string().transform((s, ctx) => {
    if (/^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s))) return s;
    const local = localTimeToIso(s, timeZone);
    if (local) return local;
    ctx.addIssue({ code: 'custom', message: `expected a time such as 2026-12-01 10:00:00 (${timeZone}) or 2026-12-01T10:00:00+08:00` });
    return z.NEVER;
  });
const money = z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, 'expected an amount such as 199.00').transform((s) => Math.round(Number(s) * 100));
const optional = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === '' || v === undefined ? undefined : v), t.optional());

const rowIn = (timeZone: string) => {
  const time = timeIn(timeZone);
  return z.object({
    order_id: z.string().min(1, 'order_id is required').max(100),
    customer_id: optional(z.string().max(64)),
    phone: optional(z.string().max(40)),
    email: optional(z.string().max(320)),
    total: money,
    currency: optional(z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY')),
    placed_at: time,
    paid_at: optional(time),
    cancelled_at: optional(time),
    skus: optional(z.string().max(5000)),
    refund_id: optional(z.string().max(100)),
    refund_amount: optional(money),
    refund_at: optional(time),
  });
};

/** What an import did. */
export interface OrdersImport {
  rows: number;
  applied: number;
  unchanged: number;
  /** `line N: problem` for each row left out (line 1 is the header). */
  errors: string[];
}

/** Imports parsed CSV rows (header → value; the header is line 1). */
export async function importOrders(deps: Pick<AppDeps, 'store' | 'clock' | 'knowledge'> & { ledger: OrderLedger }, shopId: string, rows: readonly Record<string, string>[]): Promise<OrdersImport> {
  const shop = await deps.store.shops.get(shopId);
  if (!shop) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `shop ${shopId} does not exist`);
  const kb = shop.currentReleaseId ? await deps.knowledge.get(shop.currentReleaseId) : undefined;
  const row = rowIn(shop.bundle.shop.businessHours.timezone);
  const result: OrdersImport = { rows: rows.length, applied: 0, unchanged: 0, errors: [] };
  for (const [i, raw] of rows.entries()) {
    const named = Object.fromEntries(Object.entries(raw).map(([k, v]) => [ALIASES[k.trim().toLowerCase()] ?? k.trim().toLowerCase(), v.trim()]));
    const r = row.safeParse(named);
    if (!r.success) {
      result.errors.push(`line ${i + 2}: ${r.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ')}`);
      continue;
    }
    const o = r.data;
    if ((o.refund_id === undefined) !== (o.refund_amount === undefined) || (o.refund_id !== undefined && o.refund_at === undefined)) {
      result.errors.push(`line ${i + 2}: a refund needs refund_id, refund_amount and refund_at together`);
      continue;
    }
    const buyer = Object.fromEntries(Object.entries({ id: o.customer_id, phone: o.phone, email: o.email }).filter(([, v]) => v !== undefined)) as OrderUpdate['buyer'];
    const update: OrderUpdate = {
      id: o.order_id,
      ...(buyer ? { buyer } : {}),
      totalMinor: o.total,
      ...(o.currency ? { currency: o.currency } : {}),
      placedAt: o.placed_at,
      ...(o.paid_at ? { paidAt: o.paid_at } : {}),
      ...(o.cancelled_at ? { cancelledAt: o.cancelled_at } : {}),
      products: productsOfLines(kb, (o.skus ?? '').split(/[|;；]/).map((s) => s.trim()).filter(Boolean).map((sku) => ({ sku, productId: sku }))),
      ...(o.refund_id && o.refund_amount !== undefined && o.refund_at ? { refunds: [{ id: o.refund_id, amountMinor: o.refund_amount, at: o.refund_at }] } : {}),
    };
    const receipt = { source: 'csv', deliveryId: createHash('sha256').update(JSON.stringify(update)).digest('hex') };
    if ((await recordOrderUpdate(deps, shopId, receipt, update)) === 'applied') result.applied++;
    else result.unchanged++;
  }
  return result;
}
