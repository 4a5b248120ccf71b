// /api/v1/admin/shops/:shop/faq…: the knowledge base of the shop's draft (docs/console.md).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteFaq, exportFaqCsv, getFaq, importFaq, listFaq, putFaq } from '../../app/console/edit-faq.js';
import { faqFromCsv } from '../../adapters/bundle/read-sheets.js';
import { adminItemParams, adminShopParams, deletedSchema, faqBody, faqEntrySchema, faqListQuery, faqListSchema, importPreviewSchema, importQuery } from '../../contracts/admin.js';
import { errorResponse } from '../../contracts/conversations.js';
import { adminGuard, etag, ifMatch, type StaffOf } from '../admin-access.js';
import type { ServerDeps } from '../server-deps.js';
import { MAX_SHEET_BYTES, readUploadedSheet, XLSX } from '../uploaded-sheet.js';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export function adminKnowledgeRoutes(deps: ServerDeps, staffOf: StaffOf): FastifyPluginAsyncZod {
  const adminOf = adminGuard(staffOf, 'the knowledge base');
  return async (app) => {
    // Uploads arrive as the file itself; parsed by the route, never by Fastify.
    app.addContentTypeParser(['text/csv', XLSX], { parseAs: 'buffer', bodyLimit: MAX_SHEET_BYTES }, (_request, body, done) => done(null, body));
    app.get('/api/v1/admin/shops/:shop/faq', { schema: { tags: ['admin'], summary: 'Entries of the draft, searched (q) and filtered (tag), a page at a time', params: adminShopParams, querystring: faqListQuery, response: { 200: faqListSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      return listFaq(deps, request.params.shop, { ...request.query });
    });
    app.get('/api/v1/admin/shops/:shop/faq.csv', { schema: { tags: ['admin'], summary: "The draft's knowledge base as faq.csv", params: adminShopParams, response: { 200: z.string().describe('text/csv'), ...errors } } }, async (request, reply) => {
      await adminOf(request.headers.cookie, request.params.shop);
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="faq-${request.params.shop}.csv"`);
      return exportFaqCsv(deps, request.params.shop);
    });
    app.get('/api/v1/admin/shops/:shop/faq/:id', { schema: { tags: ['admin'], summary: 'One entry of the draft (ETag: its version)', params: adminItemParams, response: { 200: faqEntrySchema, ...errors } } }, async (request, reply) => {
      await adminOf(request.headers.cookie, request.params.shop);
      const e = await getFaq(deps, request.params.shop, request.params.id);
      void reply.header('etag', etag(e.version));
      return e;
    });
    app.put(
      '/api/v1/admin/shops/:shop/faq/:id',
      { schema: { tags: ['admin'], summary: 'Creates or replaces an entry in the draft; with If-Match only if still at that version (else 409)', params: adminItemParams, body: faqBody, response: { 200: faqEntrySchema, ...errors } } },
      async (request, reply) => {
        const actor = await adminOf(request.headers.cookie, request.params.shop);
        const e = await putFaq(deps, request.params.shop, actor, { id: request.params.id, ...request.body }, ifMatch(request.headers['if-match']));
        void reply.header('etag', etag(e.version));
        return e;
      },
    );
    app.delete('/api/v1/admin/shops/:shop/faq/:id', { schema: { tags: ['admin'], summary: 'Deletes an entry from the draft (If-Match as for PUT)', params: adminItemParams, response: { 200: deletedSchema, ...errors } } }, async (request) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      await deleteFaq(deps, request.params.shop, actor, request.params.id, ifMatch(request.headers['if-match']));
      return { id: request.params.id, deleted: true as const };
    });
    app.post(
      '/api/v1/admin/shops/:shop/faq/import',
      {
        bodyLimit: MAX_SHEET_BYTES,
        schema: { tags: ['admin'], summary: 'Imports faq.csv / faq.xlsx sent as the body: a dry run previews; otherwise all rows are saved, or none when one has a problem', params: adminShopParams, querystring: importQuery, response: { 200: importPreviewSchema, ...errors } },
      },
      async (request) => {
        const actor = await adminOf(request.headers.cookie, request.params.shop);
        const sheet = await readUploadedSheet(request.body, request.headers['content-type'], 'faq', faqFromCsv);
        if (!sheet.ok) return sheet.preview;
        return importFaq(deps, request.params.shop, actor, sheet.file, sheet.data.records, sheet.data.locate, request.query.dry_run !== 'false');
      },
    );
  };
}
