// The OrderBackend contract on every store (SQLite always, PostgreSQL when DATABASE_URL is set),
// and the tool runner's ownership rules on top of it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderBackend } from '../../app/ports.js';
import { runTool, type ToolCaller } from '../../app/sop/run-tool.js';
import type { Customer, Order } from '../../core/commerce/order.js';
import { storesUnderTest } from '../../testing/store-locations.js';

const NOW = '2026-11-25T02:00:00.000Z';
const customer = (id: string, phone: string): Customer => ({ id, shopId: 's1', name: `顾客${id}`, phone, segment: 'regular', tags: [] });
const order = (id: string, customerId: string, status: Order['status'], phone: string): Order => ({
  id,
  shopId: 's1',
  customerId,
  status,
  placedAt: '2026-11-24T01:00:00.000Z',
  updatedAt: '2026-11-24T01:00:00.000Z',
  items: [{ sku: 'TEE-M', productId: 'tee', name: '纯棉T恤', options: { size: 'M' }, qty: 2, priceMinor: 6900 }],
  totalMinor: 13800,
  address: { name: '林', phone, region: '浙江省杭州市', detail: '文三路 1 号' },
});

for (const kind of storesUnderTest()) {
  describe(`OrderBackend contract on ${kind.name}`, () => {
    let orders: OrderBackend;
    let cleanup: () => Promise<void>;
    let n = 0;
    const deps = () => ({ orders, clock: { now: () => NOW }, ids: { next: (p: string) => `${p}-${String(++n).padStart(8, '0')}` } });
    const caller = (customerId: string | null, key = `k${++n}`): ToolCaller => ({ shopId: 's1', conversationId: 'cnv1', customerId, language: 'zh-CN', timeZone: 'Asia/Shanghai', coupons: [{ id: 'NEW20', title: '新客满199减20', minSpendMinor: 19900, discountMinor: 2000, validDays: 7 }], idempotencyKey: key, now: NOW });

    beforeEach(async () => {
      const opened = await kind.open();
      orders = opened.store.orders;
      cleanup = opened.cleanup;
      await orders.seed('s1', [customer('c1', '13800001001'), customer('c2', '13800002002')], [order('100000000000000001', 'c1', 'paid', '13800001001'), order('100000000000000002', 'c2', 'shipped', '13800002002')]);
    });
    afterEach(async () => cleanup());

    it('reads customers and orders back as seeded, and a new seed replaces the old', async () => {
      expect(await orders.getCustomer('s1', 'c1')).toEqual(customer('c1', '13800001001'));
      expect((await orders.listOrders('s1', 'c1')).map((o) => o.id)).toEqual(['100000000000000001']);
      await orders.seed('s1', [customer('c1', '13800001001')], []);
      expect(await orders.getOrder('s1', '100000000000000001')).toBeUndefined();
      expect(await orders.getCustomer('s1', 'c2')).toBeUndefined();
    });

    it('replaces an order only if it is unchanged since it was read', async () => {
      const before = await orders.getOrder('s1', '100000000000000001');
      if (!before) throw new Error('seeded order missing');
      const after = { ...before, status: 'cancelled' as const, updatedAt: NOW };
      expect(await orders.replaceOrder(before, after)).toBe(true);
      expect(await orders.replaceOrder(before, { ...after, status: 'shipped' })).toBe(false);
      expect((await orders.getOrder('s1', before.id))?.status).toBe('cancelled');
    });

    it('lists orders delivered since a time, oldest first, across shops', async () => {
      const shipped = await orders.getOrder('s1', '100000000000000002');
      if (!shipped) throw new Error('seeded order missing');
      expect(await orders.listDeliveredSince('2026-11-24T00:00:00.000Z', 10)).toEqual([]);
      const delivered = { ...shipped, status: 'delivered' as const, updatedAt: NOW };
      expect(await orders.replaceOrder(shipped, delivered)).toBe(true);
      expect(await orders.listDeliveredSince('2026-11-25T00:00:00.000Z', 10)).toEqual([delivered]);
      expect(await orders.listDeliveredSince('2026-11-25T03:00:00.000Z', 10)).toEqual([]);
    });

    it('pages through deliveries after a given order, by update time, shop and id', async () => {
      const mk = (shopId: string, id: string, updatedAt: string): Order => ({ ...order(id, 'c1', 'delivered', '13800001001'), shopId, updatedAt });
      const all = [mk('s1', '3', NOW), mk('s1', '1', NOW), mk('s0', '9', NOW), mk('s1', '2', '2026-11-25T01:00:00.000Z'), mk('s1', '4', '2026-11-25T03:00:00.000Z')];
      await orders.seed('s1', [customer('c1', '13800001001')], all.filter((o) => o.shopId === 's1'));
      await orders.seed('s0', [{ ...customer('c1', '13800001001'), shopId: 's0' }], all.filter((o) => o.shopId === 's0'));
      const key = (o: Order) => `${o.shopId}/${o.id}`;
      const since = '2026-11-25T00:00:00.000Z';
      const first = await orders.listDeliveredSince(since, 2);
      expect(first.map(key)).toEqual(['s1/2', 's0/9']);
      const second = await orders.listDeliveredSince(since, 2, first[1]);
      expect(second.map(key)).toEqual(['s1/1', 's1/3']);
      expect((await orders.listDeliveredSince(since, 2, second[1])).map(key)).toEqual(['s1/4']);
    });

    it('shows an order to its customer, or to a shopper with the right phone tail, and to no one else', async () => {
      const own = await runTool(deps(), { callId: 'x', tool: 'lookup_order', args: { order_id: '100000000000000001' } }, caller('c1'));
      expect(own).toMatchObject({ ok: true, status: 'paid', status_text: '已付款，待发货', total_text: '¥138', address_text: '林 138****1001 浙江省杭州市文三路 1 号', can_cancel: true });
      const other = await runTool(deps(), { callId: 'x', tool: 'lookup_order', args: { order_id: '100000000000000001' } }, caller('c2'));
      expect(other).toEqual({ ok: false, found: false, error: 'needs_verification' });
      const wrongTail = await runTool(deps(), { callId: 'x', tool: 'lookup_order', args: { order_id: '100000000000000001', phone_tail: '9999' } }, caller(null));
      expect(wrongTail).toEqual({ ok: false, found: false, error: 'not_found' });
      const missing = await runTool(deps(), { callId: 'x', tool: 'lookup_order', args: { order_id: '199999999999999999', phone_tail: '1001' } }, caller(null));
      expect(missing).toEqual(wrongTail);
      const tail = await runTool(deps(), { callId: 'x', tool: 'lookup_order', args: { order_id: '100000000000000001', phone_tail: '1001' } }, caller(null));
      expect(tail).toMatchObject({ ok: true, order_id: '100000000000000001' });
      const cancel = await runTool(deps(), { callId: 'x', tool: 'cancel_order', args: { order_id: '100000000000000001' } }, caller('c2'));
      expect(cancel).toMatchObject({ ok: false, error: 'needs_verification' });
      expect((await orders.getOrder('s1', '100000000000000001'))?.status).toBe('paid');
    });

    it('cancels once: a retried call with the same key returns the first result and writes nothing more', async () => {
      const call = { callId: 'x', tool: 'cancel_order', args: { order_id: '100000000000000001' } };
      const first = await runTool(deps(), call, caller('c1', 'turn-1'));
      expect(first).toMatchObject({ ok: true, status: 'cancelled', status_text: '已取消' });
      expect(await runTool(deps(), call, caller('c1', 'turn-1'))).toEqual(first);
      expect(await runTool(deps(), call, caller('c1', 'turn-2'))).toMatchObject({ ok: false, error: 'not_cancellable' });
    });

    it('refuses what the order status does not allow, saying why', async () => {
      const r = await runTool(deps(), { callId: 'x', tool: 'cancel_order', args: { order_id: '100000000000000002' } }, caller('c2'));
      expect(r).toMatchObject({ ok: false, error: 'already_shipped', status: 'shipped' });
      const addr = await runTool(deps(), { callId: 'x', tool: 'update_address', args: { order_id: '100000000000000001', address: '短' } }, caller('c1'));
      expect(addr).toMatchObject({ ok: false, error: 'address_too_short' });
    });

    it('issues a coupon once per customer', async () => {
      const first = await runTool(deps(), { callId: 'x', tool: 'issue_coupon', args: { coupon: 'NEW20' } }, caller('c1'));
      expect(first).toMatchObject({ ok: true, title: '新客满199减20', expires_at: '2026-12-02', already_had: false });
      const again = await runTool(deps(), { callId: 'x', tool: 'issue_coupon', args: { coupon: 'NEW20' } }, caller('c1'));
      expect(again).toMatchObject({ ok: true, code: first['code'], already_had: true });
      expect(await runTool(deps(), { callId: 'x', tool: 'issue_coupon', args: { coupon: 'FREE' } }, caller('c1'))).toEqual({ ok: false, error: 'unknown_coupon' });
    });
  });
}
