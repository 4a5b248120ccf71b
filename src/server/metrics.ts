// Prometheus metrics at /metrics: process defaults plus what a shop operator watches: turns by
// how they were answered (a rising fallback share means the knowledge base misses questions)
// and turn latency.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { bearerToken } from './bearer.js';
import { XiaoerError } from '../app/errors.js';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HandledMessage } from '../app/conversations/handle-inbound-message.js';

/** The metrics one server instance records. */
export interface ServerMetrics {
  registry: Registry;
  /** Runs one shopper message's handling and records it: the source of each reply and the time it took. */
  measureTurn<T extends HandledMessage>(handle: () => Promise<T>): Promise<T>;
}

/** Creates a registry of its own (several servers in one test process must not share one). */
export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'xiaoer_' });
  const replies = new Counter({ name: 'xiaoer_replies_total', help: 'Replies sent, by what produced them (faq, product, clarify, fallback…)', labelNames: ['source'], registers: [registry] });
  const turns = new Counter({ name: 'xiaoer_messages_total', help: 'Shopper messages handled; duplicate=true for resends answered from storage', labelNames: ['duplicate'], registers: [registry] });
  const latency = new Histogram({
    name: 'xiaoer_turn_seconds',
    help: 'Time to handle one shopper message, storage included',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  return {
    registry,
    async measureTurn(handle) {
      const started = process.hrtime.bigint();
      const r = await handle();
      turns.inc({ duplicate: String(r.duplicate) });
      if (!r.duplicate) {
        latency.observe(Number(process.hrtime.bigint() - started) / 1e9);
        for (const m of r.replies) replies.inc({ source: m.trace?.source ?? 'unknown' });
      }
      return r;
    },
  };
}

/** Whether an Authorization header carries `Bearer <token>`, compared in constant time (of the digests, so the length leaks nothing either). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const sent = bearerToken(header);
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(sent ?? ''), digest(token)) && sent !== undefined;
}

/** Serves the registry at GET /metrics in the Prometheus text format; with a token, only to `Authorization: Bearer <token>`. */
export function metricsRoute(app: FastifyInstance, metrics: ServerMetrics, token?: string): void {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token !== undefined && !bearerMatches(request.headers.authorization, token)) {
      void reply.header('www-authenticate', 'Bearer realm="xiaoer-metrics"');
      throw new XiaoerError('XIAOER_METRICS_UNAUTHORIZED', 'send Authorization: Bearer <XIAOER_METRICS_TOKEN>');
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
