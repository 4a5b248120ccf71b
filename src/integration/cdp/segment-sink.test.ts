// The Segment sink end to end: conversations on the real use cases write events; a loopback server
// stands in for Segment's HTTP Tracking API; the clock is ours. Plus shop.yaml's segment sinks.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { deliverCdpEvents, type CdpSink } from '../../app/cdp/deliver-events.js';
import { cdpSetUp, closeAfterEach, loopbackServer } from '../../testing/cdp-harness.js';
import { assembleBundle } from '../../app/shops/assemble-bundle.js';
import { CATALOG_YAML, FAQ_YAML, SHOP_YAML } from '../../testing/bundle-files.js';

const WRITE_KEY = 'wk_test_0123456789';

interface Request {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: { type: string; messageId: string; userId?: string; event?: string; traits?: { tags: string[] } };
}

/** A loopback stand-in for Segment; `failing` makes it answer 500 after reading the request. */
function fakeSegment() {
  const got: Request[] = [];
  const state = { failing: false };
  const server = loopbackServer((req, raw) => {
    got.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: JSON.parse(raw) as Request['body'] });
    return state.failing ? { status: 500, body: '{"error":"boom"}' } : { status: 200, body: '{"success":true}' };
  });
  return { got, state, ...server };
}

const track = closeAfterEach();

