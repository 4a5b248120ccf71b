// /api/v1/admin/shops/:shop/faq…: the knowledge base of the shop's draft (docs/console.md).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteFaq, exportFaqCsv, getFaq, importFaq, listFaq, putFaq } from '../../app/console/edit-faq.js';
import { XiaoerError } from '../../app/errors.js';
import { faqFromCsv, parseCsv, parseXlsx } from '../../adapters/bundle/read-sheets.js';
import { adminItemParams, adminShopParams, deletedSchema, faqBody, faqEntrySchema, faqListQuery, faqListSchema, importPreviewSchema, importQuery } from '../../contracts/admin.js';
import { errorResponse } from '../../contracts/conversations.js';
import { adminGuard, etag, ifMatch, type StaffOf } from '../admin-access.js';
import type { ServerDeps } from '../server-deps.js';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
/** The xlsx MIME type. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A knowledge base file as large as an import from files may be. */
export const MAX_SHEET_BYTES = 20 * 1024 * 1024;

/** Rows of an uploaded CSV or XLSX, or XIAOER_INVALID_IMPORT. */
export async function sheetRows(body: unknown, contentType: string | undefined): Promise<string[][]> {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new XiaoerError('XIAOER_INVALID_IMPORT', 'send the file as the request body (Content-Type text/csv or the xlsx type)');
  try {
    return contentType?.startsWith(XLSX) ? await parseXlsx(body) : parseCsv(body.toString('utf8'));
  } catch (err) {
    throw new XiaoerError('XIAOER_INVALID_IMPORT', `the file cannot be read: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : 'unknown problem'}`);
  }
}

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
        const xlsx = request.headers['content-type']?.startsWith(XLSX) === true;
        const file = xlsx ? 'faq.xlsx' : 'faq.csv';
        const sheet = faqFromCsv(await sheetRows(request.body, request.headers['content-type']), file);
        if (!sheet.ok) return { rows: 0, added: 0, changed: 0, unchanged: 0, sample: [], problems: sheet.errors, saved: false };
        return importFaq(deps, request.params.shop, actor, file, sheet.data.records, sheet.data.locate, request.query.dry_run !== 'false');
      },
    );
  };
}
