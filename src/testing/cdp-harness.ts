// Test helpers for the CDP stream: a shop whose tags.yaml tags 敏感肌, conversations on the real use
// cases under a clock the test moves, and loopback HTTP servers standing in for sinks.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach } from 'vitest';
import type { AddressInfo } from 'node:net';
import { handleInboundMessage } from '../app/conversations/handle-inbound-message.js';
import { startConversation } from '../app/conversations/start-conversation.js';
import { httpTransport } from '../adapters/cdp/http-transport.js';
import type { TagTaxonomy } from '../core/customer/tags.js';
import { appHarness } from './app-harness.js';
import { tinyBundle } from '../core/testing/fixtures.js';

export const SKIN_TAXONOMY: TagTaxonomy = { groups: [{ id: 'concern', label: { zh: '关注点' } }], tags: [{ id: '敏感肌', group: 'concern' }], rules: [{ id: 'skin', tag: '敏感肌', when: { entity: 'skin_type', value: '敏感肌' }, confidence: 0.9 }] };

/** The tiny shop with SKIN_TAXONOMY; `chat` opens a conversation and sends one message, a second later each time. */
export async function cdpSetUp() {
  let now = Date.parse('2026-11-25T02:00:00.000Z');
  const h = await appHarness({ bundle: { ...tinyBundle(), tags: SKIN_TAXONOMY } });
  const clock = { now: () => new Date(now).toISOString() };
  const deps = { ...h.deps, clock };
  const chat = async (customerId: string | undefined, text: string) => {
    const c = await startConversation(deps, { shopId: h.shopId, ...(customerId ? { customerId } : {}) });
    await handleInboundMessage(deps, { conversationId: c.id, text, clientMessageId: `m-${now}` });
    now += 1000;
  };
  return { deps: { store: h.deps.store, clock, transport: httpTransport(2_000) }, shopId: h.shopId, chat, advance: (ms: number) => (now += ms) };
}

/** A loopback HTTP server calling `answer` with each request and its raw body; listen on `port` (0: any). */
export function loopbackServer(answer: (req: IncomingMessage, raw: string) => { status: number; body?: string }, port = 0) {
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const a = answer(req, raw);
      res.statusCode = a.status;
      if (a.body !== undefined) res.setHeader('content-type', 'application/json');
      res.end(a.body);
    });
  });
  return {
    listen: () => new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Servers a test file opens, closed after each of its tests (a server closed by the test itself is
 * closed again harmlessly): `const track = closeAfterEach()` at the top, `track(server)` in a test.
 */
export function closeAfterEach(): <T extends { close(): Promise<void> }>(server: T) => T {
  let open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const s of open) await s.close().catch(() => undefined);
    open = [];
  });
  return (server) => {
    open.push(server);
    return server;
  };
}
