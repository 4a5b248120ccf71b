// /api/v1/admin/shops/:shop/analytics: the outcome report for the shop's admins (the console's
// dashboard), as JSON or as CSV for a spreadsheet. Same figures as `xiaoer analytics --json`.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { shopOutcomeReport } from '../../app/analytics/outcome-report.js';
import { XiaoerError } from '../../app/errors.js';
import type { StaffRecord } from '../../app/ports.js';
import type { OutcomeReport } from '../../core/analytics/outcomes.js';
import { csvCell } from '../../core/text/csv-cell.js';
import { analyticsParams, analyticsQuery, outcomeReportSchema } from '../../contracts/analytics.js';
import { errorResponse } from '../../contracts/conversations.js';
import type { ServerDeps } from '../server-deps.js';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

/** Registers the routes; `staffOf` resolves the signed-in staff member (401 otherwise). */
export function analyticsRoutes(deps: ServerDeps, staffOf: (cookie: string | undefined) => Promise<StaffRecord>): FastifyPluginAsyncZod {
  const adminOf = async (cookie: string | undefined, shopId: string) => {
    const s = await staffOf(cookie);
    if (s.role !== 'admin' || s.shopId !== shopId) throw new XiaoerError('XIAOER_FORBIDDEN', "only the shop's admins see its analytics");
    return s;
  };
  return async (app) => {
    app.get(
      '/api/v1/admin/shops/:shop/analytics',
      { schema: { tags: ['admin'], summary: 'The outcome report over whole UTC days from..to (docs/analytics.md)', params: analyticsParams, querystring: analyticsQuery, response: { 200: outcomeReportSchema, ...errors } } },
      async (request) => {
        await adminOf(request.headers.cookie, request.params.shop);
        return shopOutcomeReport(deps, request.params.shop, request.query.from, request.query.to);
      },
    );
    app.get(
      '/api/v1/admin/shops/:shop/analytics.csv',
      { schema: { tags: ['admin'], summary: 'The outcome report as CSV (figure, value), for a spreadsheet', params: analyticsParams, querystring: analyticsQuery, response: { 200: z.string().describe('text/csv'), ...errors } } },
      async (request, reply) => {
        await adminOf(request.headers.cookie, request.params.shop);
        const r = await shopOutcomeReport(deps, request.params.shop, request.query.from, request.query.to);
        void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="analytics-${request.params.shop}-${r.range.from.slice(0, 10)}.csv"`);
        return reportCsv(r);
      },
    );
  };
}

/** One line per figure: a dotted name and its value; flows and gaps one line per step and cluster. */
export function reportCsv(r: OutcomeReport): string {
  const rows: [string, string | number | null][] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
    else if (!Array.isArray(v)) rows.push([prefix, v === null || v === undefined ? null : typeof v === 'number' ? v : String(v)]);
  };
  const { flows, gaps, handoff_reasons, top_intents, experiments, ...figures } = r;
  walk('', figures);
  for (const h of handoff_reasons) rows.push([`handoff_reasons.${h.reason}`, h.count]);
  for (const f of flows) for (const s of f.steps) rows.push([`flows.${f.flow}.${s.step}`, `${s.conversations} conversations; ${s.orders} orders; ${s.revenue}`]);
  for (const x of experiments) {
    for (const a of x.arms) rows.push([`experiments.${x.id}.${a.arm}`, `${a.conversations} conversations; ${a.converted} converted; rate ${a.rate ?? ''}; 95% ${a.interval ? a.interval.join('-') : ''}`]);
    rows.push([`experiments.${x.id}.lift`, x.lift]);
    rows.push([`experiments.${x.id}.too_few`, String(x.too_few)]);
  }
  for (const i of top_intents) rows.push([`top_intents.${i.intent}`, i.count]);
  for (const g of gaps) rows.push([`gaps.${g.text}`, g.count]);
  return ['figure,value', ...rows.map(([k, v]) => `${csvCell(k)},${csvCell(v)}`)].join('\n') + '\n';
}
