// Orders in from the shop's systems: Shopify's order webhooks and Xiaoer's own signed order webhook
// (docs/orders.md). The signature is checked on the raw body before anything is parsed; a bad or
// missing one is 401 and stores nothing; a replayed delivery id changes nothing.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isSafeNumber, parse as parseJson } from 'lossless-json';
import type { ZodType } from 'zod';
import { XiaoerError } from '../../app/errors.js';
import { productsOfLines } from '../../app/orders/order-lines.js';
import { recordOrderUpdate } from '../../app/orders/record-order.js';
import type { KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import type { ShopSettings } from '../../core/catalog/types.js';
import { errorResponse } from '../../contracts/conversations.js';
import { orderWebhookBody, SHOPIFY_TOPICS, shopifyOrder, shopifyRefund, webhookResponse } from '../../contracts/order-webhooks.js';
import { shopParams } from '../../contracts/shops.js';
import { orderWebhookUpdate, shopifyOrderUpdate, shopifyRefundUpdate } from '../order-payloads.js';
import type { ServerDeps } from '../server-deps.js';
import { verifyOrderWebhook, verifyShopifyHmac } from '../webhook-signatures.js';

/** Shop settings are read again after this long (a re-imported shop.yaml may name other secrets). */
const SETTINGS_TTL_MS = 60_000;
const errors = { 400: errorResponse, 401: errorResponse, 404: errorResponse };

/** Registers the webhook routes. Secrets: the variable shop.yaml names, else the one for every shop. */
export function orderWebhookRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const cache = new Map<string, { at: number; settings: ShopSettings; releaseId: string | null }>();
  const shopOf = async (shopId: string) => {
    const hit = cache.get(shopId);
    if (hit && Date.now() - hit.at < SETTINGS_TTL_MS) return hit;
    const shop = await deps.store.shops.get(shopId);
    if (!shop) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `shop ${shopId} does not exist`);
    const entry = { at: Date.now(), settings: shop.bundle.shop, releaseId: shop.currentReleaseId };
    if (cache.size > 1000) cache.clear();
    cache.set(shopId, entry);
    return entry;
  };
  const secretOf = (settings: ShopSettings, kind: 'shopify' | 'webhook'): string => {
    const name = kind === 'shopify' ? (settings.orders?.shopify_secret_env ?? 'XIAOER_SHOPIFY_WEBHOOK_SECRET') : (settings.orders?.webhook_secret_env ?? 'XIAOER_ORDER_WEBHOOK_SECRET');
    const secret = deps.secret(name);
    if (!secret) throw new XiaoerError('XIAOER_WEBHOOK_NOT_CONFIGURED', `order webhooks of this shop are not set up: ${name} is not set`);
    return secret;
  };
  const linesOf = async (releaseId: string | null) => {
    const kb: KnowledgeBase | undefined = releaseId ? await deps.knowledge.get(releaseId) : undefined;
    return (lines: { sku?: string | null; productId?: string | null }[]) => productsOfLines(kb, lines);
  };
  const header = (v: string | string[] | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
  const deliveryId = (v: string | undefined, name: string): string => {
    if (!v || v.length > 200) throw new XiaoerError('XIAOER_INVALID_WEBHOOK', `the ${name} header is missing (or longer than 200 characters)`);
    return v;
  };
  const parse = <T>(raw: Buffer, schema: ZodType<T>): T => {
    let json: unknown;
    try {
      // Shopify's ids are 64-bit: a number JavaScript cannot hold exactly stays its digits.
      json = parseJson(raw.toString('utf8'), null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits));
    } catch {
      throw new XiaoerError('XIAOER_INVALID_WEBHOOK', 'the body is not valid JSON');
    }
    const r = schema.safeParse(json);
    if (!r.success) throw new XiaoerError('XIAOER_INVALID_WEBHOOK', 'the body is not an order this webhook takes', r.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`));
    return r.data;
  };

  return async (app) => {
    // The signature covers the exact bytes sent: keep them (these routes only).
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    const rawOf = (body: unknown): Buffer => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));

    app.post(
      '/api/v1/shops/:shop/webhooks/shopify',
      { schema: { tags: ['orders'], summary: 'Shopify order webhooks: orders/create, orders/paid, orders/cancelled, refunds/create (X-Shopify-Hmac-Sha256 of the raw body; X-Shopify-Webhook-Id de-duplicates)', params: shopParams, response: { 200: webhookResponse, ...errors } } },
      async (request) => {
        const shop = await shopOf(request.params.shop);
        const raw = rawOf(request.body);
        if (!verifyShopifyHmac(raw, header(request.headers['x-shopify-hmac-sha256']), secretOf(shop.settings, 'shopify'))) throw new XiaoerError('XIAOER_WEBHOOK_SIGNATURE_INVALID', 'X-Shopify-Hmac-Sha256 does not sign this body');
        const topic = header(request.headers['x-shopify-topic']) ?? '';
        if (!(SHOPIFY_TOPICS as readonly string[]).includes(topic)) throw new XiaoerError('XIAOER_INVALID_WEBHOOK', `X-Shopify-Topic must be one of ${SHOPIFY_TOPICS.join(', ')}`);
        const id = deliveryId(header(request.headers['x-shopify-webhook-id']), 'X-Shopify-Webhook-Id');
        const update = topic === 'refunds/create' ? shopifyRefundUpdate(parse(raw, shopifyRefund)) : shopifyOrderUpdate(topic, parse(raw, shopifyOrder), await linesOf(shop.releaseId));
        const r = await recordOrderUpdate(deps, request.params.shop, { source: 'shopify', deliveryId: id }, update);
        request.log.info({ event: 'order.webhook', source: 'shopify', topic, shopId: request.params.shop, duplicate: r === 'duplicate' }, 'order webhook');
        return { ok: true as const, duplicate: r === 'duplicate' };
      },
    );

    app.post(
      '/api/v1/shops/:shop/webhooks/orders',
      { schema: { tags: ['orders'], summary: "Xiaoer's signed order webhook (X-Xiaoer-Signature t=…,v1=…; X-Xiaoer-Delivery-Id de-duplicates); docs/orders.md", params: shopParams, response: { 200: webhookResponse, ...errors } } },
      async (request) => {
        const shop = await shopOf(request.params.shop);
        const raw = rawOf(request.body);
        if (!verifyOrderWebhook(raw, header(request.headers['x-xiaoer-signature']), secretOf(shop.settings, 'webhook'), Date.parse(deps.clock.now()))) {
          throw new XiaoerError('XIAOER_WEBHOOK_SIGNATURE_INVALID', 'X-Xiaoer-Signature does not sign this body, or its time is more than five minutes off');
        }
        const id = deliveryId(header(request.headers['x-xiaoer-delivery-id']), 'X-Xiaoer-Delivery-Id');
        const update = orderWebhookUpdate(parse(raw, orderWebhookBody), await linesOf(shop.releaseId));
        const r = await recordOrderUpdate(deps, request.params.shop, { source: 'webhook', deliveryId: id }, update);
        request.log.info({ event: 'order.webhook', source: 'webhook', shopId: request.params.shop, duplicate: r === 'duplicate' }, 'order webhook');
        return { ok: true as const, duplicate: r === 'duplicate' };
      },
    );
  };
}
