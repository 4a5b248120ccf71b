// Socket.IO gateway for the chat widget: the same use cases as HTTP, answered through acks.
import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer, type Socket } from 'socket.io';
import type { z } from 'zod';
import { listMessages } from '../app/conversations/list-messages.js';
import { startConversation } from '../app/conversations/start-conversation.js';
import { createConversationBody, resumeConversationBody, sendMessageBody, type Ack } from '../contracts/conversations.js';
import { authorizeShopper } from '../app/conversations/shopper-access.js';
import { cleanEdgeValue } from '../core/text/edge-text.js';
import { clientAddress, type ShopperLimits } from './shopper-limits.js';
import { toErrorResponse } from './http-errors.js';
import type { AgentSocketData, Live } from './live.js';
import { sessionStaff } from '../app/staff/accounts.js';
import { cookieValue, SESSION_COOKIE } from './routes/agent.js';
import { presentMessage, presentReply } from './presenters.js';
import type { ServerDeps } from './server-deps.js';
import type { Turns } from './turns.js';
import type { ServerOptions } from 'socket.io';
import { XiaoerError } from '../app/errors.js';
import type { socketOriginChecks } from './cors.js';

type Logger = { error(obj: object, msg: string): void };

/** What the gateway knows of a shopper's socket: the client address rate limits count against. */
interface ShopperSocket {
  socket: Socket;
  address: string;
}

