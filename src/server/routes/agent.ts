// Staff sign-in (/api/v1/auth) and the agent workspace API (/api/v1/agent): every /agent route
// needs a session cookie and reads or changes only conversations of the staff member's own shop.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { login, logout, sessionStaff, SESSION_HOURS } from '../../app/staff/accounts.js';
import {
  addNote,
  announceAgent,
  claimConversation,
  closeConversation,
  conversationOfShop,
  handBack,
  sendAgentMessage,
  suggestReplies,
  transferConversation,
  workspaceSummary,
} from '../../app/staff/workspace.js';
import { customerProfile } from '../../app/customers/profile.js';
import { assistAgent } from '../../app/llm/assist-agent.js';
import { customerKeyOf } from '../../core/customer/turn-tags.js';
import { XiaoerError } from '../../app/errors.js';
import type { ConversationRecord, StaffRecord } from '../../app/ports.js';
import { errorResponse } from '../../contracts/conversations.js';
import {
  agentConversationParams,
  agentMessageBody,
  assistSchema,
  conversationDetailSchema,
  conversationListSchema,
  conversationSummarySchema,
  loginBody,
  noteBody,
  staffSchema,
  suggestionsSchema,
  transferBody,
  workspaceMessageSchema,
} from '../../contracts/agent.js';
import { presentWorkspaceMessage } from '../presenters.js';
import { customerRoutes } from './customers.js';
import { analyticsRoutes } from './analytics.js';
import { adminCatalogRoutes } from './admin-catalog.js';
import { adminFlowRoutes } from './admin-flows.js';
import { adminKnowledgeRoutes } from './admin-knowledge.js';
import { adminReleaseRoutes } from './admin-releases.js';
import { adminTeamRoutes } from './admin-team.js';
import type { Live } from '../live.js';
import type { ServerDeps } from '../server-deps.js';

export const SESSION_COOKIE = 'xiaoer_session';

/**
 * The value of one cookie in a Cookie header; never throws. A value that is not valid
 * percent-encoding, or not a string at all, reads as no cookie (one such header used to end the process).
 */
