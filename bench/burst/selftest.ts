// Checks the burst harness itself against a mock of the message API (in this process, 127.0.0.1):
// the mock answers 200, 202 (the reply written later), 503 with Retry-After, and drops connections
// after storing a message; with faults injected (a resend stored twice, a reply written twice, an
// acknowledged message never stored, a queued message never answered) the harness must count
// exactly those. `npx tsx bench/burst/selftest.ts`
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from './http.js';
import { Burst, verify, type Shopper } from './load.js';

interface Stored {
  id: string;
  direction: 'in' | 'out';
  text: string;
  clientMessageId: string | null;
  replyTo: string | null;
  trace: { releaseId: string; source: string } | null;
  createdAt: string;
}
interface Faults {
  duplicateOnResend: number;
  doubleReply: number;
  ackWithoutStore: number;
  neverAnswer: number;
}

function mock(faults: Faults) {
  const conversations = new Map<string, { token: string; messages: Stored[] }>();
  const injected = { duplicateOnResend: 0, doubleReply: 0, ackWithoutStore: 0, neverAnswer: 0 };
  let n = 0;
  let rnd = 42;
  const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const reply = (c: { messages: Stored[] }, inbound: Stored): Stored => {
    const r: Stored = { id: `r${n++}`, direction: 'out', text: `答：${inbound.text}`, clientMessageId: null, replyTo: inbound.id, trace: { releaseId: 'x', source: 'faq' }, createdAt: new Date().toISOString() };
    c.messages.push(r);
    if (injected.doubleReply < faults.doubleReply && random() < 0.05) {
      injected.doubleReply++;
      c.messages.push({ ...r, id: `r${n++}` });
    }
    return r;
  };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = req.url ?? '';
    if (req.method === 'POST' && url === '/api/v1/conversations') {
      const id = `c${n++}`;
      conversations.set(id, { token: `t${id}`, messages: [] });
      return send(res, 201, { id, token: `t${id}` });
    }
    const m = url.match(/^\/api\/v1\/conversations\/([^/]+)\/messages$/);
    const c = m ? conversations.get(m[1] ?? '') : undefined;
    if (!c || req.headers.authorization !== `Bearer ${c.token}`) return send(res, 404, { error: { code: 'XIAOER_CONVERSATION_NOT_FOUND', message: '' } });
    if (req.method === 'GET') return send(res, 200, { messages: c.messages });
    const body = JSON.parse(raw) as { text: string; clientMessageId: string };
    const existing = c.messages.find((x) => x.direction === 'in' && x.clientMessageId === body.clientMessageId);
    if (existing) {
      if (injected.duplicateOnResend < faults.duplicateOnResend) {
        injected.duplicateOnResend++;
        c.messages.push({ ...existing, id: `m${n++}` });
      }
      const replies = c.messages.filter((x) => x.replyTo === existing.id);
      return send(res, replies.length ? 200 : 202, { message: existing, replies, duplicate: true, ...(replies.length ? {} : { queued: { position: 1, notice: '' } }) });
    }
    const roll = random();
    if (roll < 0.05) return send(res, 503, { error: { code: 'XIAOER_DRAINING', message: '' } }, { 'retry-after': '1' });
    const inbound: Stored = { id: `m${n++}`, direction: 'in', text: body.text, clientMessageId: body.clientMessageId, replyTo: null, trace: null, createdAt: new Date().toISOString() };
    if (roll < 0.07 && injected.ackWithoutStore < faults.ackWithoutStore) {
      injected.ackWithoutStore++;
      return send(res, 200, { message: inbound, replies: [{ ...inbound, id: `r${n++}`, trace: { releaseId: 'x', source: 'faq' } }], duplicate: false });
    }
    c.messages.push(inbound);
    if (roll < 0.1) {
      // Stored and answered, but the connection drops before the response: the resend must find it.
      reply(c, inbound);
      return res.destroy();
    }
    if (roll < 0.4) {
      if (injected.neverAnswer < faults.neverAnswer) injected.neverAnswer++;
      else setTimeout(() => reply(c, inbound), 200 + random() * 1500);
      return send(res, 202, { message: inbound, replies: [], duplicate: false, queued: { position: 3, notice: '排队中' } });
    }
    return send(res, 200, { message: inbound, replies: [reply(c, inbound)], duplicate: false });
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    req.on('end', () => handle(req, res, raw));
  });
  return { server, injected };
}

async function run(faults: Faults) {
  const { server, injected } = mock(faults);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = createClient(512);
  const shoppers: Shopper[] = [];
  for (let i = 0; i < 100; i++) {
    const r = JSON.parse((await client.request(base, 'POST', '/api/v1/conversations')).body) as { id: string; token: string };
    shoppers.push({ index: i, conversationId: r.id, token: r.token, busy: false, retired: false, messages: [] });
  }
  const burst = new Burst(client, [base, base], shoppers, ['你好', '几天发货', '能便宜点吗'], 'self');
  await burst.runPhase('peak', 200, 3);
  await burst.drain(8000);
  const answeredBy = Date.now();
  client.close();
  const v = await verify(createClient(32), [base], shoppers, answeredBy, 30_000);
  server.close();
  server.closeAllConnections();
  const acked = burst.messages.filter((m) => m.outcome === 'acked');
  return { injected, v, stats: burst.stats, acked: acked.length, queued: acked.filter((m) => m.status === 202).length, offered: burst.offered.peak };
}

let failed = false;
function expect(what: string, got: number, want: number) {
  const ok = got === want;
  if (!ok) failed = true;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${got}${ok ? '' : ` (want ${want})`}`);
}

const clean = await run({ duplicateOnResend: 0, doubleReply: 0, ackWithoutStore: 0, neverAnswer: 0 });
console.log('no faults:', { offered: clean.offered, acked: clean.acked, queued: clean.queued, retries: clean.stats.retries, codes: clean.stats.codes, polls: clean.stats.polls });
expect('lost', clean.v.lost, 0);
expect('duplicates', clean.v.duplicates, 0);
expect('duplicate replies', clean.v.duplicateReplies, 0);
expect('acked = offered', clean.acked, clean.offered);
if (clean.queued === 0 || clean.stats.retries === 0 || (clean.stats.codes['503 XIAOER_DRAINING'] ?? 0) === 0 || (clean.stats.codes['ECONNRESET'] ?? 0) === 0) {
  failed = true;
  console.log('FAIL the mock did not exercise 202s, 503s and dropped connections');
}

const faulty = await run({ duplicateOnResend: 3, doubleReply: 4, ackWithoutStore: 5, neverAnswer: 6 });
console.log('faults injected:', faulty.injected);
expect('duplicates', faulty.v.duplicates, faulty.injected.duplicateOnResend);
expect('duplicate replies', faulty.v.duplicateReplies, faulty.injected.doubleReply);
expect('missing', faulty.v.missing, faulty.injected.ackWithoutStore);
expect('unanswered', faulty.v.unanswered, faulty.injected.neverAnswer);
expect('lost', faulty.v.lost, faulty.injected.ackWithoutStore + faulty.injected.neverAnswer);
process.exit(failed ? 1 : 0);
