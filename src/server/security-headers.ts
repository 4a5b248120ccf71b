// Security headers on every response, by @fastify/helmet: a strict Content-Security-Policy (no
// inline script anywhere; inline styles allowed because Ant Design writes its CSS at run time),
// nosniff, no Referer, and framing refused everywhere except the chat page, which its own shop's
// sites (shop.yaml allowed_origins) may embed. HSTS only when the public URL is https.
import type { IncomingMessage } from 'node:http';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_WIDGET_SHOP } from '../contracts/widget.js';
import type { ServerDeps } from './server-deps.js';
import { allowedOrigins } from './cors.js';

/** HSTS max-age: one year (the usual preload-list minimum), without subdomains we may not own. */
const HSTS_SECONDS = 365 * 24 * 3600;

/** Whether a request is for the chat page itself (not its assets), which shops may frame. */
function isChatPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0];
  return (request.method === 'GET' || request.method === 'HEAD') && (path === '/' || path === '/index.html');
}

/** The shop a chat page request is for: `?shop=`, or the page's default. */
function chatPageShop(request: FastifyRequest): string {
  const query = request.url.includes('?') ? new URLSearchParams(request.url.slice(request.url.indexOf('?') + 1)) : undefined;
  return query?.get('shop') ?? DEFAULT_WIDGET_SHOP;
}


/** Installs the headers; call before any route is registered. */
export async function installSecurityHeaders(app: FastifyInstance, deps: ServerDeps, options: { https: boolean }): Promise<void> {
  // frame-ancestors of this request, worked out before helmet writes the policy (its directives are synchronous).
  const ancestors = new WeakMap<IncomingMessage, string>();
  app.addHook('onRequest', async (request, reply) => {
    if (!isChatPage(request)) {
      void reply.header('x-frame-options', 'DENY');
      return;
    }
    let origins: readonly string[] = [];
    try {
      origins = await allowedOrigins(deps, chatPageShop(request));
    } catch (err) {
      request.log.warn({ event: 'chat_page.origins_failed', err }, 'allowed origins unknown; the chat page may be framed by this site only');
    }
    ancestors.set(request.raw, ["'self'", ...origins].join(' '));
    // X-Frame-Options cannot name other sites; browsers that know frame-ancestors ignore it anyway.
    if (origins.length === 0) void reply.header('x-frame-options', 'SAMEORIGIN');
  });
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: [(req) => ancestors.get(req) ?? "'none'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Set above, per page.
    xFrameOptions: false,
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https ? { maxAge: HSTS_SECONDS, includeSubDomains: false } : false,
  });
}