export function cookieValue(header: unknown, name: string): string | undefined {
  if (typeof header !== 'string' || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function presentStaff(s: StaffRecord) {
  return { id: s.id, shop: s.shopId, username: s.username, displayName: s.displayName, role: s.role, groups: s.groups };
}

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 429: errorResponse };

/**
 * Registers sign-in and the workspace routes. `secureCookies`: the public URL is https, so the
 * session cookie is Secure even when a TLS-terminating proxy forwards plain HTTP.
 */
export function agentRoutes(deps: ServerDeps, live: Live, options: { secureCookies?: boolean } = {}): FastifyPluginAsyncZod {
  const staffOf = async (request: { headers: { cookie?: string | undefined } }): Promise<StaffRecord> => {
    const staff = await sessionStaff(deps, cookieValue(request.headers.cookie, SESSION_COOKIE));
    if (!staff) throw new XiaoerError('XIAOER_UNAUTHENTICATED', 'sign in first');
    return staff;
  };
  const secure = (request: { protocol: string }) => (options.secureCookies || request.protocol === 'https' ? '; Secure' : '');
  const summary = (c: ConversationRecord) => workspaceSummary(deps, c);
  /** After an ownership move: tell the agents' lists, and answer with the summary. */
  const moved = async (c: ConversationRecord) => {
    // A hand-back, close or transfer frees an agent or fills the queue: auto-assignment may act
    // (and may take this very conversation), so the agents are told where it ends up.
    await live.assign(c.shopId);
    return live.ownership((await deps.store.conversations.get(c.id)) ?? c);
  };

  return async (app) => {
    await app.register(customerRoutes(deps, (cookie) => staffOf({ headers: { cookie } })));
    const staffOfCookie = (cookie: string | undefined) => staffOf({ headers: { cookie } });
    await app.register(analyticsRoutes(deps, staffOfCookie));
    // The shop console (issue 22): each resource its own plugin, so upload parsers stay in theirs.
    await app.register(adminKnowledgeRoutes(deps, staffOfCookie));
    await app.register(adminCatalogRoutes(deps, staffOfCookie));
    await app.register(adminFlowRoutes(deps, staffOfCookie));
    await app.register(adminReleaseRoutes(deps, staffOfCookie));
    await app.register(adminTeamRoutes(deps, staffOfCookie));
    app.post('/api/v1/auth/login', { schema: { tags: ['staff'], summary: 'Sign in as a shop admin or agent; sets the session cookie', body: loginBody, response: { 200: staffSchema, ...errors } } }, async (request, reply) => {
      const r = await login(deps, { ...request.body, address: request.ip });
      void reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(r.token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_HOURS * 3600}${secure(request)}`);
      return presentStaff(r.staff);
    });
    app.post('/api/v1/auth/logout', { schema: { tags: ['staff'], response: { 200: z.object({ ok: z.literal(true) }) } } }, async (request, reply: FastifyReply) => {
      await logout(deps, cookieValue(request.headers.cookie, SESSION_COOKIE));
      void reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${secure(request)}`);
      return { ok: true as const };
    });
    app.get('/api/v1/auth/me', { schema: { tags: ['staff'], response: { 200: staffSchema, ...errors } } }, async (request) => presentStaff(await staffOf(request)));

    app.get('/api/v1/agent/queue', { schema: { tags: ['staff'], summary: "The shop's queued conversations, highest priority and longest wait first", response: { 200: conversationListSchema, ...errors } } }, async (request) => {
      const staff = await staffOf(request);
      return { conversations: await Promise.all((await deps.store.conversations.listByOwner(staff.shopId, 'queued')).map(summary)) };
    });
    app.get('/api/v1/agent/conversations', { schema: { tags: ['staff'], summary: 'The conversations I own', response: { 200: conversationListSchema, ...errors } } }, async (request) => {
      const staff = await staffOf(request);
      return { conversations: await Promise.all((await deps.store.conversations.listByOwner(staff.shopId, 'agent', staff.id)).map(summary)) };
    });
    app.get('/api/v1/agent/conversations/:id', { schema: { tags: ['staff'], params: agentConversationParams, response: { 200: conversationDetailSchema, ...errors } } }, async (request) => {
      const staff = await staffOf(request);
      const c = await conversationOfShop(deps, staff, request.params.id);
      const key = customerKeyOf(c);
      const profile = await customerProfile(deps, c.shopId, key);
      const messages = await deps.store.messages.list(c.id, 1000);
      return {
        conversation: await summary(c),
        messages: messages.map(presentWorkspaceMessage),
        customer: {
          key,
          name: profile.customer?.name ?? c.state.authenticated?.name ?? null,
          segment: profile.customer?.segment ?? null,
          tags: profile.tags.map((t) => ({ tag: t.tag, group: t.group, rule: t.rule, confidence: t.confidence, messageId: t.messageId, setAt: t.setAt })),
          preferences: profile.preferences.map((p) => ({ name: p.name, value: p.value, source: p.source, messageId: p.messageId, setAt: p.setAt })),
          orders: profile.purchases,
          summary: profile.lastConversation?.id === c.id ? profile.lastConversation.summary : null,
        },
      };
    });
    app.post('/api/v1/agent/conversations/:id/claim', { schema: { tags: ['staff'], params: agentConversationParams, response: { 200: conversationSummarySchema, ...errors } } }, async (request) => {
      const staff = await staffOf(request);
      const c = await claimConversation(deps, staff, request.params.id);
      live.messages(c.shopId, c.id, [await announceAgent(deps, staff, c)]);
      return moved(c);
    });
    app.post('/api/v1/agent/conversations/:id/transfer', { schema: { tags: ['staff'], params: agentConversationParams, body: transferBody, response: { 200: conversationSummarySchema, ...errors } } }, async (request) =>
      moved(await transferConversation(deps, await staffOf(request), request.params.id, request.body)),
    );
    app.post('/api/v1/agent/conversations/:id/hand-back', { schema: { tags: ['staff'], params: agentConversationParams, response: { 200: conversationSummarySchema, ...errors } } }, async (request) =>
      moved(await handBack(deps, await staffOf(request), request.params.id)),
    );
    app.post('/api/v1/agent/conversations/:id/close', { schema: { tags: ['staff'], params: agentConversationParams, response: { 200: conversationSummarySchema, ...errors } } }, async (request) =>
      moved(await closeConversation(deps, await staffOf(request), request.params.id)),
    );
    app.post('/api/v1/agent/conversations/:id/messages', { schema: { tags: ['staff'], params: agentConversationParams, body: agentMessageBody, response: { 200: z.object({ message: workspaceMessageSchema }), ...errors } } }, async (request) => {
      const staff = await staffOf(request);
      const r = await sendAgentMessage(deps, staff, request.params.id, request.body.text, request.body.clientMessageId);
      if (r.first) live.messages(staff.shopId, request.params.id, [r.message]);
      return { message: presentWorkspaceMessage(r.message) };
    });
    app.post('/api/v1/agent/conversations/:id/notes', { schema: { tags: ['staff'], params: agentConversationParams, body: noteBody, response: { 200: z.object({ note: workspaceMessageSchema }), ...errors } } }, async (request) => {
      const staff = await staffOf(request);
      const note = await addNote(deps, staff, request.params.id, request.body.text);
      live.messages(staff.shopId, request.params.id, [note], { toShopper: false });
      return { note: presentWorkspaceMessage(note) };
    });
    app.get('/api/v1/agent/conversations/:id/suggestions', { schema: { tags: ['staff'], params: agentConversationParams, response: { 200: suggestionsSchema, ...errors } } }, async (request) => ({
      suggestions: await suggestReplies(deps, await staffOf(request), request.params.id),
    }));
    app.post('/api/v1/agent/conversations/:id/assist', { schema: { tags: ['staff'], summary: "The shop's model summarises the conversation and suggests replies (checked by the guardrails) and tags (with the shopper's words)", params: agentConversationParams, response: { 200: assistSchema, ...errors } } }, async (request) =>
      assistAgent(deps, request.params.id, await staffOf(request)),
    );
  };
}
