// The admin console's API over HTTP: staff sign-in (src/contracts/agent.ts) and the outcome report
// (src/contracts/analytics.ts). The session is an HttpOnly cookie, so every request sends
// same-origin credentials; errors come back as { error: { code, message } }.
import type { Staff } from '../../../src/contracts/agent.js';
import type { OutcomeReportPayload } from '../../../src/contracts/analytics.js';

export type { Staff };
export type OutcomeReport = OutcomeReportPayload;

/** A whole-day range as the API takes it: UTC dates YYYY-MM-DD, both included. */
export interface DayRange {
  from: string;
  to: string;
}

/** A 4xx/5xx answer (or no answer: status 0) with the server's stable code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      // No content-type without a body: Fastify rejects an empty JSON body.
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e));
  }
  const payload: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = errorOf(payload);
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? res.statusText);
  }
  return payload as T;
}

function errorOf(payload: unknown): { code: string; message: string } | undefined {
  if (typeof payload !== 'object' || payload === null || !('error' in payload)) return undefined;
  const e = payload.error;
  if (typeof e !== 'object' || e === null) return undefined;
  const code = 'code' in e && typeof e.code === 'string' ? e.code : 'ERROR';
  const message = 'message' in e && typeof e.message === 'string' ? e.message : code;
  return { code, message };
}

/** The report's path with the range as query; without a range the server takes the last 30 days. */
function analyticsPath(shop: string, suffix: '' | '.csv', range: DayRange | null): string {
  const query = range ? `?${new URLSearchParams({ from: range.from, to: range.to }).toString()}` : '';
  return `/api/v1/admin/shops/${encodeURIComponent(shop)}/analytics${suffix}${query}`;
}

export const api = {
  login: (shop: string, username: string, password: string) => request<Staff>('POST', '/api/v1/auth/login', { shop, username, password }),
  logout: () => request<unknown>('POST', '/api/v1/auth/logout'),
  me: () => request<Staff>('GET', '/api/v1/auth/me'),
  report: (shop: string, range: DayRange | null) => request<OutcomeReport>('GET', analyticsPath(shop, '', range)),
  /** The CSV download's URL (a plain link: the browser saves what the server marks as an attachment). */
  csvUrl: (shop: string, range: DayRange | null) => analyticsPath(shop, '.csv', range),
};
