// The HTTP client the staff apps (web/agent, web/admin) share: the fetch wrapper, its error, and
// sign-in (routes in src/contracts/agent.ts). The session is an HttpOnly cookie, so every request
// sends same-origin credentials; errors come back as { error: { code, message, details? } }.
import type { Staff } from '../../src/contracts/agent.js';

export type { Staff };

/** A 4xx/5xx answer (or no answer: status 0) with the server's stable code, message and located problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's `details`: problems one per line (e.g. "3:5 steps[0]: unknown step"), often none. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** What to list to the user: the details, or the message when there are none. */
  get lines(): readonly string[] {
    return this.details.length ? this.details : [this.message];
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One call of the JSON API: the parsed answer, or an ApiError. `headers` adds to the JSON ones (If-Match). */
export async function request<T>(method: Method, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      // No content-type without a body: Fastify rejects an empty JSON body.
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e));
  }
  const payload: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) throw apiErrorOf(res.status, payload, res.statusText);
  return payload as T;
}

/** The ApiError of a failed answer's status and parsed body (for callers that do not go through fetch: upload progress needs XMLHttpRequest). */
export function apiErrorOf(status: number, payload: unknown, statusText: string): ApiError {
  const err = errorOf(payload);
  return new ApiError(status, err?.code ?? `HTTP_${status}`, err?.message ?? statusText, err?.details ?? []);
}

function errorOf(payload: unknown): { code: string; message: string; details: string[] } | undefined {
  if (typeof payload !== 'object' || payload === null || !('error' in payload)) return undefined;
  const e = payload.error;
  if (typeof e !== 'object' || e === null) return undefined;
  const code = 'code' in e && typeof e.code === 'string' ? e.code : 'ERROR';
  const message = 'message' in e && typeof e.message === 'string' ? e.message : code;
  const details = 'details' in e && Array.isArray(e.details) ? e.details.filter((d): d is string => typeof d === 'string') : [];
  return { code, message, details };
}

/** Staff sign-in: the server sets the session cookie on login and clears it on logout. */
export const authApi = {
  login: (shop: string, username: string, password: string) => request<Staff>('POST', '/api/v1/auth/login', { shop, username, password }),
  logout: () => request<unknown>('POST', '/api/v1/auth/logout'),
  me: () => request<Staff>('GET', '/api/v1/auth/me'),
};
