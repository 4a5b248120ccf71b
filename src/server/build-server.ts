// Builds the Fastify app with routes, OpenAPI docs, the static chat page and the Socket.IO
// gateway over already-wired dependencies (main.ts and tests both call this).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Server as SocketServer } from 'socket.io';
import { createLive, type Live } from './live.js';
import { agentRoutes } from './routes/agent.js';
import { attachGateway } from './gateway.js';
import { clientErrorHandler, frameworkErrors, installErrorHandling } from './http-errors.js';
import { defaultNodeId, healthRoutes } from './health.js';
import { installSecurityHeaders } from './security-headers.js';
import { installShopperCors, socketOriginChecks } from './cors.js';
import { embedRoutes } from './embed-assets.js';
import { createMetrics, metricsRoute } from './metrics.js';
import { conversationRoutes } from './routes/conversations.js';
import { shopRoutes } from './routes/shops.js';
import { orderWebhookRoutes } from './routes/order-webhooks.js';
import { channelRoutes } from './routes/channels.js';
import { nodeChannels, type NodeChannels } from './channels.js';
import type { Undelivered } from '../app/channels/deliver-channel-events.js';
import type { ServerDeps } from './server-deps.js';
import { cleanEdgeValue } from '../core/text/edge-text.js';
import { createShopperLimits, type ShopperRateLimits } from './shopper-limits.js';
import { createAdapter } from '@socket.io/redis-adapter';
import { XiaoerError } from '../app/errors.js';
import { createTurnGate, type TurnGate } from './turn-gate.js';
import { createTurns } from './turns.js';
import type { ServerMetrics } from './metrics.js';

/** Options of the HTTP server. */
export interface ServerOptions {
  logLevel: string;
  /** Folder of built web apps; the widget page is served from `<webDir>/widget` at `/`. */
  webDir?: string;
  /** Proxies whose X-Forwarded-For names the client (config XIAOER_TRUST_PROXY); none by default. */
  trustProxy?: false | string[];
  /** Shopper limits per client address (config XIAOER_RATE_LIMIT_*); none unless given. The counts live in deps.limiter. */
  rateLimits?: ShopperRateLimits;
  /** The URL shoppers and staff use (XIAOER_PUBLIC_URL): when https, cookies are always Secure and HSTS is sent. */
  publicUrl?: string;
  /** When set, /metrics needs `Authorization: Bearer <token>` (XIAOER_METRICS_TOKEN). */
  metricsToken?: string;
  /** Serve Swagger UI at /docs (default true; XIAOER_API_DOCS=off). */
  apiDocs?: boolean;
  /** This node's id for the readiness heartbeat (default host name and process id). */
  nodeId?: string;
  /** Turns computed at once (XIAOER_MAX_TURNS_IN_FLIGHT, whose default depends on the store; 32 when not given); more wait in line. */
  maxTurnsInFlight?: number;
  /** How long a message waits in line before it is acknowledged with 202 (XIAOER_QUEUE_WAIT_MS; default 2000). */
  queueWaitMs?: number;
  /** The WeCom API shops' 微信客服 accounts are reached at (XIAOER_WECOM_API_BASE; default https://qyapi.weixin.qq.com). */
  wecomApiBase?: string;
  /** Whether this node may deliver channel messages now (main.ts: the `channels` lease); always when absent. */
  mayDeliverChannels?: () => Promise<boolean>;
}

/** The Fastify app and its Socket.IO server. */
export interface XiaoerServer {
  app: FastifyInstance;
  io: SocketServer;
  /** Pushes messages and ownership changes to shoppers' and agents' sockets. */
  live: Live;
  metrics: ServerMetrics;
  /** Admission control: turns in flight and in line. */
  gate: TurnGate;
  /**
   * Stops taking work (HTTP 503 XIAOER_DRAINING with Retry-After, /readyz 503, no new sockets),
   * finishes the turns in flight and in line for up to `ms`, tells sockets to reconnect elsewhere
   * and closes; resolves whether or not the turns finished in time (false: some did not).
   */
  drain(ms: number): Promise<boolean>;
  /** Resolves once no channel sync started by a callback (WeCom) and no delivery pass it kicked is running. */
  channelsIdle(): Promise<void>;
  /** The node's channels: one delivery pass of what conversations on them say (main.ts runs it every quarter second). */
  channels: NodeChannels;
}

