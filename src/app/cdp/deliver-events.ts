// Streams the outbox to the shop's CDP sinks: every streamed event becomes a Segment-spec message,
// sent to a signed webhook or to Segment's HTTP Tracking API, delivered at least once and in order
// per customer, retried with exponential backoff for at least 4 hours and then kept on a
// dead-letter list that can be re-driven.
import { createHmac } from 'node:crypto';
import { CDP_EVENT_TYPES, RETRY_FOR_MS, segmentMessage, type SegmentMessage } from '../../core/cdp/segment.js';
import { deliverPending, type AttemptOutcome } from '../outbox/deliver-pending.js';
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

/** Per run: events enqueued. */
const ENQUEUE_BATCH = 1000;
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
    await deps.store.outbox.enqueueCdpDeliveries(sink.id, CDP_EVENT_TYPES, sink.shopIds, deps.clock.now(), ENQUEUE_BATCH);
    await deliverPending(deps, sink.id, RETRY_FOR_MS, (d) => attemptCdp(deps, sink, d), totals);
  }
  return totals;
}

/** Sends one event to one sink as its Segment-spec message (an event with no message counts as delivered). */
async function attemptCdp(deps: { clock: Clock; transport: CdpTransport }, sink: CdpSink, d: CdpDelivery): Promise<AttemptOutcome> {
  const message = segmentMessage(d.event.event, d.eventId, d.event.createdAt, d.shopId, d.customerKey);
  if (!message) return { ok: true };
  const body = JSON.stringify(message);
  const { url, headers } = sinkRequest(sink, message, d.eventId, body, deps.clock.now());
  const sent = await deps.transport.post(url, body, headers);
  return sent.ok ? { ok: true } : { ok: false, error: sent.error };
}
