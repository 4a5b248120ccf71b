// SIGTERM under steady load drains the node: the requests it was working on finish with 2xx,
// later ones are refused with 503 XIAOER_DRAINING + Retry-After (or find the listener closed),
// a shopper's open socket is told 'server:draining' before its transport closes, and the process
// exits 0 within XIAOER_DRAIN_SECONDS + 5 s. Started again on the same data directory (SQLite),
// every acknowledged message is there and answered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditTranscript, call, freePort, killAll, openConversation, QUESTIONS, shopperSocket, skipUnless, sleep, startNode, transcript, waitReady, waitUntil, type Node } from './cluster-harness.js';

const skip = skipUnless('e2e/sigterm-drain.test.ts', {});

const DRAIN_SECONDS = 5;
const SHOPPERS = 40;
/** Margin around the signal: a request sent this close to it may land on either side. */
const MARGIN_MS = 50;

/** One request as the client saw it. */
interface Req {
  shopper: number;
  cmid: string;
  sentAt: number;
  doneAt: number;
  status: number;
  code?: string;
  retryAfter?: string | null;
  network?: string;
  messageId?: string;
}

describe.skipIf(skip)('SIGTERM under steady load', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    killAll();
    await sleep(200);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('finishes what was in flight, refuses the rest with 503 XIAOER_DRAINING, tells sockets, exits 0 in time, loses nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xiaoer-drain-'));
    dirs.push(dataDir);
    const port = await freePort();
    // One turn at a time: with forty shoppers the others wait in line (some long enough to be acknowledged
    // with 202 and answered later), so at the signal turns are running, waiting, and queued after a 202.
    const env = { XIAOER_DATA_DIR: dataDir, XIAOER_DRAIN_SECONDS: String(DRAIN_SECONDS), XIAOER_MAX_TURNS_IN_FLIGHT: '1', XIAOER_QUEUE_WAIT_MS: '250', LOG_LEVEL: 'info' };
    let node: Node = startNode('drain', port, env);
    await waitReady(node);

    const shoppers = await Promise.all(Array.from({ length: SHOPPERS }, (_, i) => openConversation(node.base, `drain-${i}`)));
    // A shopper with the chat page open, over Socket.IO.
    const page = await shopperSocket(node.base);
    const pageEvents: { name: string; at: number; detail?: string }[] = [];
    page.on('server:draining', (p: unknown) => pageEvents.push({ name: 'server:draining', at: Date.now(), detail: JSON.stringify(p) }));
    page.on('disconnect', (reason: string) => pageEvents.push({ name: 'disconnect', at: Date.now(), detail: reason }));
    const started = (await page.timeout(10_000).emitWithAck('conversation:start', { shop: 'demo-zh', customer: { id: 'drain-page' } })) as { ok: boolean };
    expect(started.ok).toBe(true);

    const requests: Req[] = [];
    let exited = false;
    void node.exited.then(() => (exited = true));
    const shopper = async (i: number) => {
      const s = shoppers[i] as { id: string; token: string };
      for (let k = 0; !exited && k < 10_000; k++) {
        const r: Req = { shopper: i, cmid: `m${k}`, sentAt: Date.now(), doneAt: 0, status: 0 };
        requests.push(r);
        try {
          const a = await call(node.base, `/api/v1/conversations/${s.id}/messages`, { token: s.token, body: { text: QUESTIONS[(i + k) % QUESTIONS.length], clientMessageId: r.cmid }, timeoutMs: 20_000 });
          r.status = a.status;
          r.retryAfter = a.headers.get('retry-after');
          if (a.body.error?.code) r.code = a.body.error.code;
          if (a.status < 300) r.messageId = String((a.body['message'] as { id: string }).id);
        } catch (err) {
          const cause = (err as { cause?: { code?: string; message?: string } }).cause;
          r.network = cause?.code ?? cause?.message ?? String(err);
        }
        r.doneAt = Date.now();
        await sleep(10);
      }
    };
    const load = Promise.all(Array.from({ length: SHOPPERS }, (_, i) => shopper(i)));

    // Steady load for a moment, then SIGTERM at a moment when some requests have been with the node for a while.
    await sleep(1_500);
    const pendingOld = () => requests.filter((r) => r.doneAt === 0 && r.sentAt <= Date.now() - MARGIN_MS - 20).length;
    await waitUntil(() => pendingOld() >= 2, 5_000, 2);
    const signalAt = Date.now();
    node.child.kill('SIGTERM');
    const exit = await Promise.race([node.exited, sleep((DRAIN_SECONDS + 8) * 1000).then(() => undefined)]);
    const exitMs = Date.now() - signalAt;
    await load;

    // When the node itself started draining (its log line), to classify what was sent after.
    const drainingLog = node.events('server.draining')[0];
    const drainingAt = typeof drainingLog?.['time'] === 'number' ? drainingLog['time'] : signalAt;
    const inFlight = requests.filter((r) => r.sentAt <= signalAt - MARGIN_MS && r.doneAt > signalAt);
    const after = requests.filter((r) => r.sentAt >= Math.max(signalAt, drainingAt) + MARGIN_MS);
    const before = requests.filter((r) => r.doneAt <= signalAt);

    const show = (r: Req) => ({ shopper: r.shopper, cmid: r.cmid, sentMs: r.sentAt - signalAt, doneMs: r.doneAt - signalAt, status: r.status, code: r.code, retryAfter: r.retryAfter, network: r.network });
    // Everything done before the signal was acknowledged; everything in flight at the signal finished with 2xx.
    expect(before.filter((r) => r.status !== 200 && r.status !== 202).map(show)).toEqual([]);
    expect(inFlight.length, 'no request was in flight at the signal: the load was too light to test draining').toBeGreaterThan(0);
    expect(inFlight.filter((r) => r.status < 200 || r.status >= 300).map(show)).toEqual([]);
    // After it: 503 XIAOER_DRAINING with Retry-After, or no listener any more; never answered, never another error.
    const refusedProperly = (r: Req) => (r.status === 503 && r.code === 'XIAOER_DRAINING' && r.retryAfter === '1') || (r.status === 0 && r.network !== undefined && /ECONNREFUSED|ECONNRESET|other side closed|UND_ERR_SOCKET/.test(r.network));
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((r) => !refusedProperly(r)).map(show)).toEqual([]);
    const draining503 = after.filter((r) => r.status === 503).length;
    const refused = after.filter((r) => r.status === 0).length;
    // Both kinds are counted: how many of each depends on how soon the in-flight turns are done and the listener closes.
    const windowRequests = requests.filter((r) => !before.includes(r) && !inFlight.includes(r) && !after.includes(r));
    expect(windowRequests.filter((r) => !(r.status >= 200 && r.status < 300) && !refusedProperly(r)).map(show)).toEqual([]);

    // The page heard 'server:draining' before its transport closed.
    const hint = pageEvents.findIndex((e) => e.name === 'server:draining');
    const closed = pageEvents.findIndex((e) => e.name === 'disconnect');
    expect(pageEvents.map((e) => e.name)).toEqual(['server:draining', 'disconnect']);
    expect(hint).toBeLessThan(closed);
    page.close();

    // Exit 0 within XIAOER_DRAIN_SECONDS + 5 s.
    expect(exit, `the node did not exit within ${DRAIN_SECONDS + 8} s of SIGTERM`).toBeDefined();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThan((DRAIN_SECONDS + 5) * 1000);

    // Started again on the same data: every acknowledged message is there, once, and answered.
    node = startNode('drain-again', port, { ...env, LOG_LEVEL: 'warn' });
    await waitReady(node);
    const acked = requests.filter((r) => r.status >= 200 && r.status < 300);
    const problems: string[] = [];
    for (const [i, s] of shoppers.entries()) {
      const messages = await transcript(node.base, s.id, s.token);
      const ids = new Set(messages.map((m) => m.id));
      for (const r of acked.filter((r) => r.shopper === i)) if (!ids.has(r.messageId ?? '')) problems.push(`lost drain-${i}/${r.cmid}`);
      const audit = auditTranscript(messages);
      problems.push(...audit.storedTwice.map((c) => `stored twice drain-${i}/${c}`), ...audit.answeredTwice.map((m) => `answered twice drain-${i}/${m}`), ...audit.unanswered.map((c) => `unanswered drain-${i}/${c}`));
    }
    expect(problems).toEqual([]);
    node.child.kill('SIGTERM');
    await node.exited;
    console.info(
      `[sigterm-drain] ${requests.length} requests: ${before.length} done before the signal, ${inFlight.length} in flight at it (${inFlight.map((r) => r.status).join(',')}), ${requests.filter((r) => r.status === 202).length} acknowledged with 202 in all, ` +
        `${after.length} sent after it (${draining503} × 503 XIAOER_DRAINING, ${refused} refused), ${requests.length - before.length - inFlight.length - after.length} within ${MARGIN_MS} ms of it; ` +
        `server:draining reached the page ${pageEvents[hint]?.at ? (pageEvents[hint]?.at ?? 0) - signalAt : '?'} ms after the signal; exit ${JSON.stringify(exit)} after ${exitMs} ms; ${acked.length} acknowledged, all there after the restart`,
    );
  }, 120_000);
});
