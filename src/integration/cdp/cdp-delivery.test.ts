// CDP streaming end to end: conversations on the real use cases write events; a real HTTP receiver
// on loopback verifies every signature and counts deliveries while it goes down and comes back;
// the clock is ours, so hours of retries take no time.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deliverCdpEvents, type CdpSink } from '../../app/cdp/deliver-events.js';
import { cdpSetUp, closeAfterEach, loopbackServer } from '../../testing/cdp-harness.js';

const SECRET = 'test-secret';

interface Received {
  delivery: string;
  body: { type: string; messageId: string; userId?: string; anonymousId?: string; timestamp: string; traits?: { tags: string[] } };
}

/** A loopback receiver that verifies signatures; `failing` makes it answer 500 after reading. */
function receiver(port = 0) {
  const got: Received[] = [];
  const bad: string[] = [];
  const state = { failing: false };
  const server = loopbackServer((req, raw) => {
    const sig = String(req.headers['x-xiaoer-signature'] ?? '');
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig);
    const expected = m ? createHmac('sha256', SECRET).update(`${m[1]}.${raw}`).digest('hex') : '';
    if (!m || m[2] !== expected) bad.push(sig);
    else got.push({ delivery: String(req.headers['x-xiaoer-delivery']), body: JSON.parse(raw) as Received['body'] });
    return { status: state.failing ? 500 : 204 };
  }, port);
  return { got, bad, state, ...server };
}

const track = closeAfterEach();

describe('CDP webhook sink', () => {
  it('delivers every event signed, once, in order per customer, through an outage of the receiver', async () => {
    const { deps, chat, advance } = await cdpSetUp();
    const r = receiver();
    const port = await r.listen();
    track(r);
    const sinks: CdpSink[] = [{ id: 'crm', url: `http://127.0.0.1:${port}/hook`, secret: SECRET }];
    await chat('c1', '我是敏感肌');
    await chat(undefined, '你好');
    expect(await deliverCdpEvents(deps, sinks)).toEqual({ delivered: 4, failed: 0 });
    expect(r.bad).toEqual([]);
    // Customers are delivered to side by side; each customer's events in order.
    expect(r.got.filter((g) => g.body.userId === 'c1').map((g) => g.body.type)).toEqual(['track', 'identify', 'identify']);
    expect(r.got.filter((g) => g.body.anonymousId?.startsWith('visitor:')).map((g) => g.body.type)).toEqual(['track']);
    expect(r.got.find((g) => g.body.type === 'identify')?.body.traits?.tags).toEqual(['敏感肌']);
    expect((r.got.filter((g) => g.body.type === 'identify').at(-1)?.body.traits as Record<string, unknown> | undefined)?.['preference_skin_type']).toBe('敏感肌');

    // The receiver goes down; events keep coming and wait.
    await r.close();
    await chat('c1', '还是敏感肌');
    await chat('c2', '敏感肌能穿吗');
    const down = await deliverCdpEvents(deps, sinks);
    expect(down.delivered).toBe(0);
    expect(down.failed).toBe(2); // one attempt per customer: c1's second event waits behind its first
    advance(60_000);
    expect((await deliverCdpEvents(deps, sinks)).delivered).toBe(0);

    // It comes back on the same port, answering 500 once after reading: that event is retried.
    const back = receiver(port);
    await back.listen();
    track(back);
    back.state.failing = true;
    advance(10 * 60_000);
    await deliverCdpEvents(deps, sinks);
    back.state.failing = false;
    advance(30 * 60_000);
    await deliverCdpEvents(deps, sinks);
    expect(back.bad).toEqual([]);
    const unique = new Set(back.got.map((g) => g.delivery));
    expect(unique.size).toBe(6); // conversation.started + customer.tagged + customer.preferences_learned for c1 and for c2
    expect(back.got.length).toBeGreaterThan(unique.size); // the 500s were delivered again with the same id
    for (const g of back.got) expect(g.delivery).toBe(g.body.messageId);
    // Per customer, in the order the events happened.
    const c1 = [...new Map(back.got.filter((g) => g.body.userId === 'c1').map((g) => [g.delivery, g.body])).values()];
    expect(c1.map((b) => b.type)).toEqual(['track', 'identify', 'identify']);
    expect(c1.map((b) => b.timestamp)).toEqual([...c1.map((b) => b.timestamp)].sort());
    expect(await deliverCdpEvents(deps, sinks)).toEqual({ delivered: 0, failed: 0 });
  });

  it('retries for at least 4 hours, then keeps the event on a dead-letter list that can be re-driven', async () => {
    const { deps, shopId, chat, advance } = await cdpSetUp();
    const r = receiver();
    const port = await r.listen();
    await r.close();
    const sinks: CdpSink[] = [{ id: 'crm', url: `http://127.0.0.1:${port}/hook`, secret: SECRET }];
    await chat('c1', '你好');
    let attempts = 0;
    for (let minutes = 0; minutes <= 5 * 60; minutes += 10) {
      attempts += (await deliverCdpEvents(deps, sinks)).failed;
      advance(10 * 60_000);
    }
    const dead = await deps.store.outbox.listDeadCdpDeliveries(shopId);
    expect(dead.map((d) => [d.event.event.type, d.customerKey])).toEqual([['conversation.started', 'c1']]);
    expect(Date.parse(dead[0]?.deadAt ?? '') - Date.parse(dead[0]?.firstAttemptAt ?? '')).toBeGreaterThanOrEqual(4 * 3_600_000);
    expect(attempts).toBe(dead[0]?.attempts);
    const again = receiver(port);
    await again.listen();
    track(again);
    expect(await deps.store.outbox.redriveCdpDeliveries(shopId, deps.clock.now())).toBe(1);
    expect(await deliverCdpEvents(deps, sinks)).toEqual({ delivered: 1, failed: 0 });
    expect(await deps.store.outbox.listDeadCdpDeliveries(shopId)).toEqual([]);
  });
});
