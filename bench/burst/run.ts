// `npm run bench:burst`: a promotion peak. An open-loop generator offers shopper messages at a
// baseline rate, then at `factor` × that rate, then stops offering and waits (the drain) for every
// accepted message to be answered; at the end every transcript is read back to count messages lost
// or stored twice. Two set-ups, one after the other: one node on SQLite, and two nodes on one
// PostgreSQL database with Redis (skipped when either is not reachable). A raw node:http server is
// offered the same peak with the same generator, as the floor the harness itself imposes. Writes the
// <!-- burst:start --> section of docs/benchmarks.md. Everything runs on 127.0.0.1 and is bounded.
//
//   npm run bench:burst -- [--only single|cluster] [--baseline 5] [--baseline-seconds 10]
//     [--factor 100] [--seconds 60] [--drain-seconds 60] [--shoppers 2000] [--json] [--keep-data]
// Nodes get XIAOER_MAX_TURNS_IN_FLIGHT and XIAOER_QUEUE_WAIT_MS from this environment when set.
// `npx tsx bench/burst/selftest.ts` checks the harness's counting against a mock server.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { percentile, writeSection } from '../report.js';
import { createClient, NetworkError, type Client } from './http.js';
import { Burst, MAX_MESSAGES_PER_SHOPPER, verify, type Msg, type Shopper, type Verification } from './load.js';
import { listenForPushes } from './pushes.js';
import {
  cpuByName,
  cpuDelta,
  cpuSeconds,
  createDatabase,
  freePort,
  killAllNow,
  lineCount,
  listenOverflows,
  machineCpu,
  postgresReachable,
  redisReachable,
  rssMb,
  sleep,
  startChild,
  stopAll,
  stopChild,
  tail,
  tempDir,
  waitFor,
  type Child,
} from './processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = 'redis://127.0.0.1:6379';
const PASS_THROUGH = ['XIAOER_MAX_TURNS_IN_FLIGHT', 'XIAOER_QUEUE_WAIT_MS'] as const;

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    baseline: { type: 'string', default: '5' },
    'baseline-seconds': { type: 'string', default: '10' },
    factor: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '60' },
    'drain-seconds': { type: 'string', default: '60' },
    shoppers: { type: 'string', default: '2000' },
    json: { type: 'boolean', default: false },
    'keep-data': { type: 'boolean', default: false },
  },
  strict: true,
});
function num(name: keyof typeof opts): number {
  const v = Number(opts[name]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}
const only = opts.only;
if (only !== undefined && only !== 'single' && only !== 'cluster') throw new Error('--only takes single or cluster');
const BASELINE = num('baseline');
const BASELINE_SECONDS = num('baseline-seconds');
const FACTOR = num('factor');
const SECONDS = num('seconds');
const DRAIN_SECONDS = Math.min(60, num('drain-seconds'));
const SHOPPERS = Math.round(num('shoppers'));
const PEAK = BASELINE * FACTOR;
const JSON_OUT = opts.json;

const QUESTIONS = readFileSync(join(root, 'shops/demo-zh/tests/faq.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .flatMap((l) => (JSON.parse(l) as { turns: { user: string }[] }).turns.map((t) => t.user));

/** Progress goes to stderr, so that --json leaves stdout to the JSON alone. */
const log = (...a: unknown[]) => console.error(...a);
const workDir = tempDir('xiaoer-burst-');
const loadAtStart = loadavg()[0] ?? 0;

// ---- cleanup: only what this run started, on every way out -------------------------------------
let activeBurst: Burst | undefined;
const dataDirs: string[] = [];
const databases: { drop(): Promise<void>; name: string }[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    activeBurst?.stop();
    await stopAll();
    for (const db of databases.splice(0)) {
      await db.drop().then(
        () => log(`dropped database ${db.name}`),
        (e: unknown) => log(`could not drop database ${db.name}: ${String(e)}`),
      );
    }
    if (opts['keep-data']) log(`kept the nodes' data directories: ${dataDirs.join(' ')}`);
    else for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  })());
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping the servers this run started…`);
    const force = setTimeout(() => {
      killAllNow();
      process.exit(130);
    }, 20_000);
    force.unref();
    void cleanup().finally(() => process.exit(130));
  });
}
process.on('exit', killAllNow);

// ---- nodes ---------------------------------------------------------------------------------------
function nodeEnv(n: number, port: number, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  // Nothing of the bench's own Xiaoer/store settings leaks in, apart from the two admission knobs.
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(XIAOER_|DATABASE_URL$|REDIS_URL$|PORT$|HOST$|LOG_LEVEL$)/.test(k)) env[k] = v;
  if (env['NODE_OPTIONS']?.includes('tsx')) delete env['NODE_OPTIONS'];
  for (const k of PASS_THROUGH) if (process.env[k]) env[k] = process.env[k];
  return {
    ...env,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    XIAOER_DATA_DIR: dataDir(),
    XIAOER_RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '0',
    XIAOER_RATE_LIMIT_MESSAGES_PER_MINUTE: '0',
    XIAOER_FOLLOW_UP_SECONDS: '0',
    XIAOER_NODE_ID: `node-${n}`,
    ...extra,
  };
}

function dataDir(): string {
  const dir = tempDir('xiaoer-burst-data-');
  dataDirs.push(dir);
  return dir;
}

async function startNode(label: string, n: number, extra: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const child = startChild(`${label}-node-${n}`, [join(root, 'dist/server/main.js')], nodeEnv(n, port, extra), port, workDir);
  const t = performance.now();
  await waitFor(child, '/healthz', 180_000);
  await waitFor(child, '/readyz', 60_000);
  log(`${label}: node-${n} ready on ${child.base} in ${((performance.now() - t) / 1000).toFixed(1)} s (pid ${child.process.pid})`);
  return child;
}

// ---- warm-up -------------------------------------------------------------------------------------
/** Opens `n` conversations, round robin over the nodes, 32 at a time; bounded by `timeoutMs`. */
async function openPool(client: Client, nodes: string[], n: number, label: string, timeoutMs: number): Promise<Shopper[]> {
  const shoppers: Shopper[] = [];
  const deadline = performance.now() + timeoutMs;
  let next = 0;
  let node = 0;
  let failures = 0;
  const worker = async () => {
    for (let i = next++; i < n && performance.now() < deadline; i = next++) {
      for (let attempt = 0; attempt < 4; attempt++) {
        try {
          const r = await client.request(nodes[node++ % nodes.length] ?? '', 'POST', '/api/v1/conversations', { body: { shop: 'demo-zh', customer: { id: `burst-${label}-${i}` } } });
          if (r.status === 201) {
            const c = JSON.parse(r.body) as { id: string; token: string };
            shoppers.push({ index: i, conversationId: c.id, token: c.token, busy: false, retired: false, messages: [] });
            break;
          }
          failures++;
          if (r.status < 500) break;
        } catch (e) {
          failures++;
          if (e instanceof NetworkError && e.code === 'aborted') return;
        }
        await sleep(200 * (attempt + 1));
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  if (shoppers.length < n) log(`${label}: only ${shoppers.length} of ${n} conversations opened (${failures} failed attempts)`);
  if (shoppers.length < Math.min(n, 10)) throw new Error(`${label}: could not open conversations`);
  return shoppers;
}

/** A few unmeasured turns on every node (JIT, caches, a node's first knowledge load). */
async function warmNodes(client: Client, nodes: string[]): Promise<void> {
  for (const base of nodes) {
    try {
      const r = await client.request(base, 'POST', '/api/v1/conversations', { body: { shop: 'demo-zh' } });
      const c = JSON.parse(r.body) as { id: string; token: string };
      for (let i = 0; i < 30; i++) {
        await client.request(base, 'POST', `/api/v1/conversations/${c.id}/messages`, { token: c.token, body: { text: QUESTIONS[(i * 7) % QUESTIONS.length], clientMessageId: `warm-${i}` } });
      }
    } catch (e) {
      log(`warm-up on ${base} failed: ${String(e)}`);
    }
  }
}

/**
 * Opens the connections the peak will need before it starts (a shopper per connection at most), as a
 * load balancer's upstream pool would hold them: without this, the open-loop peak opens hundreds of
 * connections a second while the node's loop is busy, its accept queue (backlog 511) overflows and
 * those connections are reset seconds later, which measures the TCP accept path instead of turns.
 */
async function preconnect(client: Client, nodes: string[], label: string): Promise<void> {
  for (const base of nodes) {
    const pooled = await client.preconnect(base, SHOPPERS + 64, '/healthz');
    log(`${label}: ${pooled} keep-alive connections open to ${base}`);
  }
}

// ---- measuring -----------------------------------------------------------------------------------
interface CpuSample {
  at: number;
  self: NodeJS.CpuUsage;
  children: number[];
  machine: { busy: number; total: number };
  listenOverflows: number;
  postgres: Map<number, number>;
  redis: Map<number, number>;
}
function sampleCpu(children: Child[]): CpuSample {
  return { at: performance.now(), self: process.cpuUsage(), children: children.map((c) => cpuSeconds(c.process.pid)), machine: machineCpu(), listenOverflows: listenOverflows(), postgres: cpuByName(['postgres']), redis: cpuByName(['redis-server']) };
}
function cpuBetween(a: CpuSample, b: CpuSample) {
  const wall = (b.at - a.at) / 1000;
  const selfS = (b.self.user - a.self.user + b.self.system - a.self.system) / 1e6;
  const servers = b.children.map((s, i) => (s - (a.children[i] ?? NaN)) / wall);
  const machineCores = (b.machine.busy - a.machine.busy) / wall;
  const postgres = cpuDelta(a.postgres, b.postgres) / wall;
  const redis = cpuDelta(a.redis, b.redis) / wall;
  const round = (x: number) => Math.round(x * 100);
  return {
    /** % of one core */
    generator_pct: round(selfS / wall),
    servers_pct: servers.map(round),
    /** every PostgreSQL and Redis process on the machine */
    postgres_pct: round(postgres),
    redis_pct: round(redis),
    /** everything else busy on the machine (kernel, other work), % of one core */
    other_pct: round(machineCores - selfS / wall - servers.reduce((x, y) => x + y, 0) - postgres - redis),
    machine_busy_pct: Math.round(((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * 100),
    /** connections turned away by a full accept queue (machine-wide TcpExt counter) */
    listen_overflows: b.listenOverflows - a.listenOverflows,
  };
}

const ms = (x: number) => Math.round(x * 10) / 10;
function latencies(msgs: Msg[]): number[] {
  return msgs.filter((m) => m.outcome === 'acked' && m.respondedAt !== undefined).map((m) => (m.respondedAt ?? 0) - m.scheduledAt).sort((a, b) => a - b);
}

interface RawResult {
  offered_per_s: number;
  offered: number;
  not_offered: number;
  acked: number;
  http_5xx: number;
  http_4xx: number;
  errors: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  turns_per_s: number;
  cpu: ReturnType<typeof cpuBetween> & { loop_delay_p99_ms: number; lag_p99_ms: number; lag_max_ms: number };
}

function summariseLoad(burst: Burst, seconds: number, a: CpuSample, b: CpuSample): RawResult {
  const peak = burst.messages.filter((m) => m.phase === 'peak');
  const lat = latencies(peak);
  const w = burst.windows.peak ?? { start: 0, end: 0 };
  const done = peak.filter((m) => {
    const t = m.status === 202 ? (m.replyCreatedAt ?? m.completedAt) : m.completedAt;
    return t !== undefined && t >= w.start && t <= w.end;
  }).length;
  const lag = [...burst.lag].sort((x, y) => x - y);
  return {
    offered_per_s: PEAK,
    offered: burst.offered.baseline + burst.offered.peak,
    not_offered: burst.notOffered.baseline + burst.notOffered.peak,
    acked: burst.messages.filter((m) => m.outcome === 'acked').length,
    http_5xx: burst.stats.http5xx,
    http_4xx: burst.stats.http4xx,
    errors: burst.stats.errors,
    p50_ms: ms(percentile(lat, 0.5)),
    p99_ms: ms(percentile(lat, 0.99)),
    max_ms: ms(lat.at(-1) ?? NaN),
    turns_per_s: ms(done / seconds),
    cpu: {
      ...cpuBetween(a, b),
      loop_delay_p99_ms: ms((burst.loopDelay?.percentile(99) ?? NaN) / 1e6),
      lag_p99_ms: ms(percentile(lag, 0.99)),
      lag_max_ms: ms(lag.at(-1) ?? NaN),
    },
  };
}

type SetupResult = ReturnType<typeof summariseSetup> & { problems_file: string };
function summariseSetup(burst: Burst, children: Child[], v: Verification, a: CpuSample, b: CpuSample, warmupMs: number, drain: { ms: number; leftOver: number }, raw: RawResult | undefined) {
  const load = summariseLoad(burst, SECONDS, a, b);
  const all = burst.messages;
  const acked = all.filter((m) => m.outcome === 'acked');
  const queued = acked.filter((m) => m.status === 202);
  const waits = queued.filter((m) => m.replySeenAt !== undefined).map((m) => (m.replySeenAt ?? 0) - m.scheduledAt);
  const waitsCreated = queued.filter((m) => m.replyCreatedAt !== undefined).map((m) => (m.replyCreatedAt ?? 0) - m.scheduledAt);
  const base = latencies(all.filter((m) => m.phase === 'baseline'));
  return {
    nodes: children.length,
    shoppers: burst.shoppers.length,
    baseline_per_s: BASELINE,
    offered_per_s: PEAK,
    peak_seconds: SECONDS,
    offered: load.offered,
    not_offered: load.not_offered,
    acked: acked.length,
    queued: queued.length,
    lost: v.lost,
    missing: v.missing,
    unanswered: v.unanswered,
    duplicates: v.duplicates,
    duplicate_replies: v.duplicateReplies,
    http_5xx: load.http_5xx,
    http_4xx: load.http_4xx,
    errors: load.errors,
    p50_ms: load.p50_ms,
    p99_ms: load.p99_ms,
    max_ms: load.max_ms,
    max_queue_wait_ms: ms(waits.reduce((x, y) => Math.max(x, y), 0)),
    turns_per_s: load.turns_per_s,
    baseline_p50_ms: ms(percentile(base, 0.5)),
    baseline_p99_ms: ms(percentile(base, 0.99)),
    // detail
    peak_offered: burst.offered.peak,
    peak_not_offered: burst.notOffered.peak,
    peak_acked: all.filter((m) => m.phase === 'peak' && m.outcome === 'acked').length,
    failed: all.filter((m) => m.outcome === 'failed').length,
    abandoned: all.filter((m) => m.outcome === 'abandoned' || m.outcome === 'pending').length,
    still_waiting_at_drain_end: drain.leftOver,
    stored_unacked: v.storedUnacked,
    late_replies: v.lateReplies,
    unverified_conversations: v.unverified,
    answered_without_reply: acked.filter((m) => m.emptyReply).length,
    retired_shoppers: burst.shoppers.filter((s) => s.retired && s.messages.length < MAX_MESSAGES_PER_SHOPPER).length,
    capped_shoppers: burst.shoppers.filter((s) => s.messages.length >= MAX_MESSAGES_PER_SHOPPER).length,
    beyond_transcript_window: v.beyondWindow,
    duplicate_responses: acked.filter((m) => m.duplicateFlag).length,
    retries: burst.stats.retries,
    attempts: burst.stats.attempts,
    codes: burst.stats.codes,
    polls: burst.stats.polls,
    poll_failures: burst.stats.pollFailures,
    max_queue_wait_created_ms: ms(waitsCreated.reduce((x, y) => Math.max(x, y), 0)),
    warmup_ms: Math.round(warmupMs),
    drain_ms: Math.round(drain.ms),
    cpu: load.cpu,
    rss_mb: children.map((c) => rssMb(c.process.pid)),
    raw_http: raw,
  };
}

// ---- the set-ups ---------------------------------------------------------------------------------
async function runSetup(label: string, children: Child[], raw: RawResult | undefined) {
  const nodes = children.map((c) => c.base);
  const client = createClient(SHOPPERS + 512);
  try {
    let t = performance.now();
    log(`${label}: warm-up: opening ${SHOPPERS} conversations…`);
    const shoppers = await openPool(client, nodes, SHOPPERS, label, 180_000);
    await warmNodes(client, nodes);
    await preconnect(client, nodes, label);
    // Every shopper's chat page: a socket on its conversation, where replies after a 202 are pushed.
    const pushes = await listenForPushes(nodes, shoppers, 120_000);
    log(`${label}: ${pushes.connected} chat-page sockets open`);
    const warmupMs = performance.now() - t;
    const burst = new Burst(client, nodes, shoppers, QUESTIONS, label, true, pushes);
    activeBurst = burst;
    log(`${label}: baseline ${BASELINE}/s for ${BASELINE_SECONDS} s…`);
    await burst.runPhase('baseline', BASELINE, BASELINE_SECONDS);
    log(`${label}: peak ${PEAK}/s for ${SECONDS} s…`);
    const a = sampleCpu(children);
    await burst.runPhase('peak', PEAK, SECONDS);
    const b = sampleCpu(children);
    log(`${label}: drain (up to ${DRAIN_SECONDS} s; ${burst.outstanding} outstanding)…`);
    const drain = await burst.drain(DRAIN_SECONDS * 1000);
    const answeredBy = Date.now();
    client.close();
    pushes.close();
    log(`${label}: reading back ${shoppers.filter((s) => s.messages.length > 0).length} transcripts…`);
    t = performance.now();
    const vclient = createClient(64);
    const v = await verify(vclient, nodes, shoppers, answeredBy, 180_000);
    vclient.close();
    log(`${label}: verified in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const problemsFile = join(workDir, `${label}-problems.jsonl`);
    writeFileSync(problemsFile, v.problems.map((x) => JSON.stringify(x)).join('\n') + (v.problems.length ? '\n' : ''));
    if (v.problems.length) log(`${label}: ${v.problems.length} findings listed in ${problemsFile}`);
    return { ...summariseSetup(burst, children, v, a, b, warmupMs, drain, raw), problems_file: problemsFile };
  } finally {
    activeBurst = undefined;
    client.abortAll();
    client.close();
  }
}

