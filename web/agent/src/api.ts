// The agent workspace API over HTTP (routes in src/contracts/agent.ts). The session is an HttpOnly
// cookie, so every request sends same-origin credentials; errors come back as { error: { code, message } }.
import type { z } from 'zod';
import type {
  agentMessageEvent,
  ConversationDetail,
  ConversationSummary,
  queueChangedEvent,
  Staff,
  suggestionsSchema,
  WorkspaceMessage,
} from '../../../src/contracts/agent.js';

export type { ConversationDetail, ConversationSummary, Staff, WorkspaceMessage };
export type Customer = ConversationDetail['customer'];
export type Suggestion = z.infer<typeof suggestionsSchema>['suggestions'][number];
export type QueueChangedEvent = z.infer<typeof queueChangedEvent>;
export type AgentMessageEvent = z.infer<typeof agentMessageEvent>;
export type TransferTarget = { agentId: string } | { group: string };

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

const conv = (id: string, action = '') => `/api/v1/agent/conversations/${encodeURIComponent(id)}${action}`;

/** A client message id for idempotent sends (crypto.randomUUID needs a secure context, so not always there). */
export function newClientMessageId(): string {
  const random = typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  return `agent-${random}`;
}

export const api = {
  login: (shop: string, username: string, password: string) => request<Staff>('POST', '/api/v1/auth/login', { shop, username, password }),
  logout: () => request<unknown>('POST', '/api/v1/auth/logout'),
  me: () => request<Staff>('GET', '/api/v1/auth/me'),
  queue: () => request<{ conversations: ConversationSummary[] }>('GET', '/api/v1/agent/queue'),
  mine: () => request<{ conversations: ConversationSummary[] }>('GET', '/api/v1/agent/conversations'),
  detail: (id: string) => request<ConversationDetail>('GET', conv(id)),
  suggestions: (id: string) => request<{ suggestions: Suggestion[] }>('GET', conv(id, '/suggestions')),
  claim: (id: string) => request<ConversationSummary>('POST', conv(id, '/claim')),
  send: (id: string, text: string, clientMessageId: string) => request<{ message: WorkspaceMessage }>('POST', conv(id, '/messages'), { text, clientMessageId }),
  note: (id: string, text: string) => request<{ note: WorkspaceMessage }>('POST', conv(id, '/notes'), { text }),
  transfer: (id: string, to: TransferTarget) => request<ConversationSummary>('POST', conv(id, '/transfer'), to),
  handBack: (id: string) => request<ConversationSummary>('POST', conv(id, '/hand-back')),
  close: (id: string) => request<ConversationSummary>('POST', conv(id, '/close')),
};
