// One commerce port, two drivers, over SQLite: the built-in order store and the tau2-bench retail
// domain, each chosen by the shop's backend name, neither asked for by the turn.
import { describe, expect, it } from 'vitest';
import { commerceOf } from '../../../app/commerce/commerce-drivers.js';
import type { ToolScope } from '../../../app/ports.js';
import type { RetailDb } from '../../../core/retail/types.js';
import { tinyBundle } from '../../../core/testing/fixtures.js';
import { appHarness } from '../../../testing/app-harness.js';

const NOW = '2026-11-25T02:00:00.000Z';
const address = { address1: '1 Main St', address2: '', city: 'Austin', state: 'TX', country: 'USA', zip: '78701' };
const retailDb = (): RetailDb => ({
  users: { ann_1: { user_id: 'ann_1', name: { first_name: 'Ann', last_name: 'Doe' }, address, email: 'ann@example.com', payment_methods: { gift_card_1: { source: 'gift_card', id: 'gift_card_1', balance: 5 } }, orders: ['#W1000001'] } },
  orders: {
    '#W1000001': { order_id: '#W1000001', user_id: 'ann_1', address, items: [{ name: 'Mug', product_id: '100', item_id: '200', price: 10, options: { color: 'red' } }], status: 'pending', fulfillments: [], payment_history: [{ transaction_type: 'payment', amount: 10, payment_method_id: 'gift_card_1' }] },
  },
  products: { '100': { name: 'Mug', product_id: '100', variants: { '200': { item_id: '200', options: { color: 'red' }, available: true, price: 10 } } } },
});

describe('the commerce port', () => {
  it("takes each shop's driver by the backend it names", async () => {
    const { deps } = await appHarness();
    const shop = tinyBundle().shop;
    expect(commerceOf(deps.commerce, shop)).toBe(deps.commerce.builtin);
    expect(commerceOf(deps.commerce, { backend: { kind: 'tau2-retail', db: 'db.json' } })).toBe(deps.commerce['tau2-retail']);
  });

  it("runs the built-in store's tools for the signed-in customer, and knows its customers", async () => {
    const { deps } = await appHarness();
    const shop = tinyBundle().shop;
    await deps.orders.seed('tiny', [{ id: 'c1', shopId: 'tiny', name: '王芳', phone: '13800001111', segment: 'regular', tags: [] }], []);
    const builtin = commerceOf(deps.commerce, shop);
    const scope: ToolScope = { shopId: 'tiny', conversationId: 'cnv1', customerId: 'c1', identified: null, shop, idempotencyKey: 'k1', now: NOW };
    expect(await builtin.runTool({ callId: 'x', tool: 'list_orders', args: {} }, scope)).toEqual({ output: expect.objectContaining({ ok: true, count: 0 }) });
    expect(await builtin.runTool({ callId: 'x', tool: 'list_orders', args: {} }, { ...scope, customerId: null })).toEqual({ output: { ok: false, error: 'unknown_customer', count: 0 } });
    expect((await builtin.getCustomer('tiny', 'c1'))?.name).toBe('王芳');
  });

  it('identifies a retail user through a tool, and then serves only that user', async () => {
    const { deps } = await appHarness();
    await deps.retail.load('retail', retailDb());
    const shop = { ...tinyBundle().shop, id: 'retail', backend: { kind: 'tau2-retail' as const, db: 'db.json' } };
    const retail = commerceOf(deps.commerce, shop);
    const scope: ToolScope = { shopId: 'retail', conversationId: 'cnv1', customerId: null, identified: null, shop, idempotencyKey: 'k1', now: NOW };
    expect(await retail.runTool({ callId: 'x', tool: 'get_order_details', args: { order_id: '#W1000001' } }, scope)).toMatchObject({ output: { ok: false, error: 'not_authenticated' } });
    const found = await retail.runTool({ callId: 'x', tool: 'find_user_id_by_email', args: { email: 'ann@example.com' } }, scope);
    expect(found.identified).toEqual({ customerId: 'ann_1', name: 'Ann' });
    expect(await retail.runTool({ callId: 'x', tool: 'get_order_details', args: { order_id: '#W1000001' } }, { ...scope, identified: 'ann_1' })).toMatchObject({ output: { ok: true, order_id: '#W1000001' } });
    expect(await retail.getCustomer('retail', 'ann_1')).toBeUndefined();
  });
});