async function runSingle(raw: RawResult): Promise<SetupResult> {
  const node = await startNode('single', 1, {});
  try {
    return await runSetup('single', [node], raw);
  } finally {
    await stopChild(node);
    reportLog(node);
  }
}

async function runCluster(raw: RawResult): Promise<SetupResult | { skipped: string }> {
  const pgProblem = await postgresReachable(PG_ADMIN_URL);
  const redisProblem = await redisReachable(REDIS_URL);
  if (pgProblem || redisProblem) {
    const why = [pgProblem && `PostgreSQL at ${PG_ADMIN_URL}: ${pgProblem}`, redisProblem && `Redis at ${REDIS_URL}: ${redisProblem}`].filter(Boolean).join('; ');
    log(`cluster: SKIPPED (${why})`);
    return { skipped: why };
  }
  const db = await createDatabase(PG_ADMIN_URL);
  databases.push(db);
  log(`cluster: created database ${db.name}`);
  const started: Child[] = [];
  try {
    const store = { DATABASE_URL: db.url, REDIS_URL };
    started.push(await startNode('cluster', 1, store));
    started.push(await startNode('cluster', 2, { ...store, XIAOER_DEMO_SHOP: 'none' }));
    return await runSetup('cluster', started, raw);
  } finally {
    for (const c of started) {
      await stopChild(c);
      reportLog(c);
    }
    const mine = databases.indexOf(db);
    if (mine >= 0) {
      databases.splice(mine, 1);
      await db.drop().then(
        () => log(`cluster: dropped database ${db.name}`),
        (e: unknown) => log(`cluster: could not drop ${db.name}: ${String(e)}`),
      );
    }
  }
}

