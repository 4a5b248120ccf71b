// Streams the outbox to the shop's CDP sinks: every streamed event becomes a Segment-spec message,
// sent to a signed webhook or to Segment's HTTP Tracking API, delivered at least once and in order
// per customer, retried with exponential backoff for at least 4 hours and then kept on a
// dead-letter list that can be re-driven.
import { createHmac } from 'node:crypto';
import { CDP_EVENT_TYPES, nextRetryDelayMs, RETRY_FOR_MS, segmentMessage, type SegmentMessage } from '../../core/cdp/segment.js';
import type { CdpDelivery, CdpTransport, Clock, Store } from '../ports.js';

/** A webhook sink: where to send, the secret to sign with, and which shops (all when absent). */
export interface WebhookSink {
  /** Absent means webhook, the first sink kind. */
  kind?: 'webhook';
  id: string;
  url: string;
  secret: string;
  shopIds?: string[];
}

/** A Segment sink: the HTTP Tracking API at `endpoint` (e.g. https://api.segment.io), authenticated by a write key. */
export interface SegmentSink {
  kind: 'segment';
  id: string;
  endpoint: string;
  writeKey: string;
  shopIds?: string[];
}

/** Where the CDP stream goes; every kind shares the one delivery loop below. */
export type CdpSink = WebhookSink | SegmentSink;

/** The default Segment endpoint (US region). */
export const SEGMENT_ENDPOINT = 'https://api.segment.io';

/** Per run: events enqueued, and deliveries attempted per sink. */
const ENQUEUE_BATCH = 1000;
const PENDING_BATCH = 500;
/** Customers delivered to at the same time; one customer's events always go one after another. */
const CONCURRENCY = 8;

/**
 * The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. The one
 * scheme of every webhook Xiaoer signs (CDP sinks) or checks (the signed order webhook); the body
 * is hashed as the bytes sent.
 */
export function signature(secret: string, unixSeconds: number, body: string | Uint8Array): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.`).update(body).digest('hex')}`;
}

/** The request a sink sends for one message: URL and headers (the body is the message's JSON). */
export function sinkRequest(sink: CdpSink, message: SegmentMessage, deliveryId: string, body: string, now: string): { url: string; headers: Record<string, string> } {
  if (sink.kind === 'segment') {
    // Segment de-duplicates on messageId (the event id); a write key is a Basic user with no password.
    const auth = Buffer.from(`${sink.writeKey}:`, 'utf8').toString('base64');
    return { url: `${sink.endpoint.replace(/\/+$/, '')}/v1/${message.type}`, headers: { 'content-type': 'application/json', authorization: `Basic ${auth}` } };
  }
  const t = Math.floor(Date.parse(now) / 1000);
  return { url: sink.url, headers: { 'content-type': 'application/json', 'x-xiaoer-delivery': deliveryId, 'x-xiaoer-signature': signature(sink.secret, t, body) } };
}

/** One pass over every sink; returns how many deliveries succeeded and failed. */
export async function deliverCdpEvents(deps: { store: Store; clock: Clock; transport: CdpTransport }, sinks: readonly CdpSink[]): Promise<{ delivered: number; failed: number }> {
  const totals = { delivered: 0, failed: 0 };
  for (const sink of sinks) {
    const now = deps.clock.now();
    await deps.store.outbox.enqueueCdpDeliveries(sink.id, CDP_EVENT_TYPES, sink.shopIds, now, ENQUEUE_BATCH);
    const byCustomer = new Map<string, CdpDelivery[]>();
    for (const d of await deps.store.outbox.listPendingCdpDeliveries(sink.id, PENDING_BATCH)) byCustomer.set(d.customerKey, [...(byCustomer.get(d.customerKey) ?? []), d]);
    const queues = [...byCustomer.values()];
    for (let i = 0; i < queues.length; i += CONCURRENCY) {
      await Promise.all(queues.slice(i, i + CONCURRENCY).map((q) => deliverInOrder(deps, sink, q, totals)));
    }
  }
  return totals;
}

/** A customer's deliveries, oldest first, stopping at the first one not due or failing (order is kept). */
async function deliverInOrder(deps: { store: Store; clock: Clock; transport: CdpTransport }, sink: CdpSink, queue: CdpDelivery[], totals: { delivered: number; failed: number }): Promise<void> {
  for (const d of queue) {
    const now = deps.clock.now();
    if (d.nextAt > now) return;
    const message = segmentMessage(d.event.event, d.eventId, d.event.createdAt, d.shopId, d.customerKey);
    if (!message) {
      await deps.store.outbox.recordCdpAttempt(sink.id, d.eventId, now, { delivered: true });
      continue;
    }
    const body = JSON.stringify(message);
    const { url, headers } = sinkRequest(sink, message, d.eventId, body, now);
    const sent = await deps.transport.post(url, body, headers);
    if (sent.ok) {
      totals.delivered++;
      await deps.store.outbox.recordCdpAttempt(sink.id, d.eventId, now, { delivered: true });
      continue;
    }
    totals.failed++;
    const nowMs = Date.parse(now);
    const dead = nowMs - Date.parse(d.firstAttemptAt ?? now) >= RETRY_FOR_MS;
    await deps.store.outbox.recordCdpAttempt(sink.id, d.eventId, now, { delivered: false, error: sent.error, nextAt: new Date(nowMs + nextRetryDelayMs(d.attempts + 1)).toISOString(), dead });
    if (!dead) return;
  }
}
