// Orders in over HTTP: Shopify's webhooks and Xiaoer's own signed order webhook. A bad, missing or
// stale signature is 401 and stores nothing; a replayed delivery id changes nothing; a malformed
// body is a 400 with a stable code; a shop's own secret (shop.yaml) replaces the one for every shop.
import { createHmac } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { tinyBundle } from '../core/testing/fixtures.js';
import { appHarness } from '../testing/app-harness.js';
import { buildServer, type XiaoerServer } from './build-server.js';
import { signature } from '../app/cdp/deliver-events.js';

const SHOPIFY = 'shopify-secret-for-every-shop';
const OWN = 'tiny-own-shopify-secret';
const ORDERS = 'order-webhook-secret';

const order = (over: object = {}) => ({ id: 820982911946154500, created_at: '2026-12-01T10:00:00+08:00', processed_at: '2026-12-01T10:00:00+08:00', updated_at: '2026-12-01T10:05:00+08:00', financial_status: 'paid', total_price: '158.00', currency: 'CNY', customer: { id: 5551, email: 'Mei@Example.com', phone: null }, line_items: [{ product_id: 632910392, sku: 'TEE-WHT-M', quantity: 2 }], note: 'ignored', ...over });

describe('order webhooks', () => {
  let server: XiaoerServer | undefined;
  afterEach(async () => {
    await server?.app.close();
    server = undefined;
  });

  async function serve(shop: Parameters<typeof tinyBundle>[0] = {}, secrets: Record<string, string> = { XIAOER_SHOPIFY_WEBHOOK_SECRET: SHOPIFY, XIAOER_ORDER_WEBHOOK_SECRET: ORDERS }) {
    const h = await appHarness({ bundle: tinyBundle(shop), secrets });
    await h.deps.orders.seed('tiny', [{ id: 'c1', shopId: 'tiny', name: '梅', phone: '13800000001', email: 'mei@example.com', segment: 'regular', tags: [] }], []);
    server = await buildServer(h.deps, { logLevel: 'silent' });
    const app = server.app;
    const shopify = (body: unknown, o: { topic?: string; id?: string; secret?: string; hmac?: string | null; raw?: string } = {}) => {
      const raw = o.raw ?? JSON.stringify(body);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-shopify-topic': o.topic ?? 'orders/paid', 'x-shopify-webhook-id': o.id ?? 'w-1' };
      const hmac = o.hmac === undefined ? createHmac('sha256', o.secret ?? SHOPIFY).update(raw).digest('base64') : o.hmac;
      if (hmac !== null) headers['x-shopify-hmac-sha256'] = hmac;
      return app.inject({ method: 'POST', url: '/api/v1/shops/tiny/webhooks/shopify', headers, payload: raw } satisfies InjectOptions);
    };
    const own = (body: unknown, o: { id?: string; at?: number; secret?: string } = {}) => {
      const raw = JSON.stringify(body);
      const t = o.at ?? Math.floor(Date.now() / 1000);
      return app.inject({ method: 'POST', url: '/api/v1/shops/tiny/webhooks/orders', headers: { 'content-type': 'application/json', 'x-xiaoer-signature': signature(o.secret ?? ORDERS, t, raw), 'x-xiaoer-delivery-id': o.id ?? 'd-1' }, payload: raw });
    };
    return { h, shopify, own, ledger: h.deps.ledger };
  }

  it('records a signed Shopify order, matched by e-mail, with its lines as the catalog names them', async () => {
    const { shopify, ledger } = await serve();
    const r = await shopify(order());
    expect([r.statusCode, r.json()]).toEqual([200, { ok: true, duplicate: false }]);
    const o = await ledger.get('tiny', '820982911946154500');
    expect(o).toMatchObject({ source: 'shopify', customerId: 'c1', totalMinor: 15800, paidAt: '2026-12-01T10:05:00+08:00', cancelledAt: null, products: ['cotton-tee'] });
  });

  it('refuses a bad, missing or other-secret signature with 401 and stores nothing', async () => {
    const { shopify, ledger } = await serve();
    for (const o of [{ hmac: null }, { hmac: 'bm90IGEgc2lnbmF0dXJl' }, { secret: 'another-secret' }, { hmac: '' }]) {
      const r = await shopify(order(), o);
      expect([r.statusCode, r.json().error.code]).toEqual([401, 'XIAOER_WEBHOOK_SIGNATURE_INVALID']);
    }
    // A body changed after signing: the signature of the original does not cover it.
    const raw = JSON.stringify(order());
    const r = await shopify(undefined, { raw: raw.replace('158.00', '1.00'), hmac: createHmac('sha256', SHOPIFY).update(raw).digest('base64') });
    expect(r.statusCode).toBe(401);
    expect(await ledger.get('tiny', '820982911946154500')).toBeUndefined();
  });

  it('takes a replayed webhook id as a duplicate that changes nothing, and a refund once', async () => {
    const { shopify, ledger } = await serve();
    expect((await shopify(order(), { id: 'w-1' })).json().duplicate).toBe(false);
    const replay = await shopify(order({ total_price: '999.00' }), { id: 'w-1' });
    expect([replay.statusCode, replay.json().duplicate]).toEqual([200, true]);
    const refund = { id: 77, order_id: 820982911946154500, created_at: '2026-12-02T10:00:00+08:00', transactions: [{ kind: 'refund', status: 'success', amount: '58.00' }, { kind: 'refund', status: 'failure', amount: '100.00' }] };
    expect((await shopify(refund, { topic: 'refunds/create', id: 'w-2' })).statusCode).toBe(200);
    expect((await shopify(refund, { topic: 'refunds/create', id: 'w-3' })).statusCode).toBe(200); // same refund, new delivery id
    const o = await ledger.get('tiny', '820982911946154500');
    expect([o?.totalMinor, o?.refunds.map((x) => [x.id, x.amountMinor])]).toEqual([15800, [['77', 5800]]]);
  });

  it('answers malformed JSON, an order it cannot read, an unknown topic and a missing webhook id with 400, storing nothing', async () => {
    const { shopify, ledger } = await serve();
    const cases = [
      await shopify(undefined, { raw: '{"id": 1,' }),
      await shopify({ id: 1, created_at: 'yesterday', total_price: 'lots' }),
      await shopify(order({ total_price: '-5' })),
      await shopify(order(), { topic: 'customers/create' }),
      await shopify(order(), { id: '' }),
    ];
    expect(cases.map((r) => [r.statusCode, r.json().error.code])).toEqual(Array(5).fill([400, 'XIAOER_INVALID_WEBHOOK']));
    expect(await ledger.get('tiny', '820982911946154500')).toBeUndefined();
  });

  it("uses the shop's own secret when shop.yaml names one, and says so when none is set", async () => {
    const { shopify } = await serve({ orders: { shopify_secret_env: 'TINY_SHOPIFY_SECRET' } }, { XIAOER_SHOPIFY_WEBHOOK_SECRET: SHOPIFY, TINY_SHOPIFY_SECRET: OWN });
    expect((await shopify(order())).statusCode).toBe(401);
    expect((await shopify(order(), { secret: OWN })).statusCode).toBe(200);
    await server?.app.close();
    const bare = await serve({}, {});
    const r = await bare.shopify(order());
    expect([r.statusCode, r.json().error.code]).toEqual([401, 'XIAOER_WEBHOOK_NOT_CONFIGURED']);
  });

  it('records an order from the signed order webhook in several deliveries, matched by phone', async () => {
    const { own, ledger } = await serve();
    expect((await own({ order_id: 'A-1', customer: { phone: '+86 138-0000-0001' }, total: '89.00', placed_at: '2026-12-01T02:00:00Z', items: [{ sku: 'BB-66' }] }, { id: 'd-1' })).statusCode).toBe(200);
    expect((await own({ order_id: 'A-1', paid_at: '2026-12-01T02:01:00Z' }, { id: 'd-2' })).statusCode).toBe(200);
    expect((await own({ order_id: 'A-1', refund: { id: 'r1', amount: 9, at: '2026-12-02T00:00:00Z' } }, { id: 'd-3' })).statusCode).toBe(200);
    expect(await ledger.get('tiny', 'A-1')).toMatchObject({ customerId: 'c1', totalMinor: 8900, paidAt: '2026-12-01T02:01:00Z', refunds: [{ id: 'r1', amountMinor: 900 }], products: ['baby-bodysuit'] });
  });

  it('refuses a signature older than five minutes, or by another secret, and an unknown field', async () => {
    const { own, ledger } = await serve();
    const stale = await own({ order_id: 'A-2', total: 1 }, { at: Math.floor(Date.now() / 1000) - 301 });
    const other = await own({ order_id: 'A-2', total: 1 }, { secret: 'nope' });
    expect([stale.statusCode, other.statusCode]).toEqual([401, 401]);
    const unknown = await own({ order_id: 'A-2', total: 1, discount: 5 });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, 'XIAOER_INVALID_WEBHOOK']);
    expect(await ledger.get('tiny', 'A-2')).toBeUndefined();
  });

  it('answers 404 for a shop that does not exist', async () => {
    const { h } = await serve();
    const r = await server!.app.inject({ method: 'POST', url: '/api/v1/shops/nope/webhooks/orders', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect([r.statusCode, r.json().error.code]).toEqual([404, 'XIAOER_SHOP_NOT_FOUND']);
    expect(h.shopId).toBe('tiny');
  });
});
