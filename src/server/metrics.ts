// Prometheus metrics at /metrics: process defaults plus what a shop operator watches: turns by
// how they were answered (a rising fallback share means the knowledge base misses questions)
// and turn latency.
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The metrics one server instance records. */
export interface ServerMetrics {
  registry: Registry;
  /** Records one handled shopper message: the source of each reply and the time it took. */
  recordTurn(sources: readonly string[], seconds: number, duplicate: boolean): void;
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
    recordTurn(sources, seconds, duplicate) {
      turns.inc({ duplicate: String(duplicate) });
      if (duplicate) return;
      latency.observe(seconds);
      for (const source of sources) replies.inc({ source });
    },
  };
}

/** Serves the registry at GET /metrics in the Prometheus text format. */
export function metricsRoute(app: FastifyInstance, metrics: ServerMetrics): void {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
}