function handler<S extends z.ZodType, R>(
  schema: S,
  run: (input: z.infer<S>, client: ShopperSocket) => Promise<R>,
  log: Logger,
): (client: ShopperSocket) => (...args: unknown[]) => void {
  return (client) => (...args) => {
    // The acknowledgement is the last argument when it is a function: an event sent with an ack but
    // no payload is answered with a validation error instead of never.
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: Ack<R>) => void) : undefined;
    const payload = args[0];
    const reply = (r: Ack<R>) => {
      if (!ack) return;
      try {
        ack(r);
      } catch (err) {
        log.error({ err, event: 'socket.ack_failed', socketId: client.socket.id }, 'acknowledging a socket event failed');
      }
    };
    // Text from outside is cleaned once (NUL, controls, lone surrogates) the same way as over HTTP.
    const parsed = schema.safeParse(cleanEdgeValue(payload));
    if (!parsed.success) {
      reply({ ok: false, error: { code: 'XIAOER_VALIDATION', message: 'the payload does not match the API schema', details: parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`) } });
      return;
    }
    run(parsed.data, client).then(
      (data) => reply({ ok: true, data }),
      (err: unknown) => {
        const { status, body } = toErrorResponse(err);
        if (status >= 500) log.error({ err, event: 'socket.failed', socketId: client.socket.id }, 'socket handler failed');
        reply({ ok: false, error: body.error });
      },
    );
  };
}

/** The credential a Socket.IO payload shows. */
const credentialOf = (body: { token?: string | undefined; identity?: { token: string } | undefined }) => ({
  ...(body.token ? { accessToken: body.token } : {}),
  ...(body.identity ? { identityToken: body.identity.token } : {}),
});

/** Attaches Socket.IO to the HTTP server; returns it so the caller can close it. */
export function attachGateway(
  httpServer: HttpServer,
  deps: ServerDeps,
  log: Logger,
  turns: Turns,
  live: Live,
  limits: ShopperLimits,
  trustProxy: false | string[],
  options: { adapter?: ServerOptions['adapter']; draining(): boolean; origins?: ReturnType<typeof socketOriginChecks> },
): SocketServer {
  const origins = options.origins;
  const io = new SocketServer(httpServer, {
    path: '/socket.io',
    maxHttpBufferSize: 64 * 1024,
    serveClient: false,
    ...(options.adapter ? { adapter: options.adapter } : {}),
    // Sockets from a shop's own sites (the embeddable widget): admitted only for that shop.
    ...(origins ? { allowRequest: origins.allowRequest, cors: origins.cors } : {}),
  });
  /** A socket from another site (the embedded widget) may only touch conversations of the shop it was admitted for. */
  const embedShop = (socket: Socket) => (socket.data as { embedShop?: string } | undefined)?.embedShop;
  const sameShop = (socket: Socket, shopId: string) => {
    const shop = embedShop(socket);
    if (shop !== undefined && shop !== shopId) throw new XiaoerError('XIAOER_CONVERSATION_ACCESS_DENIED', 'this token does not open this conversation');
  };
  if (origins) {
    io.use((socket, next) => {
      origins.admit(socket.request).then(
        (v) => {
          if (!v.ok) return next(new Error('XIAOER_ORIGIN_NOT_ALLOWED'));
          if (v.origin) socket.data = { embedShop: v.shop ?? '' };
          next();
        },
        () => next(new Error('XIAOER_ORIGIN_NOT_ALLOWED')),
      );
    });
  }
  // A draining node takes no new sockets: the client's reconnection lands on another node.
  const refuseWhileDraining = (_socket: Socket, next: (err?: Error) => void) => next(options.draining() ? new Error('XIAOER_DRAINING') : undefined);
  io.use(refuseWhileDraining);
  io.of('/agent').use(refuseWhileDraining);
  const start = handler(
    createConversationBody,
    async (body, { socket, address }) => {
      await limits.conversation(address);
      sameShop(socket, body.shop);
      const c = await startConversation(deps, {
        shopId: body.shop,
        ...(body.customer ? { customerId: body.customer.id } : {}),
        ...(body.identity ? { identityToken: body.identity.token } : {}),
        ...(body.page ? { pageProductId: body.page.productId } : {}),
      });
      await socket.join(c.id);
      return { id: c.id, token: c.accessToken, shop: c.shopId, releaseId: c.releaseId, greeting: presentMessage(c.greeting) };
    },
    log,
  );
  const send = handler(
    sendMessageBody,
    async (body, { socket, address }) => {
      await limits.message(address);
      const conversation = await authorizeShopper(deps, body.conversationId, credentialOf(body));
      sameShop(socket, conversation.shopId);
      // Replies answered after a 202 come through the conversation's room (also after a reconnect to another node).
      await socket.join(body.conversationId);
      const outcome = await turns.take({
        conversationId: body.conversationId,
        text: body.text,
        clientMessageId: body.clientMessageId,
        ...(body.page ? { pageProductId: body.page.productId } : {}),
      }, conversation);
      if ('queued' in outcome) {
        const q = outcome.queued;
        socket.to(body.conversationId).emit('message:new', { messages: [presentMessage(q.message)] });
        return { message: presentMessage(q.message), replies: [], duplicate: false, queued: { position: q.position, notice: q.notice } };
      }
      const r = outcome.answered;
      // Other tabs of the same shopper see the exchange too; agents once a person is involved.
      socket.to(body.conversationId).emit('message:new', { messages: [presentMessage(r.message), ...r.replies.map(presentMessage)] });
      await live.shopperTurn(r);
      return { message: presentMessage(r.message), replies: r.replies.map(presentReply), duplicate: r.duplicate };
    },
    log,
  );
  const history = handler(
    resumeConversationBody,
    async (body, { socket }) => {
      sameShop(socket, (await authorizeShopper(deps, body.id, credentialOf(body))).shopId);
      const messages = (await listMessages(deps, body.id)).map(presentMessage);
      await socket.join(body.id);
      return { messages };
    },
    log,
  );
  // Agents: the session cookie admits a socket to its shop's room, nothing else.
  const agents = io.of('/agent');
  agents.use((socket, next) => {
    // Nothing a client sends may escape this middleware: an exception here would end the process.
    const refuse = (err?: unknown) => {
      if (err) log.error({ err, event: 'agent.socket_failed' }, 'admitting an agent socket failed');
      next(new Error('XIAOER_UNAUTHENTICATED'));
    };
    let token: string | undefined;
    try {
      token = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
    } catch (err) {
      return refuse(err);
    }
    sessionStaff(deps, token).then(
      (staff) => {
        if (!staff) return refuse();
        const data: AgentSocketData = { staffId: staff.id, shopId: staff.shopId, away: false };
        socket.data = data;
        void socket.join([`shop:${staff.shopId}`, `staff:${staff.id}`]);
        next();
        const report = (err: unknown) => log.error({ err, event: 'agent.assign_failed', shopId: staff.shopId }, 'assigning queued conversations failed');
        live.agentOnline(staff.shopId, staff.id).catch(report);
        socket.on('agent:status', (status: unknown, ack: unknown) => {
          if (status !== 'away' && status !== 'available') {
            if (typeof ack === 'function') ack({ ok: false, error: { code: 'XIAOER_VALIDATION', message: "the status is 'away' or 'available'" } });
            return;
          }
          live.agentAway(staff.shopId, staff.id, status === 'away').then(() => {
            if (typeof ack === 'function') ack(status);
          }, report);
        });
      },
      (err: unknown) => refuse(err),
    );
  });
  io.on('connection', (socket) => {
    let address = 'unknown';
    try {
      address = clientAddress(socket.request, trustProxy);
    } catch (err) {
      log.error({ err, event: 'socket.address_failed', socketId: socket.id }, 'reading a socket address failed');
    }
    const client = { socket, address };
    socket.on('conversation:start', start(client));
    socket.on('message:send', send(client));
    socket.on('conversation:resume', history(client));
  });
  return io;
}
