// /api/v1/shops: public shop information for the chat widget, from the current release.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { XiaoerError } from '../../app/errors.js';
import { formatMoney } from '../../core/catalog/money.js';
import { findProductId } from '../../core/knowledge/knowledge-base.js';
import type { KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import { errorResponse } from '../../contracts/conversations.js';
import { productParams, productResponse, shopParams, shopResponse } from '../../contracts/shops.js';
import type { ServerDeps } from '../server-deps.js';

async function currentKnowledge(deps: ServerDeps, shopId: string): Promise<KnowledgeBase> {
  const shop = await deps.store.shops.get(shopId);
  if (!shop) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `shop ${shopId} does not exist`);
  if (!shop.currentReleaseId) throw new XiaoerError('XIAOER_SHOP_NOT_PUBLISHED', `shop ${shopId} has no published release`);
  return deps.knowledge.get(shop.currentReleaseId);
}

/** Registers the shop routes. */
export function shopRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/shops/:shop',
      { schema: { tags: ['shops'], summary: 'Shop name, greeting and product list', params: shopParams, response: { 200: shopResponse, 404: errorResponse, 409: errorResponse } } },
      async (request) => {
        const kb = await currentKnowledge(deps, request.params.shop);
        const { shop, products } = kb.release.bundle;
        return {
          id: shop.id,
          name: shop.name,
          language: shop.language,
          greeting: shop.greeting,
          releaseId: kb.release.id,
          products: products.map((p) => {
            const prices = p.variants.map((v) => v.priceMinor);
            return { id: p.id, name: p.name, category: p.category, priceMin: formatMoney(Math.min(...prices)), priceMax: formatMoney(Math.max(...prices)) };
          }),
        };
      },
    );

    app.get(
      '/api/v1/shops/:shop/products/:productId',
      { schema: { tags: ['shops'], summary: 'One product with its variants, prices and stock', params: productParams, response: { 200: productResponse, 404: errorResponse, 409: errorResponse } } },
      async (request) => {
        const kb = await currentKnowledge(deps, request.params.shop);
        const p = kb.productsById.get(findProductId(kb, request.params.productId) ?? '');
        if (!p) throw new XiaoerError('XIAOER_PRODUCT_NOT_FOUND', `product ${request.params.productId} does not exist`);
        return {
          id: p.id,
          name: p.name,
          category: p.category,
          description: p.description,
          material: p.attributes.material ?? '',
          facts: Object.entries(p.facts ?? {}).map(([name, value]) => ({ name, value })),
          features: p.attributes.features ?? [],
          suitableFor: p.attributes.suitable_for ?? [],
          variants: p.variants.map((v) => ({ sku: v.sku, options: v.options, price: formatMoney(v.priceMinor), stock: v.stock })),
        };
      },
    );
  };
}