/** Creates the server; call `app.listen` to serve. */
export async function buildServer(deps: ServerDeps, options: ServerOptions): Promise<XiaoerServer> {
  const app = Fastify({
    logger: { level: options.logLevel },
    // Per-request lines would dominate logs and cost throughput; events are logged by name instead.
    logController: new LogController({ disableRequestLogging: true }),
    // Room for a 4 KB message in JSON with escapes; larger message text is refused by the app with 413.
    bodyLimit: Math.max(64 * 1024, deps.maxMessageBytes * 8),
    trustProxy: options.trustProxy ?? false,
    // Errors before routing and from Node's HTTP parser answer with the API's error body too.
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Responses are built by our own typed code; zod's response schemas document them in OpenAPI but
  // re-validating every response cost measurable throughput, so they are serialised directly.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandling(app);
  // Text from outside is cleaned once, before validation, the same for every store: NUL and other
  // control characters removed, lone surrogates replaced (PostgreSQL refuses the one, mangles the other).
  app.addHook('preValidation', async (request) => {
    request.body = cleanEdgeValue(request.body);
    // Params and query are changed in place: Fastify keeps its own reference to them.
    for (const bag of [request.params, request.query]) {
      if (bag === null || typeof bag !== 'object') continue;
      const record = bag as Record<string, unknown>;
      for (const [k, v] of Object.entries(record)) record[k] = cleanEdgeValue(v);
    }
  });
  // The API speaks JSON only; other bodies get 415 instead of a confusing validation error.
  app.removeContentTypeParser('text/plain');
  const https = options.publicUrl?.startsWith('https:') ?? false;
  await installSecurityHeaders(app, deps, { https });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Xiaoer API', description: 'Conversations with a shop’s AI employee', version: '1' },
      tags: [{ name: 'conversations' }, { name: 'shops' }, { name: 'health' }, { name: 'channels' }],
      components: {
        securitySchemes: {
          conversationToken: { type: 'http', scheme: 'bearer', description: 'the `token` POST /api/v1/conversations returned, or the signed-in customer’s identity token (a JWT)' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  // Without it /docs is a 404 like any unknown route (the OpenAPI document is not served either).
  if (options.apiDocs !== false) await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });

  let draining = false;
  // While draining, every request but liveness and metrics is refused: the client retries on another node.
  app.addHook('onRequest', async (request) => {
    if (!draining || request.url === '/healthz' || request.url === '/metrics' || request.url === '/readyz') return;
    throw new XiaoerError('XIAOER_DRAINING', 'this node is shutting down; try again (another node will answer)', [], { retryAfterMs: 1_000 });
  });
  healthRoutes(app, deps, options.nodeId ?? defaultNodeId(), () => draining);
  const metrics = createMetrics();
  metricsRoute(app, metrics, options.metricsToken);
  const live = createLive(deps, app.log);
  const gate = createTurnGate(options.maxTurnsInFlight ?? 32, (ms) => metrics.queueWait(ms));
  metrics.watchGate(gate);
  if (deps.llm) deps.llm.onOutcome = (o) => metrics.llmOutcome(o);
  const turns = createTurns(deps, gate, metrics, live, options.queueWaitMs ?? 2_000, app.log);
  const limits = createShopperLimits(deps.limiter, options.rateLimits ?? { conversationsPerMinute: 0, messagesPerMinute: 0 });
  installShopperCors(app, deps, { publicUrl: options.publicUrl });
  await app.register(conversationRoutes(deps, turns, live, limits));
  await app.register(shopRoutes(deps));
  await app.register(orderWebhookRoutes(deps));
  // What did not reach a channel's shopper is shown to agents as it is noted (and the queue, when it went there).
  const onUndelivered = (u: Undelivered) => {
    live.messages(u.shopId, u.conversationId, [u.note], { toShopper: false });
    if (!u.queued) return;
    void (async () => {
      const c = await deps.store.conversations.get(u.conversationId);
      if (c) await live.ownership(c);
      await live.assign(u.shopId);
    })().catch((err: unknown) => app.log.warn({ event: 'channels.push_failed', conversationId: u.conversationId, err }, 'an undelivered message is noted but could not be pushed to the workspace'));
  };
  const nodeChannelSet = nodeChannels(
    deps,
    { ...(options.wecomApiBase ? { wecomApiBase: options.wecomApiBase } : {}), ...(options.mayDeliverChannels ? { mayDeliver: options.mayDeliverChannels } : {}), onUndelivered },
    (err) => app.log.error({ event: 'channels.delivery_failed', err }, 'a channel delivery pass failed; the next one retries'),
    (why) => app.log.warn({ event: 'channels.not_configured' }, why),
  );
  const channels = channelRoutes(deps, nodeChannelSet, live);
  await app.register(channels.plugin);
  await app.register(agentRoutes(deps, live, { secureCookies: https }));

  // The embeddable widget (/widget.js and its chat chunk), served to any site.
  if (options.webDir) embedRoutes(app, join(options.webDir, 'embed'));
  // The agent workspace at /agent/ (served before the widget, which takes the root).
  const agentDir = options.webDir ? join(options.webDir, 'agent') : undefined;
  if (agentDir && existsSync(join(agentDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: agentDir, prefix: '/agent/', index: ['index.html'], decorateReply: false });
    app.get('/agent', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/agent/', 301));
  }
  // The admin console at /admin/, likewise before the widget.
  const adminDir = options.webDir ? join(options.webDir, 'admin') : undefined;
  if (adminDir && existsSync(join(adminDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: adminDir, prefix: '/admin/', index: ['index.html'], decorateReply: false });
    app.get('/admin', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/admin/', 301));
  }
  const widgetDir = options.webDir ? join(options.webDir, 'widget') : undefined;
  if (widgetDir && existsSync(join(widgetDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: widgetDir, prefix: '/', index: ['index.html'] });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('Xiaoer is running. The chat page is not built: run `npm run build`.'),
    );
  }

  if (deps.redis) {
    const redis = deps.redis;
    metrics.redisConnected(redis.connected());
    redis.command.on('ready', () => metrics.redisConnected(true));
    redis.command.on('close', () => metrics.redisConnected(false));
  }
  // With Redis, rooms span nodes: a message, a queue change or an agent's presence reaches every node's sockets.
  const adapter = deps.redis ? createAdapter(deps.redis.pub, deps.redis.sub, { key: deps.redis.prefix, requestsTimeout: 2_000 }) : undefined;
  const io = attachGateway(app.server, deps, app.log, turns, live, limits, options.trustProxy ?? false, { ...(adapter ? { adapter } : {}), draining: () => draining, origins: socketOriginChecks(deps, options.publicUrl) });
  live.attach(io);
  // Live sockets would keep the HTTP server from closing: drop them before Fastify closes it.
  app.addHook('preClose', async () => {
    // Closing the engine drops the transports without a Socket.IO disconnect packet, so clients see a lost connection and reconnect.
    io.engine.close();
    io.local.disconnectSockets(true);
  });
  const drain = async (ms: number): Promise<boolean> => {
    draining = true;
    gate.close();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finished = await Promise.race([Promise.all([gate.idle(), channels.idle().then(() => nodeChannelSet.idle())]).then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]).finally(() => clearTimeout(timer));
    // The hint first, then the transport closes: Socket.IO clients reconnect by themselves (to another node).
    io.local.emit('server:draining', { reconnectAfterMs: 500 });
    io.of('/agent').local.emit('server:draining', { reconnectAfterMs: 500 });
    await app.close();
    return finished;
  };
  return {
    app,
    io,
    live,
    metrics,
    gate,
    drain,
    channelsIdle: async () => {
      await channels.idle();
      await nodeChannelSet.idle();
    },
    channels: nodeChannelSet,
  };
}