function reportLog(c: Child): void {
  const n = lineCount(c.logFile);
  if (n > 0) log(`${c.name}: ${n} log lines (warn and above) in ${c.logFile}; last:\n${tail(c.logFile, 3).replace(/^/gm, '    ')}`);
}

/** A raw node:http server offered the same peak by the same generator (the harness's own floor). */
async function runRaw(): Promise<RawResult> {
  const port = await freePort();
  const reply = JSON.stringify({ message: { id: 'm' }, replies: [{ id: 'r', text: 'ok', trace: { releaseId: '', source: 'raw' } }], duplicate: false });
  const code = `const s=require('http').createServer((q,r)=>{q.resume();q.on('end',()=>{r.writeHead(200,{'content-type':'application/json'});r.end(${JSON.stringify(reply)})})});s.keepAliveTimeout=75000;s.listen(${port},'127.0.0.1')`;
  const child = startChild('raw-http', ['-e', code], nodeEnv(0, port, {}), port, workDir);
  const client = createClient(SHOPPERS + 512);
  try {
    await waitFor(child, '/', 30_000);
    await preconnect(client, [child.base], 'raw node:http');
    const shoppers: Shopper[] = Array.from({ length: SHOPPERS }, (_, i) => ({ index: i, conversationId: `raw-${i}`, token: 'raw', busy: false, retired: false, messages: [] }));
    // Warm-up: a few seconds at the baseline rate, unmeasured.
    const warm = new Burst(client, [child.base], shoppers.map((s) => ({ ...s, messages: [] })), QUESTIONS, 'raw-warm', false);
    await warm.runPhase('baseline', Math.min(PEAK, 200), 2);
    const burst = new Burst(client, [child.base], shoppers, QUESTIONS, 'raw', false);
    activeBurst = burst;
    log(`raw node:http: peak ${PEAK}/s for ${SECONDS} s…`);
    const a = sampleCpu([child]);
    await burst.runPhase('peak', PEAK, SECONDS);
    const b = sampleCpu([child]);
    await burst.drain(10_000);
    return summariseLoad(burst, SECONDS, a, b);
  } finally {
    activeBurst = undefined;
    client.abortAll();
    client.close();
    await stopChild(child);
  }
}

