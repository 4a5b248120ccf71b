// The HTTP client the staff apps (web/agent, web/admin) share: the fetch wrapper, its error, and
// sign-in (routes in src/contracts/agent.ts). The session is an HttpOnly cookie, so every request
// sends same-origin credentials; errors come back as { error: { code, message } }.
import type { Staff } from '../../src/contracts/agent.js';

export type { Staff };

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

/** One call of the JSON API: the parsed answer, or an ApiError. */
export async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
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

/** Staff sign-in: the server sets the session cookie on login and clears it on logout. */
export const authApi = {
  login: (shop: string, username: string, password: string) => request<Staff>('POST', '/api/v1/auth/login', { shop, username, password }),
  logout: () => request<unknown>('POST', '/api/v1/auth/logout'),
  me: () => request<Staff>('GET', '/api/v1/auth/me'),
};
