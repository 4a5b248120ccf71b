// The RetailBackend contract on every store (SQLite always, PostgreSQL when DATABASE_URL is set),
// and the retail tool runner's policy rules on top of it: nothing before authentication, one
// user per conversation, only the user's own orders, writes once per idempotency key.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderBackend, RetailBackend } from '../../app/ports.js';
import { runRetailToolCall, type RetailCaller } from '../../app/sop/run-retail-tool.js';
import type { RetailDb, RetailOrder, RetailUser } from '../../core/retail/types.js';
import { storesUnderTest } from '../../testing/store-locations.js';

const NOW = '2026-11-25T02:00:00.000Z';
const address = { address1: '1 Main St', address2: '', city: 'Austin', state: 'TX', country: 'USA', zip: '78701' };
const user = (id: string, first: string, gift: number): RetailUser => ({
  user_id: id,
  name: { first_name: first, last_name: 'Doe' },
  address,
  email: `${first.toLowerCase()}@example.com`,
  payment_methods: { [`gift_card_${id}`]: { source: 'gift_card', id: `gift_card_${id}`, balance: gift } },
  orders: [`#W${id === 'ann_1' ? '1000001' : '1000002'}`],
});
const order = (id: string, userId: string, status: string): RetailOrder => ({
  order_id: id,
  user_id: userId,
  address,
  items: [{ name: 'Mug', product_id: '100', item_id: '200', price: 10, options: { color: 'red' } }],
  status,
  fulfillments: [],
  payment_history: [{ transaction_type: 'payment', amount: 10, payment_method_id: `gift_card_${userId}` }],
});
const db = (): RetailDb => ({
  users: { ann_1: user('ann_1', 'Ann', 5), bob_2: user('bob_2', 'Bob', 0) },
  orders: { '#W1000001': order('#W1000001', 'ann_1', 'pending'), '#W1000002': order('#W1000002', 'bob_2', 'pending') },
  products: { '100': { name: 'Mug', product_id: '100', variants: { '200': { item_id: '200', options: { color: 'red' }, available: true, price: 10 } } } },
});

for (const kind of storesUnderTest()) {
  describe(`RetailBackend contract on ${kind.name}`, () => {
    let retail: RetailBackend;
    let orders: OrderBackend;
    let cleanup: () => Promise<void>;
    let n = 0;
    const caller = (userId: string | null, key = `k${++n}`): RetailCaller => ({ shopId: 's1', userId, idempotencyKey: key, now: NOW });
    const run = (tool: string, args: Record<string, string | string[]>, c: RetailCaller) => runRetailToolCall({ retail, orders }, { callId: 'c', tool, args }, c);

    beforeEach(async () => {
      const opened = await kind.open();
      retail = opened.store.retail;
      orders = opened.store.orders;
      cleanup = opened.cleanup;
      await retail.load('s1', db());
    });
    afterEach(async () => cleanup());

    it('dumps what was loaded, and a new load replaces it', async () => {
      expect(await retail.dump('s1')).toEqual(db());
      await retail.load('s1', { users: {}, orders: {}, products: {} });
      expect(await retail.dump('s1')).toEqual({ users: {}, orders: {}, products: {} });
    });

    it('writes a record only if it is unchanged since it was read', async () => {
      const read = await retail.read('s1', { orders: ['#W1000001'] });
      const o = read.orders.get('#W1000001')?.record;
      if (!o) throw new Error('order missing');
      expect(read.users.has('ann_1')).toBe(true);
      expect(await retail.write('s1', read, { orders: [{ ...o, status: 'cancelled' }], users: [] })).toBe(true);
      expect(await retail.write('s1', read, { orders: [{ ...o, status: 'delivered' }], users: [] })).toBe(false);
      expect((await retail.dump('s1')).orders['#W1000001']?.status).toBe('cancelled');
    });

    it('refuses everything but finding the user before authentication', async () => {
      expect((await run('get_order_details', { order_id: '#W1000001' }, caller(null))).output).toMatchObject({ ok: false, error: 'not_authenticated' });
      expect((await run('cancel_pending_order', { order_id: '#W1000001', reason: 'no longer needed' }, caller(null))).output).toMatchObject({ ok: false, error: 'not_authenticated' });
      const found = await run('find_user_id_by_email', { email: 'ANN@example.com' }, caller(null));
      expect(found).toEqual({ output: { ok: true, user_id: 'ann_1', first_name: 'Ann' }, identified: 'ann_1' });
      expect((await retail.dump('s1')).orders['#W1000001']?.status).toBe('pending');
    });

    it('helps one user per conversation, with their own orders only', async () => {
      expect((await run('find_user_id_by_name_zip', { first_name: 'bob', last_name: 'doe', zip: '78701' }, caller('ann_1'))).output).toMatchObject({ ok: false, error: 'other_user' });
      expect((await run('get_user_details', { user_id: 'bob_2' }, caller('ann_1'))).output).toMatchObject({ ok: false, error: 'other_user' });
      expect((await run('get_order_details', { order_id: '#W1000002' }, caller('ann_1'))).output).toMatchObject({ ok: false, error: 'not_your_order' });
      expect((await run('cancel_pending_order', { order_id: '#W1000002', reason: 'no longer needed' }, caller('ann_1'))).output).toMatchObject({ ok: false, error: 'not_your_order' });
      expect((await run('get_order_details', { order_id: 'w1000001' }, caller('ann_1'))).output).toMatchObject({ ok: true, order_id: '#W1000001', status: 'pending' });
    });

    it('makes a write once per idempotency key, and refunds a gift card at once', async () => {
      const first = await run('cancel_pending_order', { order_id: '#W1000001', reason: 'ordered by mistake' }, caller('ann_1', 'turn-1'));
      expect(first.output).toMatchObject({ ok: true, status: 'cancelled' });
      const again = await run('cancel_pending_order', { order_id: '#W1000001', reason: 'ordered by mistake' }, caller('ann_1', 'turn-1'));
      expect(again.output).toEqual(first.output);
      const state = await retail.dump('s1');
      expect(state.orders['#W1000001']?.payment_history).toHaveLength(2);
      expect(state.users['ann_1']?.payment_methods['gift_card_ann_1']).toMatchObject({ balance: 15 });
      expect((await run('cancel_pending_order', { order_id: '#W1000001', reason: 'ordered by mistake' }, caller('ann_1', 'turn-2'))).output).toMatchObject({ ok: false, error: 'order_not_pending' });
    });
  });
}
