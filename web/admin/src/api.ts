// The admin console's API over HTTP: the outcome report (src/contracts/analytics.ts), on the client of
// web/shared/api.ts (the session cookie, the error shape); staff sign-in is the shared shell's
// (web/shared/staff-app.tsx).
import type { Staff } from '../../../src/contracts/agent.js';
import type { OutcomeReportPayload } from '../../../src/contracts/analytics.js';
import { request } from '../../shared/api.js';

export { ApiError } from '../../shared/api.js';

export type { Staff };
export type OutcomeReport = OutcomeReportPayload;

/** A whole-day range as the API takes it: UTC dates YYYY-MM-DD, both included. */
export interface DayRange {
  from: string;
  to: string;
}

/** The report's path with the range as query; without a range the server takes the last 30 days. */
function analyticsPath(shop: string, suffix: '' | '.csv', range: DayRange | null): string {
  const query = range ? `?${new URLSearchParams({ from: range.from, to: range.to }).toString()}` : '';
  return `/api/v1/admin/shops/${encodeURIComponent(shop)}/analytics${suffix}${query}`;
}

export const api = {
  report: (shop: string, range: DayRange | null) => request<OutcomeReport>('GET', analyticsPath(shop, '', range)),
  /** The CSV download's URL (a plain link: the browser saves what the server marks as an attachment). */
  csvUrl: (shop: string, range: DayRange | null) => analyticsPath(shop, '.csv', range),
};
