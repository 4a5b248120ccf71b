// The embeddable widget's scripts: `/widget.js` (the loader a storefront includes with one script
// tag) and `/widget-chat-<hash>.js` (the chat, loaded on first open). Both are public and served to
// any site (Cross-Origin-Resource-Policy: cross-origin); the chat chunk's name carries its content
// hash, so it is cached for a year, while the loader is cached briefly so a new release reaches shops.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

const LOADER_MAX_AGE = 300;
const CHUNK_MAX_AGE = 365 * 24 * 3600;

/** Registers the routes; files missing (widget not built) answer 404. */
export function embedRoutes(app: FastifyInstance, dir: string): void {
  const send = async (reply: FastifyReply, file: string, maxAge: number, immutable: boolean) => {
    let body: Buffer;
    try {
      body = await readFile(join(dir, file));
    } catch {
      return reply.code(404).send({ error: { code: 'XIAOER_NOT_FOUND', message: 'the widget is not built: run `npm run build`' } });
    }
    return reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('access-control-allow-origin', '*')
      .header('cache-control', `public, max-age=${maxAge}${immutable ? ', immutable' : ''}`)
      .send(body);
  };
  app.get('/widget.js', { schema: { hide: true } }, async (_request, reply) => send(reply, 'widget.js', LOADER_MAX_AGE, false));
  app.get<{ Params: { hash: string } }>('/widget-chat-:hash', { schema: { hide: true } }, async (request, reply) => {
    const m = /^([A-Za-z0-9_-]{4,32})\.js$/.exec(request.params.hash);
    if (!m) return reply.code(404).send({ error: { code: 'XIAOER_NOT_FOUND', message: 'no such file' } });
    return send(reply, `widget-chat-${m[1]}.js`, CHUNK_MAX_AGE, true);
  });
}
