// /api/v1/admin/shops/:shop/products… and /attributes: the catalog of the shop's draft.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportProductsCsv, getAttributes, getProduct, importProducts, listProducts, patchVariant, putAttributes, putProduct } from '../../app/console/edit-catalog.js';
import { productsFromCsv } from '../../adapters/bundle/read-sheets.js';
import { MAX_SHEET_BYTES, readUploadedSheet, XLSX } from '../uploaded-sheet.js';
import { adminItemParams, adminShopParams, importPreviewSchema, importQuery, attributesBody, attributesSchema, productBody, productListQuery, productListSchema, productSchema, variantParams, variantPatch } from '../../contracts/admin.js';
import { errorResponse } from '../../contracts/conversations.js';
import { adminGuard, etag, ifMatch, type StaffOf } from '../admin-access.js';
import type { ServerDeps } from '../server-deps.js';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export function adminCatalogRoutes(deps: ServerDeps, staffOf: StaffOf): FastifyPluginAsyncZod {
  const adminOf = adminGuard(staffOf, 'the catalog');
  return async (app) => {
    // Uploads arrive as the file itself; parsed by the route, never by Fastify.
    app.addContentTypeParser(['text/csv', XLSX], { parseAs: 'buffer', bodyLimit: MAX_SHEET_BYTES }, (_request, body, done) => done(null, body));
    app.get('/api/v1/admin/shops/:shop/products', { schema: { tags: ['admin'], summary: 'Products of the draft with their SKUs, searched (q: id, name, alias, category, SKU)', params: adminShopParams, querystring: productListQuery, response: { 200: productListSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      return listProducts(deps, request.params.shop, { ...request.query });
    });
    app.get('/api/v1/admin/shops/:shop/products.csv', { schema: { tags: ['admin'], summary: "The draft's catalog as products.csv (one row per SKU)", params: adminShopParams, response: { 200: z.string().describe('text/csv'), ...errors } } }, async (request, reply) => {
      await adminOf(request.headers.cookie, request.params.shop);
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="products-${request.params.shop}.csv"`);
      return exportProductsCsv(deps, request.params.shop);
    });
    app.post(
      '/api/v1/admin/shops/:shop/products/import',
      {
        bodyLimit: MAX_SHEET_BYTES,
        schema: { tags: ['admin'], summary: 'Imports products.csv / products.xlsx sent as the body (one row per SKU, other columns are attributes): a dry run previews; otherwise all rows are saved, or none when one has a problem', params: adminShopParams, querystring: importQuery, response: { 200: importPreviewSchema, ...errors } },
      },
      async (request) => {
        const actor = await adminOf(request.headers.cookie, request.params.shop);
        const sheet = await readUploadedSheet(request.body, request.headers['content-type'], 'products', productsFromCsv);
        if (!sheet.ok) return sheet.preview;
        return importProducts(deps, request.params.shop, actor, sheet.file, sheet.data.records, sheet.data.locate, request.query.dry_run !== 'false');
      },
    );
    app.get('/api/v1/admin/shops/:shop/products/:id', { schema: { tags: ['admin'], summary: 'One product of the draft (ETag: its version)', params: adminItemParams, response: { 200: productSchema, ...errors } } }, async (request, reply) => {
      await adminOf(request.headers.cookie, request.params.shop);
      const p = await getProduct(deps, request.params.shop, request.params.id);
      void reply.header('etag', etag(p.version));
      return p;
    });
    app.put('/api/v1/admin/shops/:shop/products/:id', { schema: { tags: ['admin'], summary: "Changes a product's name, category, description, aliases and facts (If-Match: its version)", params: adminItemParams, body: productBody, response: { 200: productSchema, ...errors } } }, async (request, reply) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      const p = await putProduct(deps, request.params.shop, actor, request.params.id, request.body, ifMatch(request.headers['if-match']));
      void reply.header('etag', etag(p.version));
      return p;
    });
    app.patch('/api/v1/admin/shops/:shop/products/:id/variants/:sku', { schema: { tags: ['admin'], summary: "A SKU's price (fen) or stock (If-Match: the product's version)", params: variantParams, body: variantPatch, response: { 200: productSchema, ...errors } } }, async (request, reply) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      const p = await patchVariant(deps, request.params.shop, actor, request.params.id, request.params.sku, request.body, ifMatch(request.headers['if-match']));
      void reply.header('etag', etag(p.version));
      return p;
    });
    app.get('/api/v1/admin/shops/:shop/attributes', { schema: { tags: ['admin'], summary: "The shop's attribute declarations (shop.yaml attributes; ETag: the settings' version)", params: adminShopParams, response: { 200: attributesSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      return getAttributes(deps, request.params.shop);
    });
    app.put('/api/v1/admin/shops/:shop/attributes', { schema: { tags: ['admin'], summary: 'Replaces the attribute declarations in shop.yaml (checked as an import is; If-Match: the settings version)', params: adminShopParams, body: attributesBody, response: { 200: attributesSchema, ...errors } } }, async (request) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      return putAttributes(deps, request.params.shop, actor, request.body.attributes, ifMatch(request.headers['if-match']));
    });
  };
}
