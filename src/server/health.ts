// Liveness and readiness. /healthz says the process answers (nothing else: a load balancer must
// not restart a node because its database is down). /readyz says this node can serve: it writes
// its heartbeat row, so a full disk, a read-only file or a lost database take it out of rotation,
// as does shutting down (SIGTERM: the node drains).
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerDeps } from './server-deps.js';

/** This process's id in node_heartbeats. */
export function defaultNodeId(): string {
  return `${hostname()}:${process.pid}`;
}

/** Registers GET /healthz and GET /readyz. */
export function healthRoutes(app: FastifyInstance, deps: ServerDeps, nodeId: string, draining: () => boolean = () => false): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get('/healthz', { schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  typed.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the store accepts writes (a heartbeat row is written)',
        response: { 200: z.object({ status: z.literal('ready') }), 503: z.object({ status: z.literal('unavailable'), reason: z.string() }) },
      },
    },
    async (request, reply) => {
      if (draining()) return reply.code(503).send({ status: 'unavailable' as const, reason: 'the node is shutting down' });
      try {
        await deps.store.nodes.recordHeartbeat(nodeId, deps.clock.now());
        return { status: 'ready' as const };
      } catch (err) {
        request.log.error({ event: 'readiness.failed', err }, 'the store refused the readiness write');
        // The driver's code says which (SQLITE_READONLY, SQLITE_FULL, ECONNREFUSED, 53100…); the message may carry paths, so it stays in the log.
        const code = typeof (err as { code?: unknown } | null)?.code === 'string' ? ` (${String((err as { code: string }).code)})` : '';
        return reply.code(503).send({ status: 'unavailable' as const, reason: `the store does not accept writes${code}` });
      }
    },
  );
}
