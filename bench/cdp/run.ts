// CDP stream latency: `npm run bench:cdp` starts the built server (SQLite, demo shop) with a webhook
// sink pointing at a receiver in this process, runs conversations that tag their customer, and
// measures from each event's time to its arrival at the receiver. Writes the <!-- cdp:start -->
// section of docs/benchmarks.md. Loopback only.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as netServer, type AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, writeSection } from '../report.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CONVERSATIONS = Number(process.env['BENCH_CDP_CONVERSATIONS'] ?? 200);
const PARALLEL = 8;

const latencies: number[] = [];
const ids = new Set<string>();
let duplicates = 0;
const receiver = createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
  req.on('end', () => {
    const id = String(req.headers['x-xiaoer-delivery']);
    if (ids.has(id)) duplicates++;
    ids.add(id);
    latencies.push(Date.now() - Date.parse((JSON.parse(raw) as { timestamp: string }).timestamp));
    res.statusCode = 204;
    res.end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
const port = await new Promise<number>((resolve) => {
  const s = netServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as AddressInfo).port;
    s.close(() => resolve(p));
  });
});
const child = spawn(process.execPath, [join(root, 'dist/server/main.js')], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', XIAOER_DATA_DIR: mkdtempSync(join(tmpdir(), 'xiaoer-bench-cdp-')), LOG_LEVEL: 'warn', DATABASE_URL: '', XIAOER_CDP_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, XIAOER_CDP_WEBHOOK_SECRET: 'bench-secret-0123456789', XIAOER_FOLLOW_UP_SECONDS: '0', XIAOER_RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '0', XIAOER_RATE_LIMIT_MESSAGES_PER_MINUTE: '0' },
  stdio: 'inherit',
});
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)) break;
    if (i > 300) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < CONVERSATIONS; i = next++) {
      const c = await fetch(`${base}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shop: 'demo-zh', customer: { id: `bench-${i % 50}` } }) });
      const { id, token } = (await c.json()) as { id: string; token: string };
      await fetch(`${base}/api/v1/conversations/${id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ text: '这款面料适合敏感肌吗', clientMessageId: 'm1' }) });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const expected = CONVERSATIONS * 2; // conversation.started + customer.tagged
  for (let i = 0; ids.size < expected && i < 300; i++) await new Promise((r) => setTimeout(r, 100));
  const sorted = [...latencies].sort((a, b) => a - b);
  const row = { events: expected, arrived: ids.size, duplicates, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? NaN };
  console.log(row);
  writeSection(
    join(root, 'docs/benchmarks.md'),
    'cdp',
    `<!-- cdp:start (written by npm run bench:cdp) -->
## CDP stream: from an event to its arrival at a webhook

\`npm run bench:cdp\` (after \`npm run build\`): the built server on SQLite with the demo shop and a
webhook sink to a receiver in the benchmark process (loopback); ${CONVERSATIONS} conversations, ${PARALLEL}
at a time, each starting and asking a question that tags the customer (2 events each, 50
customers). Latency is the receiver's clock minus the event's time (the same machine). Aim: p99 ≤ 1 s.

| events | arrived | duplicates | p50 | p99 | max |
|---|---|---|---|---|---|
| ${row.events} | ${row.arrived} | ${row.duplicates} | ${row.p50} ms | ${row.p99} ms | ${row.max} ms |

Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.
<!-- cdp:end -->`,
  );
} finally {
  child.kill('SIGTERM');
  receiver.close();
}
