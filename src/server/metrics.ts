// Prometheus metrics at /metrics: process defaults plus what a shop operator watches: turns by
// how they were answered (a rising fallback share means the knowledge base misses questions)
// and turn latency.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { bearerToken } from './bearer.js';
import { XiaoerError } from '../app/errors.js';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HandledMessage } from '../app/conversations/handle-inbound-message.js';
import type { LlmOutcome } from '../app/llm/ask-model.js';

/** The metrics one server instance records. */
export interface ServerMetrics {
  registry: Registry;
  /** Runs one shopper message's handling and records it: the source of each reply and the time it took. */
  measureTurn<T extends HandledMessage>(handle: () => Promise<T>): Promise<T>;
  /** A turn left the line after waiting this long (ms). */
  queueWait(ms: number): void;
  /** A message was acknowledged with 202 and is answered later. */
  queued(): void;
  /** Reads turns in flight and the line's depth from the gate at every scrape. */
  watchGate(gate: { inFlight(): number; depth(): number }): void;
  /** Whether this node's Redis connection is up (absent when the node runs without Redis). */
  redisConnected(up: boolean): void;
  /** A model request's outcome (ok, timeout, budget…), or generated words the guardrails blocked. */
  llmOutcome(o: LlmOutcome): void;
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
  const wait = new Histogram({
    name: 'xiaoer_turn_queue_wait_seconds',
    help: 'Time a shopper message waited in line for a free turn slot on this node',
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const queuedTotal = new Counter({ name: 'xiaoer_turns_queued_total', help: 'Messages acknowledged with 202 (stored, answered after waiting in line)', registers: [registry] });
  let gate: { inFlight(): number; depth(): number } | undefined;
  new Gauge({ name: 'xiaoer_turns_in_flight', help: 'Turns this node is computing now', registers: [registry], collect() {
    this.set(gate?.inFlight() ?? 0);
  } });
  new Gauge({ name: 'xiaoer_turn_queue_depth', help: 'Shopper messages waiting in line on this node', registers: [registry], collect() {
    this.set(gate?.depth() ?? 0);
  } });
  const redis = new Gauge({ name: 'xiaoer_redis_connected', help: '1 while the Redis connection is up (multi-node mode), 0 while it is down', registers: [registry] });
  const llmRequests = new Counter({ name: 'xiaoer_llm_requests_total', help: 'Model requests by use and outcome (ok, timeout, rate_limited, server_error, cut, malformed, budget, rate_limit, circuit_open…)', labelNames: ['use', 'outcome'], registers: [registry] });
  const llmTokens = new Counter({ name: 'xiaoer_llm_tokens_total', help: 'Tokens model requests used, by use', labelNames: ['use'], registers: [registry] });
  const llmBlocked = new Counter({ name: 'xiaoer_llm_blocked_total', help: 'Generated texts the guardrails kept from shoppers, by violation', labelNames: ['kind'], registers: [registry] });
  const llmLatency = new Histogram({ name: 'xiaoer_llm_request_seconds', help: 'Time a model request took, by use', labelNames: ['use'], buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 10], registers: [registry] });
  return {
    registry,
    llmOutcome(o) {
      if (o.outcome === 'blocked') {
        for (const kind of new Set(o.blocked ?? [])) llmBlocked.inc({ kind });
        return;
      }
      llmRequests.inc({ use: o.use, outcome: o.outcome });
      if (o.tokens) llmTokens.inc({ use: o.use }, o.tokens);
      if (o.ms !== undefined) llmLatency.observe({ use: o.use }, o.ms / 1000);
    },
    queueWait: (ms) => wait.observe(ms / 1000),
    queued: () => queuedTotal.inc(),
    watchGate: (g) => void (gate = g),
    redisConnected: (up) => redis.set(up ? 1 : 0),
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
