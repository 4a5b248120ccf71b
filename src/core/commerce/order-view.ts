// Orders as flows read them: flat, display-ready fields (status in words, items, totals) made
// from the order's data only, in the shop's language.
import { formatPriceRange } from '../catalog/money.js';
import type { ToolOutput } from '../sop/tools.js';
import { checkAction, type Order, type OrderStatus } from './order.js';

const STATUS_TEXT: Record<OrderStatus, { 'zh-CN': string; en: string }> = {
  pending: { 'zh-CN': '待付款', en: 'awaiting payment' },
  paid: { 'zh-CN': '已付款，待发货', en: 'paid, not shipped yet' },
  shipped: { 'zh-CN': '已发货', en: 'shipped' },
  delivered: { 'zh-CN': '已签收', en: 'delivered' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
  return_requested: { 'zh-CN': '退货申请已提交', en: 'return requested' },
  returned: { 'zh-CN': '已退货退款', en: 'returned and refunded' },
  exchange_requested: { 'zh-CN': '换货申请已提交', en: 'exchange requested' },
};

/** "2026-11-18 09:30" in the shop's time zone. */
function localTime(iso: string, timeZone: string): string {
  try {
    const f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    return f.format(new Date(iso));
  } catch {
    return iso.slice(0, 16).replace('T', ' ');
  }
}

/** The fields of lookup_order and of every order-changing tool. */
export function orderView(o: Order, language: 'zh-CN' | 'en', timeZone: string, now: string): ToolOutput {
  const items = o.items
    .map((it) => {
      const opts = Object.values(it.options).join('/');
      return `${it.name}${opts ? `（${opts}）` : ''} ×${it.qty}`;
    })
    .join(language === 'en' ? '; ' : '；');
  const last = o.shipment?.events.at(-1);
  return {
    ok: true,
    found: true,
    order_id: o.id,
    status: o.status,
    status_text: STATUS_TEXT[o.status][language],
    items_text: items,
    total_text: formatPriceRange([o.totalMinor]),
    placed_at: localTime(o.placedAt, timeZone),
    carrier: o.shipment?.carrier ?? null,
    tracking_no: o.shipment?.trackingNo ?? null,
    last_event: last?.text ?? null,
    last_event_at: last ? localTime(last.at, timeZone) : null,
    address_text: `${o.address.name} ${maskPhone(o.address.phone)} ${o.address.region}${o.address.detail}`,
    can_cancel: checkAction(o, 'cancel', now).ok,
    can_update_address: checkAction(o, 'update_address', now).ok,
    can_return: checkAction(o, 'return', now).ok,
    can_exchange: checkAction(o, 'exchange', now).ok,
  };
}

/** 13800001001 → 138****1001: a reply never shows a whole phone number. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

/** The fields of list_orders: newest first. */
export function ordersView(orders: readonly Order[], language: 'zh-CN' | 'en', timeZone: string): ToolOutput {
  const sorted = [...orders].sort((a, b) => b.placedAt.localeCompare(a.placedAt) || b.id.localeCompare(a.id));
  const latest = sorted[0];
  return {
    ok: true,
    count: sorted.length,
    latest_order_id: latest?.id ?? null,
    latest_status: latest?.status ?? null,
    list_text: sorted
      .slice(0, 5)
      .map((o, i) => `${i + 1}. ${o.id} ${localTime(o.placedAt, timeZone).slice(5, 10)} ${o.items[0]?.name ?? ''}${o.items.length > 1 ? (language === 'en' ? ' etc.' : '等') : ''} ${STATUS_TEXT[o.status][language]}`)
      .join('\n'),
  };
}
