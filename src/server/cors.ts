// Cross-origin access for the shopper API (conversations, messages, rating, handoff, shop and
// product info) and for Socket.IO: a shop's own sites (shop.yaml allowed_origins) may call them from
// the browser, through the embeddable widget (`/widget.js`); nobody else. The shop is known from the
// path (`/api/v1/shops/:shop`), the conversation (`/api/v1/conversations/:id/…`), the body's `shop`
// (opening a conversation) or, on a preflight, which has no body, the query's `shop`. Requests
// without an Origin header, or from this server's own origin, behave as before.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerDeps } from './server-deps.js';

/** The origins a shop's published release lists; none when the shop is unknown, unpublished or malformed. */
export async function allowedOrigins(deps: ServerDeps, shopId: string): Promise<readonly string[]> {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(shopId)) return [];
  const shop = await deps.store.shops.get(shopId);
  if (!shop?.currentReleaseId) return [];
  return (await deps.knowledge.get(shop.currentReleaseId)).release.bundle.shop.allowed_origins ?? [];
}

/** Whether a shop lists this origin (compared exactly, as the browser sends it: scheme://host[:port]). */
export async function originAllowed(deps: ServerDeps, shopId: string | undefined, origin: string): Promise<boolean> {
  if (!shopId) return false;
  try {
    return (await allowedOrigins(deps, shopId)).includes(origin);
  } catch {
    return false;
  }
}

/**
 * Whether the Origin header names another site: absent, or this server's own origin (the Host the
 * request came to, or the public URL), is same-origin. The scheme is not compared with the Host, since
 * TLS usually ends at a proxy.
 */
export function isCrossOrigin(origin: string | undefined, host: string | undefined, publicOrigin: string | undefined): origin is string {
  if (origin === undefined || origin === '') return false;
  if (publicOrigin && origin === publicOrigin) return false;
  if (host) {
    try {
      if (new URL(origin).host === host.toLowerCase()) return false;
    } catch {
      // "null" or garbage: a foreign origin, refused below.
    }
  }
  return true;
}

