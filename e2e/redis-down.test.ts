// Redis is a helper, never a dependency of serving: two nodes on one PostgreSQL database and a
// Redis of the test's own. With Redis up an agent on node A hears of a handoff made on node B.
// Redis killed: both nodes keep answering (200), stay ready, and say so in /metrics
// (xiaoer_redis_connected 0). Redis started again on the same port: within ~15 s cross-node live
// updates work again and /metrics says 1. Nothing acknowledged is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSocket,
  auditTranscript,
  call,
  createDatabase,
  databaseUrl,
  freePort,
  handoff,
  killAll,
  metric,
  openConversation,
  QUESTIONS,
  queueChanges,
  signIn,
  skipUnless,
  sleep,
  startNode,
  startRedis,
  transcript,
  waitReady,
  waitUntil,
  type Node,
  type OwnRedis,
} from './cluster-harness.js';

const skip = skipUnless('e2e/redis-down.test.ts', { postgres: true, redis: true });

describe.skipIf(skip)('two nodes while their Redis dies and comes back', () => {
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let redis: OwnRedis;
  let a: Node;
  let b: Node;

  beforeAll(async () => {
    db = await createDatabase(databaseUrl ?? '');
    redis = await startRedis();
    const common = { DATABASE_URL: db.url, REDIS_URL: redis.url, XIAOER_REDIS_PREFIX: `e2e-redis-down-${process.pid}-${Date.now()}` };
    a = startNode('a', await freePort(), common);
    await waitReady(a);
    b = startNode('b', await freePort(), { ...common, XIAOER_DEMO_SHOP: 'none' });
    await waitReady(b);
  }, 100_000);

  afterAll(async () => {
    killAll();
    await sleep(300);
    await db?.drop();
  }, 30_000);

  it('keeps serving without Redis and shares live updates again once it is back', async () => {
    const shoppers = await Promise.all([a, b, a, b].map((n, i) => openConversation(n.base, `redis-down-${i}`)));
    const acked: { conversation: string; token: string; cmid: string; id: string }[] = [];
    let counter = 0;
    /** One message from every shopper, to both nodes alternately; returns the statuses. */
    const round = async (label: string) =>
      Promise.all(
        shoppers.map(async (s, i) => {
          const node = (i + counter) % 2 ? b : a;
          const cmid = `${label}-${counter}-${i}`;
          const r = await call(node.base, `/api/v1/conversations/${s.id}/messages`, { token: s.token, body: { text: QUESTIONS[(i + counter) % QUESTIONS.length], clientMessageId: cmid }, timeoutMs: 15_000 });
          if (r.status < 300) acked.push({ conversation: s.id, token: s.token, cmid, id: String((r.body['message'] as { id: string }).id) });
          return { node: node.name, status: r.status, replies: (r.body['replies'] as unknown[] | undefined)?.length ?? 0, ms: Math.round(r.ms), code: r.body.error?.code };
        }),
      ).finally(() => counter++);

    // Redis up: the agent on A hears of a handoff made on B.
    const agent = await agentSocket(a.base, await signIn(a.base));
    const seen = queueChanges(agent);
    const up = await handoff(b.base, 'redis-down-handoff-up');
    expect(up.answer.status).toBe(200);
    expect(await waitUntil(() => seen.includes(up.id), 10_000)).toBe(true);
    for (const r of await round('up')) expect(r).toMatchObject({ status: 200 });
    expect(await metric(a.base, 'xiaoer_redis_connected')).toBe(1);
    expect(await metric(b.base, 'xiaoer_redis_connected')).toBe(1);

    // Redis killed.
    await redis.stop();
    const downAt = Date.now();
    expect(await waitUntil(async () => (await metric(a.base, 'xiaoer_redis_connected')) === 0 && (await metric(b.base, 'xiaoer_redis_connected')) === 0, 10_000)).toBe(true);
    const noticedMs = Date.now() - downAt;
    expect(a.events('redis.down').length).toBeGreaterThan(0);
    expect(b.events('redis.down').length).toBeGreaterThan(0);
    // Down long enough for the clients to back off to their longest reconnect delay (2 s).
    let downRounds = 0;
    while (downRounds < 3 || Date.now() - downAt < 8_000) {
      downRounds++;
      await sleep(300);
      for (const r of await round('down')) {
        expect(r).toMatchObject({ status: 200 });
        expect(r.replies).toBeGreaterThan(0);
      }
      for (const n of [a, b]) expect((await call(n.base, '/readyz')).status).toBe(200);
    }
    // A new conversation and a handoff (which asks every node for its agents) still work on each node.
    expect(agent.connected).toBe(true);
    const newcomer = await openConversation(b.base, 'redis-down-newcomer');
    const during = await handoff(a.base, 'redis-down-handoff-during');
    expect(during.answer.status).toBe(200);
    expect(during.answer.ms).toBeLessThan(10_000);
    const duringB = await handoff(b.base, 'redis-down-handoff-during-b');
    expect(duringB.answer.status).toBe(200);
    expect(duringB.answer.ms).toBeLessThan(10_000);
    const r = await call(a.base, `/api/v1/conversations/${newcomer.id}/messages`, { token: newcomer.token, body: { text: QUESTIONS[0], clientMessageId: 'n1' } });
    expect(r.status).toBe(200);
    acked.push({ conversation: newcomer.id, token: newcomer.token, cmid: 'n1', id: String((r.body['message'] as { id: string }).id) });

    // Redis back on the same port: within ~15 s both nodes say so and a handoff on B reaches the agent on A again.
    await redis.start();
    const backAt = Date.now();
    let attempts = 0;
    const crossNodeAgain = async () => {
      if ((await metric(a.base, 'xiaoer_redis_connected')) !== 1 || (await metric(b.base, 'xiaoer_redis_connected')) !== 1) return false;
      attempts++;
      const h = await handoff(b.base, `redis-down-handoff-back-${attempts}`);
      return h.answer.status === 200 && (await waitUntil(() => seen.includes(h.id), 1_500, 50));
    };
    expect(await waitUntil(crossNodeAgain, 15_000, 250)).toBe(true);
    const recoveredMs = Date.now() - backAt;
    expect(await metric(a.base, 'xiaoer_redis_connected')).toBe(1);
    expect(await metric(b.base, 'xiaoer_redis_connected')).toBe(1);
    expect(a.events('redis.up').length).toBeGreaterThanOrEqual(2);
    expect(b.events('redis.up').length).toBeGreaterThanOrEqual(2);
    for (const r of await round('back')) expect(r).toMatchObject({ status: 200 });
    agent.close();

    // Nothing acknowledged lost, stored twice or answered twice.
    const problems: string[] = [];
    for (const s of [...shoppers, newcomer]) {
      const messages = await transcript(a.base, s.id, s.token);
      const ids = new Set(messages.map((m) => m.id));
      for (const x of acked.filter((x) => x.conversation === s.id)) if (!ids.has(x.id)) problems.push(`lost ${s.id}/${x.cmid}`);
      const audit = auditTranscript(messages);
      problems.push(...audit.storedTwice.map((c) => `stored twice ${s.id}/${c}`), ...audit.answeredTwice.map((m) => `answered twice ${s.id}/${m}`), ...audit.unanswered.map((c) => `unanswered ${s.id}/${c}`));
    }
    expect(problems).toEqual([]);
    console.info(`[redis-down] ${acked.length} messages acknowledged (${downRounds} rounds of 4 while Redis was down, ~${Math.round((backAt - downAt) / 1000)} s); Redis loss seen in /metrics after ${noticedMs} ms; handoffs while down took ${Math.round(during.answer.ms)} ms (A) and ${Math.round(duringB.answer.ms)} ms (B); cross-node live updates back ${recoveredMs} ms after Redis restarted (${attempts} handoff attempt(s))`);
  }, 120_000);
});