// ---- report --------------------------------------------------------------------------------------
function gitHead(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function postgresVersion(): Promise<string> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return String((await c.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?');
  } catch {
    return 'not reachable';
  } finally {
    await c.end().catch(() => {});
  }
}

type Column = SetupResult | { skipped: string } | undefined;
const isRun = (c: Column): c is SetupResult => c !== undefined && !('skipped' in c);

function rows(single: Column, cluster: Column, raw: RawResult): [string, string, string, string][] {
  const f = (c: Column, g: (r: SetupResult) => string | number) => (isRun(c) ? String(g(c)) : c ? 'skipped' : '—');
  const line = (name: string, g: (r: SetupResult) => string | number, r: string | number = ''): [string, string, string, string] => [name, f(single, g), f(cluster, g), String(r)];
  const codes = (r: SetupResult) => Object.entries(r.codes).map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
  return [
    line('nodes / store', (r) => (r.nodes === 1 ? '1 / SQLite' : `${r.nodes} / PostgreSQL + Redis`), '1 / none'),
    line('offered at peak (msgs/s)', (r) => r.offered_per_s, raw.offered_per_s),
    line('offered (baseline + peak)', (r) => r.offered, raw.offered),
    line('not offered (no free shopper)', (r) => r.not_offered, raw.not_offered),
    line('acked (200 or 202)', (r) => r.acked, raw.acked),
    line('queued (202)', (r) => r.queued),
    line('**lost** (missing / unanswered)', (r) => `**${r.lost}** (${r.missing} / ${r.unanswered})`),
    line('**duplicates** (inbound / replies)', (r) => `**${r.duplicates}** (${r.duplicates} / ${r.duplicate_replies})`),
    line('HTTP 5xx / 4xx / network errors', (r) => `${r.http_5xx} / ${r.http_4xx} / ${r.errors}`, `${raw.http_5xx} / ${raw.http_4xx} / ${raw.errors}`),
    line('error codes (every attempt)', codes),
    line('retries', (r) => r.retries),
    line('peak latency p50 / p99 / max', (r) => `${r.p50_ms} / ${r.p99_ms} / ${r.max_ms} ms`, `${raw.p50_ms} / ${raw.p99_ms} / ${raw.max_ms} ms`),
    line('max queue wait (202 → reply seen)', (r) => `${r.max_queue_wait_ms} ms`),
    line('turns completed/s during the peak', (r) => r.turns_per_s, raw.turns_per_s),
    line('baseline latency p50 / p99', (r) => `${r.baseline_p50_ms} / ${r.baseline_p99_ms} ms`),
    line('drain', (r) => `${(r.drain_ms / 1000).toFixed(1)} s (${r.still_waiting_at_drain_end} still waiting at its end)`),
    line('failed / stored but not acked', (r) => `${r.failed} / ${r.stored_unacked}`),
    line('not checkable (older than the transcript window / transcript unread)', (r) => `${r.beyond_transcript_window} / ${r.unverified_conversations}`),
    line(`shoppers retired: handed to a person / ${MAX_MESSAGES_PER_SHOPPER} messages`, (r) => `${r.retired_shoppers} / ${r.capped_shoppers}`),
    line('CPU at peak, % of a core: generator / nodes / PostgreSQL / Redis / other', (r) => `${r.cpu.generator_pct} / ${r.cpu.servers_pct.join(' + ')} / ${r.cpu.postgres_pct} / ${r.cpu.redis_pct} / ${r.cpu.other_pct}`, `${raw.cpu.generator_pct} / ${raw.cpu.servers_pct.join(' + ')} / ${raw.cpu.postgres_pct} / ${raw.cpu.redis_pct} / ${raw.cpu.other_pct}`),
    line('machine busy at peak', (r) => `${r.cpu.machine_busy_pct}%`, `${raw.cpu.machine_busy_pct}%`),
    line('accept-queue overflows at peak (machine-wide)', (r) => r.cpu.listen_overflows, raw.cpu.listen_overflows),
    line('generator lag p99 / max, loop delay p99', (r) => `${r.cpu.lag_p99_ms} / ${r.cpu.lag_max_ms} / ${r.cpu.loop_delay_p99_ms} ms`, `${raw.cpu.lag_p99_ms} / ${raw.cpu.lag_max_ms} / ${raw.cpu.loop_delay_p99_ms} ms`),
    line('server RSS after the peak', (r) => `${r.rss_mb.join(' + ')} MB`),
  ];
}

function markdownTable(r: [string, string, string, string][]): string {
  return ['| | single | cluster | raw node:http |', '|---|---|---|---|', ...r.map((x) => `| ${x.join(' | ')} |`)].join('\n');
}

function textTable(r: [string, string, string, string][]): string {
  const all: [string, string, string, string][] = [['', 'single', 'cluster', 'raw node:http'], ...r.map((x) => x.map((c) => c.replace(/\*\*/g, '')) as [string, string, string, string])];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...all.map((x) => x[i]?.length ?? 0)));
  return all.map((x) => x.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

// ---- main ----------------------------------------------------------------------------------------
let single: Column;
let cluster: Column;
let raw: RawResult | undefined;
let exitCode = 0;
try {
  log(`bench:burst: baseline ${BASELINE}/s × ${BASELINE_SECONDS} s, peak ${PEAK}/s × ${SECONDS} s, drain ≤ ${DRAIN_SECONDS} s, ${SHOPPERS} shoppers; logs in ${workDir}`);
  raw = await runRaw();
  log('raw node:http', raw);
  single = only === 'cluster' ? { skipped: '--only cluster' } : await runSingle(raw);
  cluster = only === 'single' ? { skipped: '--only single' } : await runCluster(raw);
} catch (e) {
  log(`bench:burst failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  exitCode = 1;
} finally {
  await cleanup();
}

if (raw && (isRun(single) || isRun(cluster))) {
  const table = rows(single, cluster, raw);
  if (JSON_OUT) {
    process.stdout.write(JSON.stringify({ single: single ?? { skipped: 'not run' }, cluster: cluster ?? { skipped: 'not run' } }) + '\n');
  } else {
    console.log(`\nbench:burst on ${cpus().length} cpus, Node ${process.version}, load average ${loadAtStart.toFixed(1)} at the start (counts cover baseline + peak; latencies are of acknowledged messages, from their scheduled arrival)\n`);
    console.log(textTable(table));
    for (const [name, c] of [['single', single], ['cluster', cluster]] as const) if (c && 'skipped' in c) console.log(`\n${name}: skipped (${c.skipped})`);
  }
  const env = PASS_THROUGH.filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]} `).join('');
  const command = `${env}npm run bench:burst${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`;
  const cpu = cpus();
  const md = `<!-- burst:start (written by npm run bench:burst) -->
## Promotion peak: open-loop burst

Measured by \`${command}\` (bench/burst/run.ts) on ${new Date().toISOString().slice(0, 10)} at commit ${gitHead()}:
${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Linux ${release()}, Node ${process.version},
PostgreSQL ${await postgresVersion()}; load average ${loadAtStart.toFixed(1)} at the start. The generator, the servers, PostgreSQL and Redis share
these ${cpu.length} cores (other work on the machine shows as \`other\` CPU below and makes every figure noisier).

An open-loop generator (arrivals on a fixed schedule, never waiting for responses) offers real shopper
questions (\`shops/demo-zh/tests/faq.jsonl\`) from a pool of ${SHOPPERS} open conversations: ${BASELINE} msgs/s for
${BASELINE_SECONDS} s, then **${PEAK} msgs/s** (× ${FACTOR}) for ${SECONDS} s, then nothing new for up to ${DRAIN_SECONDS} s while every accepted
message gets its reply. A shopper never has two messages outstanding (an arrival with no free shopper is
\`not offered\`) and leaves the pool after a handoff or ${MAX_MESSAGES_PER_SHOPPER} messages (so that GET /messages' newest-200 window holds them all). Every message has its own clientMessageId; network errors (a request times out after 30 s) and 5xx
are retried with the same id (3 times, Retry-After up to 2 s), on the next node in the rotation; a 202 is followed by reading the transcript until its reply is there. At the
end every transcript is read back: **lost** = acknowledged but missing from the transcript or without a reply by the
end of the drain; **duplicates** = an inbound clientMessageId stored twice, or a reply given twice.
*single*: one node on SQLite. *cluster*: two nodes on one PostgreSQL database with \`REDIS_URL\`, requests
alternating between them (no stickiness). *raw node:http*: a hello-world server offered the same peak by the same
generator: the floor of this harness on this machine. Before the baseline the harness opens a keep-alive connection per
shopper to every node (as a load balancer's upstream pool would hold them), so that the peak measures turns, not the
nodes' accept queue. Latencies run from each message's scheduled arrival to its
acknowledgement (retries included), over the peak; counts cover baseline and peak.
${env ? `\nAdmission settings passed to the nodes: \`${env.trim()}\`.\n` : ''}
${markdownTable(table)}
${[['single', single], ['cluster', cluster]].map(([n, c]) => (c && typeof c === 'object' && 'skipped' in c ? `\n*${String(n)}* skipped: ${c.skipped}.` : '')).join('')}

CPU figures are per cent of one core over the peak (\`other\` is the rest of the machine: the kernel and any
other work running meanwhile). Generator lag is how late arrivals left the generator; when it grows, the harness itself is
saturated and the offered rate is not what the table says.
<!-- burst:end -->`;
  writeSection(join(root, 'docs/benchmarks.md'), 'burst', md);
  log('wrote the burst section of docs/benchmarks.md');
} else {
  exitCode = 1;
}
process.exit(exitCode);