describe('CDP Segment sink', () => {
  it('posts each message to /v1/<type> with the write key as Basic auth, retrying a 500 like a webhook', async () => {
    const { deps, chat, advance } = await cdpSetUp();
    const segment = fakeSegment();
    const port = await segment.listen();
    track(segment);
    // A trailing slash on the endpoint does not double the path's slash.
    const sinks: CdpSink[] = [{ kind: 'segment', id: 'segment', endpoint: `http://127.0.0.1:${port}/`, writeKey: WRITE_KEY }];
    await chat('c1', '我是敏感肌');

    // Segment answers 500: the first event waits for a later attempt, the others wait behind it.
    segment.state.failing = true;
    expect(await deliverCdpEvents(deps, sinks)).toEqual({ delivered: 0, failed: 1 });
    const pending = await deps.store.outbox.listPendingCdpDeliveries('segment', 10);
    expect(pending.map((d) => d.event.event.type).slice(0, 2)).toEqual(['conversation.started', 'customer.tagged']);
    expect(pending.map((d) => d.attempts)).toEqual([1, ...pending.slice(1).map(() => 0)]);
    expect(Date.parse(pending[0]?.nextAt ?? '')).toBeGreaterThan(Date.parse(deps.clock.now()));
    expect(pending[0]?.lastError).toBe('HTTP 500');
    expect(await deliverCdpEvents(deps, sinks)).toEqual({ delivered: 0, failed: 0 }); // not due yet

    // Segment is back: all are delivered, in order, the failed one again with the same messageId.
    segment.state.failing = false;
    advance(60_000);
    expect(await deliverCdpEvents(deps, sinks)).toEqual({ delivered: pending.length, failed: 0 });
    expect(await deps.store.outbox.listPendingCdpDeliveries('segment', 10)).toEqual([]);
    const ids = pending.map((d) => d.eventId);
    expect(segment.got.map((r) => r.body.messageId)).toEqual([ids[0], ...ids]);
    for (const r of segment.got) {
      expect(r.method).toBe('POST');
      expect(r.path).toBe(`/v1/${r.body.type}`);
      expect(r.headers.authorization).toBe(`Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-xiaoer-signature']).toBeUndefined();
      expect(r.body.userId).toBe('c1');
    }
    expect(segment.got.slice(0, 3).map((r) => r.path)).toEqual(['/v1/track', '/v1/track', '/v1/identify']);
    expect(segment.got[0]?.body.event).toBe('Conversation Started');
    expect(segment.got[2]?.body.traits?.tags).toEqual(['敏感肌']);
  });

  it('shares the delivery loop with webhook sinks, each keeping its own progress', async () => {
    const { deps, chat } = await cdpSetUp();
    const segment = fakeSegment();
    const port = await segment.listen();
    track(segment);
    // The webhook points at a closed port: its failures do not hold back the Segment sink.
    const sinks: CdpSink[] = [
      { id: 'crm', url: 'http://127.0.0.1:9/hook', secret: 'test-secret-0123456789' },
      { kind: 'segment', id: 'segment', endpoint: `http://127.0.0.1:${port}`, writeKey: WRITE_KEY },
    ];
    await chat('c1', '你好');
    expect(await deliverCdpEvents(deps, sinks)).toEqual({ delivered: 1, failed: 1 });
    expect(segment.got.map((r) => r.path)).toEqual(['/v1/track']);
    expect(await deps.store.outbox.listPendingCdpDeliveries('crm', 10)).toHaveLength(1);
    expect(await deps.store.outbox.listPendingCdpDeliveries('segment', 10)).toEqual([]);
  });
});

describe("shop.yaml's segment sinks", () => {
  const assemble = (cdp: string) =>
    assembleBundle({ shop: { file: 'shop.yaml', data: parse(SHOP_YAML + cdp) }, faq: { file: 'faq.yaml', data: parse(FAQ_YAML) }, catalog: [{ file: 'catalog/a.yaml', data: parse(CATALOG_YAML) }] });
  const problems = (cdp: string) => {
    const r = assemble(cdp);
    return r.ok ? [] : r.problems.map((p) => p.message);
  };

  it('accepts a segment sink next to a webhook, the endpoint optional', () => {
    const r = assemble(`cdp:
  sinks:
    - { id: crm, kind: webhook, url: https://crm.example.com/hook, secret_env: CRM_SECRET }
    - { id: segment, kind: segment, write_key_env: SEGMENT_WRITE_KEY }
    - { id: segment-eu, kind: segment, endpoint: https://events.eu1.segmentapis.com, write_key_env: SEGMENT_EU_WRITE_KEY }
`);
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    expect(r.bundle.shop.cdp?.sinks.map((s) => s.kind)).toEqual(['webhook', 'segment', 'segment']);
  });

  it('rejects a segment sink without write_key_env, with a bad endpoint, or with a webhook field', () => {
    expect(problems('cdp: { sinks: [{ id: segment, kind: segment }] }\n')).toEqual(['cdp.sinks.0.write_key_env: the name of the environment variable holding the Segment write key']);
    expect(problems('cdp: { sinks: [{ id: segment, kind: segment, endpoint: "ftp://api.segment.io", write_key_env: K }] }\n')).toEqual([
      'cdp.sinks.0.endpoint: expected an http(s) URL such as https://api.segment.io',
    ]);
    expect(problems('cdp: { sinks: [{ id: segment, kind: segment, endpoint: not a url, write_key_env: K }] }\n')).toEqual(['cdp.sinks.0.endpoint: expected an http(s) URL such as https://api.segment.io']);
    expect(problems('cdp: { sinks: [{ id: segment, kind: segment, write_key_env: lower-case }] }\n')).toEqual(['cdp.sinks.0.write_key_env: the name of an environment variable (A-Z, 0-9, _)']);
    expect(problems('cdp: { sinks: [{ id: segment, kind: segment, url: "https://x.example", write_key_env: K }] }\n')[0]).toMatch(/^cdp\.sinks\.0: .*url/);
  });

  it('rejects an unknown kind and a sink id used twice', () => {
    expect(problems('cdp: { sinks: [{ id: x, kind: kafka }] }\n')).toEqual(['cdp.sinks.0.kind: expected webhook or segment']);
    expect(problems('cdp: { sinks: [{ id: x, kind: segment, write_key_env: A }, { id: x, kind: segment, write_key_env: B }] }\n')).toEqual(['cdp.sinks.1.id: sink id "x" is used twice']);
  });
});
