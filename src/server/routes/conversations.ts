// /api/v1/conversations: open a conversation, send a message, read the transcript.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listMessages } from '../../app/conversations/list-messages.js';
import { startConversation } from '../../app/conversations/start-conversation.js';
import { identifyConversation } from '../../app/customers/identify-conversation.js';
import {
  conversationParams,
  createConversationBody,
  createConversationResponse,
  errorResponse,
  identifyBody,
  identifyResponse,
  listMessagesResponse,
  postMessageBody,
  postMessageResponse,
  ratingBody,
  ratingResponse,
  handoffResponse,
} from '../../contracts/conversations.js';
import { requestHandoff } from '../../app/conversations/request-handoff.js';
import type { ServerDeps } from '../server-deps.js';
import type { Turns } from '../turns.js';
import type { Live } from '../live.js';
import { presentMessage, presentReply } from '../presenters.js';
import { authorizeShopper, type ShopperCredential } from '../../app/conversations/shopper-access.js';
import { rateConversation } from '../../app/conversations/rate-conversation.js';
import type { ShopperLimits } from '../shopper-limits.js';
import { bearerToken } from '../bearer.js';

/**
 * The shopper's credential from `Authorization: Bearer <token>`: the conversation's access token,
 * or (three dot-separated parts, a JWT) the signed-in customer's identity token.
 */
export function bearerCredential(header: unknown): ShopperCredential {
  const token = bearerToken(header);
  // Both kinds are base64url (a JWT's parts joined by "."); anything else is no credential.
  if (!token || !/^[\w.~+/=-]+$/.test(token)) return {};
  return token.split('.').length === 3 ? { identityToken: token } : { accessToken: token };
}

const denied = { 401: errorResponse, 429: errorResponse };
const bearer = [{ conversationToken: [] }];

/** Registers the conversation routes. */
export function conversationRoutes(deps: ServerDeps, turns: Turns, live: Live, limits: ShopperLimits): FastifyPluginAsyncZod {
  const authorize = (request: { params: { id: string }; headers: { authorization?: string | undefined } }) => authorizeShopper(deps, request.params.id, bearerCredential(request.headers.authorization));
  return async (app) => {
    app.post(
      '/api/v1/conversations',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Open a conversation with a shop; the response carries the greeting and the token every later request on it needs',
          body: createConversationBody,
          response: { 201: createConversationResponse, 400: errorResponse, 404: errorResponse, 409: errorResponse, ...denied },
        },
      },
      async (request, reply) => {
        await limits.conversation(request.ip);
        const { shop, customer, identity, page } = request.body;
        const c = await startConversation(deps, {
          shopId: shop,
          ...(customer ? { customerId: customer.id } : {}),
          ...(identity ? { identityToken: identity.token } : {}),
          ...(page ? { pageProductId: page.productId } : {}),
        });
        return reply.status(201).send({ id: c.id, token: c.accessToken, shop: c.shopId, releaseId: c.releaseId, greeting: presentMessage(c.greeting) });
      },
    );

    app.post(
      '/api/v1/conversations/:id/identify',
      {
        schema: {
          tags: ['conversations'],
          summary: "Identify the shopper with a token from the shop's site; the visitor's tags become the customer's",
          params: conversationParams,
          body: identifyBody,
          security: bearer,
          response: { 200: identifyResponse, 400: errorResponse, 404: errorResponse, 409: errorResponse, ...denied },
        },
      },
      async (request) => {
        await authorize(request);
        return identifyConversation(deps, { conversationId: request.params.id, token: request.body.token });
      },
    );

    app.post(
      '/api/v1/conversations/:id/messages',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Send a shopper message and get the replies; resending a clientMessageId returns the first result',
          params: conversationParams,
          body: postMessageBody,
          security: bearer,
          response: { 200: postMessageResponse, 202: postMessageResponse, 400: errorResponse, 404: errorResponse, 409: errorResponse, 413: errorResponse, 503: errorResponse, ...denied },
        },
      },
      async (request, reply) => {
        await limits.message(request.ip);
        const conversation = await authorize(request);
        const outcome = await turns.take({
          conversationId: request.params.id,
          text: request.body.text,
          clientMessageId: request.body.clientMessageId,
          ...(request.body.page ? { pageProductId: request.body.page.productId } : {}),
        }, conversation);
        if ('queued' in outcome) {
          const q = outcome.queued;
          return reply.code(202).send({ message: presentMessage(q.message), replies: [], duplicate: false, queued: { position: q.position, notice: q.notice } });
        }
        const r = outcome.answered;
        await live.shopperTurn(r);
        return { message: presentMessage(r.message), replies: r.replies.map(presentReply), duplicate: r.duplicate };
      },
    );

    app.post(
      '/api/v1/conversations/:id/rating',
      {
        schema: {
          tags: ['conversations'],
          summary: 'The shopper rates the conversation (CSAT 1–5), once; counted in outcome analytics',
          params: conversationParams,
          body: ratingBody,
          security: bearer,
          response: { 200: ratingResponse, 400: errorResponse, 404: errorResponse, 409: errorResponse, ...denied },
        },
      },
      async (request) => {
        await authorize(request);
        await rateConversation(deps, request.params.id, request.body.score, request.body.comment ?? null);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/conversations/:id/handoff',
      {
        schema: {
          tags: ['conversations'],
          summary: 'The shopper asks for a person (the 转人工 button): queued by the shop\'s handoff rules, told their place in line; again while queued changes nothing',
          params: conversationParams,
          security: bearer,
          response: { 200: handoffResponse, 400: errorResponse, 404: errorResponse, 409: errorResponse, ...denied },
        },
      },
      async (request) => {
        await limits.message(request.ip);
        await authorize(request);
        const r = await requestHandoff(deps, request.params.id);
        // The words go to the shopper's sockets (other tabs) and to the agents, who also see the queue change.
        live.messages(r.shopId, request.params.id, r.replies);
        if (r.ownershipChanged) {
          const c = await deps.store.conversations.get(request.params.id);
          if (c) await live.ownership(c);
          if (r.ownership.owner === 'queued') await live.assign(r.shopId);
        }
        return { owner: r.ownership.owner, changed: r.ownershipChanged, replies: r.replies.map(presentReply) };
      },
    );

    app.get(
      '/api/v1/conversations/:id/messages',
      {
        schema: {
          tags: ['conversations'],
          summary: 'The transcript, oldest first, with the trace of every reply',
          params: conversationParams,
          security: bearer,
          response: { 200: listMessagesResponse, 404: errorResponse, ...denied },
        },
      },
      async (request) => {
        await authorize(request);
        return { messages: (await listMessages(deps, request.params.id)).map(presentMessage) };
      },
    );
  };
}
