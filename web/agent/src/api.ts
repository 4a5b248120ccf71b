// The agent workspace API over HTTP (routes in src/contracts/agent.ts), on the client of web/shared/api.ts
// (the session cookie, the error shape); sign-in is the shared shell's (web/shared/staff-app.tsx).
import type { z } from 'zod';
import type {
  AgentAssist,
  agentMessageEvent,
  ConversationDetail,
  ConversationSummary,
  queueChangedEvent,
  Staff,
  suggestionsSchema,
  WorkspaceMessage,
} from '../../../src/contracts/agent.js';
import { request } from '../../shared/api.js';

export { ApiError } from '../../shared/api.js';

export type { AgentAssist, ConversationDetail, ConversationSummary, Staff, WorkspaceMessage };
export type Customer = ConversationDetail['customer'];
export type Suggestion = z.infer<typeof suggestionsSchema>['suggestions'][number];
export type QueueChangedEvent = z.infer<typeof queueChangedEvent>;
export type AgentMessageEvent = z.infer<typeof agentMessageEvent>;
export type TransferTarget = { agentId: string } | { group: string };

const conv = (id: string, action = '') => `/api/v1/agent/conversations/${encodeURIComponent(id)}${action}`;

/** A client message id for idempotent sends (crypto.randomUUID needs a secure context, so not always there). */
export function newClientMessageId(): string {
  const random = typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  return `agent-${random}`;
}

export const api = {
  queue: () => request<{ conversations: ConversationSummary[] }>('GET', '/api/v1/agent/queue'),
  mine: () => request<{ conversations: ConversationSummary[] }>('GET', '/api/v1/agent/conversations'),
  detail: (id: string) => request<ConversationDetail>('GET', conv(id)),
  suggestions: (id: string) => request<{ suggestions: Suggestion[] }>('GET', conv(id, '/suggestions')),
  assist: (id: string) => request<AgentAssist>('POST', conv(id, '/assist')),
  claim: (id: string) => request<ConversationSummary>('POST', conv(id, '/claim')),
  send: (id: string, text: string, clientMessageId: string) => request<{ message: WorkspaceMessage }>('POST', conv(id, '/messages'), { text, clientMessageId }),
  note: (id: string, text: string) => request<{ note: WorkspaceMessage }>('POST', conv(id, '/notes'), { text }),
  transfer: (id: string, to: TransferTarget) => request<ConversationSummary>('POST', conv(id, '/transfer'), to),
  handBack: (id: string) => request<ConversationSummary>('POST', conv(id, '/hand-back')),
  close: (id: string) => request<ConversationSummary>('POST', conv(id, '/close')),
};