/** The shopper routes: a shop and its products, and conversations (open; then one conversation's messages, rating, handoff…). Not webhooks. */
const SHOPPER_PATH = /^\/api\/v1\/(?:shops\/([^/?#]+)(?:\/products\/[^/?#]+)?|conversations(?:\/([^/?#]+)(?:\/[^/?#]+)?)?)\/?(?:[?#]|$)/;

/** The shop a shopper request is for, from what is known before its body is read. */
async function shopBeforeBody(deps: ServerDeps, url: string): Promise<string | undefined> {
  const m = SHOPPER_PATH.exec(url);
  if (!m) return undefined;
  if (m[1]) return safeDecode(m[1]);
  if (m[2]) {
    const id = safeDecode(m[2]);
    if (!id || id.length > 200) return undefined;
    try {
      return (await deps.store.conversations.get(id))?.shopId;
    } catch {
      return undefined;
    }
  }
  // POST /api/v1/conversations: the body names the shop; a preflight shows it as `?shop=`.
  const q = url.indexOf('?');
  return q >= 0 ? (new URLSearchParams(url.slice(q + 1)).get('shop') ?? undefined) : undefined;
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'content-type, authorization';

/** Installs CORS on the shopper routes; call before they are registered. */
export function installShopperCors(app: FastifyInstance, deps: ServerDeps, options: { publicUrl?: string | undefined }): void {
  const publicOrigin = options.publicUrl ? safeOrigin(options.publicUrl) : undefined;
  /** Requests whose Origin their shop lists: they get Access-Control-Allow-Origin. */
  const granted = new WeakMap<FastifyRequest, string>();
  const crossOrigin = (request: FastifyRequest) => {
    const origin = request.headers.origin;
    return isCrossOrigin(origin, request.headers.host, publicOrigin) ? origin : undefined;
  };

  app.addHook('onRequest', async (request, reply) => {
    if (!SHOPPER_PATH.test(request.url)) return;
    void reply.header('vary', 'Origin');
    const origin = crossOrigin(request);
    if (!origin || request.method === 'OPTIONS') return;
    if (await originAllowed(deps, await shopBeforeBody(deps, request.url), origin)) granted.set(request, origin);
  });
  // Opening a conversation: the body's shop decides (the query's shop, if given, must be the same).
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST' || !/^\/api\/v1\/conversations\/?(?:\?|$)/.test(request.url)) return;
    const origin = crossOrigin(request);
    if (!origin) return;
    const shop = (request.body as { shop?: unknown } | undefined)?.shop;
    granted.delete(request);
    if (typeof shop === 'string' && (await originAllowed(deps, shop, origin))) granted.set(request, origin);
  });
  app.addHook('onSend', async (request, reply) => {
    const origin = granted.get(request);
    if (origin) void reply.header('access-control-allow-origin', origin);
  });

  // Preflights: answered for a listed origin with the methods and headers the widget uses; 403 otherwise.
  const preflight = async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('vary', 'Origin');
    const origin = crossOrigin(request);
    if (!origin) return reply.code(204).send();
    if (!(await originAllowed(deps, await shopBeforeBody(deps, request.url), origin))) {
      return reply.code(403).send({ error: { code: 'XIAOER_ORIGIN_NOT_ALLOWED', message: "this site is not in the shop's allowed_origins" } });
    }
    return reply
      .code(204)
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-methods', ALLOW_METHODS)
      .header('access-control-allow-headers', ALLOW_HEADERS)
      .header('access-control-max-age', '600')
      .send();
  };
  for (const url of ['/api/v1/conversations', '/api/v1/conversations/:id/:action', '/api/v1/shops/:shop', '/api/v1/shops/:shop/products/:productId']) {
    app.options(url, { schema: { hide: true } }, preflight);
  }
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Socket.IO's checks: a socket from another site says its shop in the handshake query (`?shop=`) and
 * is admitted only when that shop lists the site. `allowRequest` refuses the others (WebSocket
 * upgrades have no CORS of their own); `cors` answers the polling transport's CORS.
 */
export function socketOriginChecks(deps: ServerDeps, publicUrl: string | undefined) {
  const publicOrigin = publicUrl ? safeOrigin(publicUrl) : undefined;
  const shopOf = (req: IncomingMessage) => {
    const q = (req.url ?? '').indexOf('?');
    return q >= 0 ? (new URLSearchParams((req.url ?? '').slice(q + 1)).get('shop') ?? undefined) : undefined;
  };
  /** The handshake's verdict: same-origin, a listed origin (with its shop), or refused. */
  const admit = async (req: IncomingMessage): Promise<{ ok: boolean; origin?: string; shop?: string }> => {
    const origin = req.headers.origin;
    if (!isCrossOrigin(origin, req.headers.host, publicOrigin)) return { ok: true };
    const shop = shopOf(req);
    return (await originAllowed(deps, shop, origin)) ? { ok: true, origin, ...(shop ? { shop } : {}) } : { ok: false };
  };
  return {
    admit,
    allowRequest: (req: IncomingMessage, fn: (err: string | null | undefined, success: boolean) => void) => {
      admit(req).then(
        (v) => fn(v.ok ? null : 'origin not allowed', v.ok),
        () => fn('origin not allowed', false),
      );
    },
    // The cors package types the request narrowly; it is the engine's IncomingMessage.
    cors: (req: { headers: IncomingMessage['headers'] }, cb: (err: Error | null, options?: { origin: boolean | string; methods: string[]; credentials: boolean }) => void) => {
      admit(req as IncomingMessage).then(
        (v) => cb(null, { origin: v.ok && v.origin ? v.origin : false, methods: ['GET', 'POST'], credentials: false }),
        () => cb(null, { origin: false, methods: ['GET', 'POST'], credentials: false }),
      );
    },
  };
}
