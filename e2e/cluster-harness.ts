// Shared pieces of the fault tests (cluster-sigkill, redis-down, postgres-down, sigterm-drain):
// built server nodes as child processes on loopback, a Redis of the test's own, a fresh PostgreSQL
// database per test file, and small HTTP / Socket.IO clients. Every process started here is killed
// by the ChildProcess object that started it (killAll in afterAll); nothing else is touched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect as rawConnect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as ioClient, type Socket } from 'socket.io-client';
import { createDatabase as createTestDatabase, freePort } from '../src/testing/local-services.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const mainJs = join(root, 'dist/server/main.js');
export const built = existsSync(mainJs);
export const databaseUrl = process.env['DATABASE_URL'] || undefined;
export const redisServerBinary = (() => {
  const r = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return r.status === 0;
})();

export const SHOP = 'demo-zh';
export const ADMIN_PASSWORD = 'e2e-admin-password-0';
export const AGENT_PASSWORD = 'e2e-agent-password-1';

/** Prints why a test file is skipped (once), returns whether it should be. */
export function skipUnless(file: string, needs: { postgres?: boolean; redis?: boolean }): boolean {
  const missing: string[] = [];
  if (!built) missing.push('dist/server/main.js (npm run build)');
  if (needs.postgres && !databaseUrl) missing.push('DATABASE_URL (a PostgreSQL server)');
  if (needs.redis && !redisServerBinary) missing.push('the redis-server binary');
  if (missing.length) console.warn(`[xiaoer tests] ${file} is SKIPPED: missing ${missing.join(', ')}.`);
  return missing.length > 0;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export { freePort };

/** Polls `check` every `every` ms until it is true (errors count as false); whether it became true within `ms`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, ms: number, every = 100): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await Promise.resolve().then(check).catch(() => false)) return true;
    await sleep(every);
  }
  return false;
}

const children = new Set<ChildProcess>();
/** SIGKILLs every process this file started that is still running. */
export function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
}

/** A server node: its base URL, the child process, its log lines and how it ended. */
export interface Node {
  name: string;
  base: string;
  port: number;
  child: ChildProcess;
  logs: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Log lines (pino JSON) whose event is `event`. */
  events(event: string): Record<string, unknown>[];
}

/** Starts `node dist/server/main.js` on 127.0.0.1:`port` with the given environment on top of safe defaults. */
export function startNode(name: string, port: number, env: Record<string, string>): Node {
  const child = spawn(process.execPath, [mainJs], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/tmp',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      REDIS_URL: '',
      XIAOER_NODE_ID: name,
      XIAOER_FOLLOW_UP_SECONDS: '0',
      XIAOER_RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '0',
      XIAOER_RATE_LIMIT_MESSAGES_PER_MINUTE: '0',
      XIAOER_DEMO_ADMIN_PASSWORD: ADMIN_PASSWORD,
      XIAOER_DEMO_AGENT_PASSWORD: AGENT_PASSWORD,
      XIAOER_API_DOCS: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const logs: string[] = [];
  const keep = (stream: NodeJS.ReadableStream | null) => {
    let rest = '';
    stream?.on('data', (d: Buffer) => {
      const lines = (rest + d.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) logs.push(l);
      if (logs.length > 5_000) logs.splice(0, logs.length - 5_000);
    });
  };
  keep(child.stdout);
  keep(child.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    name,
    base: `http://127.0.0.1:${port}`,
    port,
    child,
    logs,
    exited,
    events: (event) =>
      logs.flatMap((l) => {
        try {
          const o = JSON.parse(l) as Record<string, unknown>;
          return o['event'] === event ? [o] : [];
        } catch {
          return [];
        }
      }),
  };
}

/** Waits for /readyz 200 (the store answers); throws with the node's last log lines otherwise. */
export async function waitReady(node: Node, ms = 45_000): Promise<void> {
  const ok = await waitUntil(async () => (await fetch(`${node.base}/readyz`, { signal: AbortSignal.timeout(3_000) })).status === 200, ms, 150);
  if (!ok) throw new Error(`${node.name} did not become ready in ${ms} ms; exit ${String(node.child.exitCode)}; last log lines:\n${node.logs.slice(-20).join('\n')}`);
}

/** SIGKILLs a node and waits until it is gone. */
export async function hardKill(node: Node): Promise<void> {
  node.child.kill('SIGKILL');
  await node.exited;
}

/** A Redis server of the test's own (no persistence) that can be killed and started again on its port. */
export interface OwnRedis {
  port: number;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const r: OwnRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    child: undefined as unknown as ChildProcess,
    async start() {
      const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      children.add(child);
      r.child = child;
      const ok = await waitUntil(
        () =>
          new Promise<boolean>((resolve) => {
            const s = netConnect(port, () => resolve(true));
            s.on('error', () => resolve(false));
          }),
        10_000,
        50,
      );
      if (!ok) throw new Error(`redis-server did not listen on ${port}`);
    },
    async stop() {
      const child = r.child;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await gone;
    },
  };
  await r.start();
  return r;
}

function netConnect(port: number, onConnect: () => void) {
  const s = rawConnect(port, '127.0.0.1', () => {
    onConnect();
    s.destroy();
  });
  return s;
}

/** A fresh database on DATABASE_URL's server (xiaoer_e2e_<random>); `drop` removes it. */
export const createDatabase = (adminUrl: string) => createTestDatabase(adminUrl, 'xiaoer_e2e');

/** An HTTP answer, or the network error that stood for one. */
export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: { code?: string } };
  ms: number;
}

/** A JSON request to 127.0.0.1; network errors are thrown (callers decide about retrying). */
export async function call(base: string, path: string, options: { method?: string; body?: unknown; token?: string; cookie?: string; timeoutMs?: number } = {}): Promise<Answer> {
  const started = performance.now();
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.cookie) headers['cookie'] = options.cookie;
  const r = await fetch(`${base}${path}`, {
    method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
  });
  const text = await r.text();
  let body: Answer['body'] = {};
  try {
    body = text ? (JSON.parse(text) as Answer['body']) : {};
  } catch {
    body = { raw: text };
  }
  return { status: r.status, headers: r.headers, body, ms: performance.now() - started };
}

/** A stored message as GET /messages shows it. */
export interface Msg {
  id: string;
  direction: 'in' | 'out';
  text: string;
  clientMessageId: string | null;
  replyTo: string | null;
  createdAt: string;
}

export async function openConversation(base: string, customerId: string): Promise<{ id: string; token: string }> {
  const r = await call(base, '/api/v1/conversations', { body: { shop: SHOP, customer: { id: customerId } } });
  if (r.status !== 201) throw new Error(`opening a conversation on ${base}: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: String(r.body['id']), token: String(r.body['token']) };
}

export async function transcript(base: string, id: string, token: string): Promise<Msg[]> {
  const r = await call(base, `/api/v1/conversations/${id}/messages`, { token });
  if (r.status !== 200) throw new Error(`transcript of ${id} on ${base}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body['messages'] as Msg[];
}

/** What a transcript says about duplicates: clientMessageIds stored more than once, inbound messages answered by more than one turn, inbound messages without an answer. */
export function auditTranscript(messages: Msg[]): { storedTwice: string[]; answeredTwice: string[]; unanswered: string[] } {
  const byCmid = new Map<string, number>();
  for (const m of messages) if (m.direction === 'in' && m.clientMessageId) byCmid.set(m.clientMessageId, (byCmid.get(m.clientMessageId) ?? 0) + 1);
  // The replies of one turn share its timestamp: two timestamps among one message's replies are two turns.
  const turns = new Map<string, Set<string>>();
  for (const m of messages) if (m.direction === 'out' && m.replyTo) turns.set(m.replyTo, (turns.get(m.replyTo) ?? new Set()).add(m.createdAt));
  return {
    storedTwice: [...byCmid].filter(([, n]) => n > 1).map(([c]) => c),
    answeredTwice: [...turns].filter(([, t]) => t.size > 1).map(([id]) => id),
    unanswered: messages.filter((m) => m.direction === 'in' && !turns.has(m.id)).map((m) => m.clientMessageId ?? m.id),
  };
}

/** Signs in as `username` of the demo shop; returns the session cookie. */
export async function signIn(base: string, username: 'agent1' | 'admin' = 'agent1'): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ shop: SHOP, username, password: username === 'admin' ? ADMIN_PASSWORD : AGENT_PASSWORD }),
    signal: AbortSignal.timeout(10_000),
  });
  if (r.status !== 200) throw new Error(`sign-in on ${base}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

/** An agent's workspace socket (no automatic reconnection: the test decides where to go). Resolves once connected. */
export async function agentSocket(base: string, cookie: string, ms = 10_000): Promise<Socket> {
  const s = ioClient(`${base}/agent`, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true, timeout: ms });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agent socket to ${base} did not connect in ${ms} ms`)), ms);
    s.once('connect', () => (clearTimeout(timer), resolve()));
    s.once('connect_error', (err) => (clearTimeout(timer), reject(err)));
  });
  return s;
}

/** A shopper's socket on the default namespace (no automatic reconnection). Resolves once connected. */
export async function shopperSocket(base: string, ms = 10_000): Promise<Socket> {
  const s = ioClient(base, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: ms });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`shopper socket to ${base} did not connect in ${ms} ms`)), ms);
    s.once('connect', () => (clearTimeout(timer), resolve()));
    s.once('connect_error', (err) => (clearTimeout(timer), reject(err)));
  });
  return s;
}

/** Every 'queue:changed' a socket receives, as the conversation ids it names (listening starts now). */
export function queueChanges(socket: Socket): string[] {
  const seen: string[] = [];
  socket.on('queue:changed', (p: { conversation?: { id?: unknown } }) => {
    if (typeof p?.conversation?.id === 'string') seen.push(p.conversation.id);
  });
  return seen;
}

/** Opens a conversation on `base` and asks for a person ('转人工'); returns its id and the answer. */
export async function handoff(base: string, customerId: string): Promise<{ id: string; answer: Answer }> {
  const c = await openConversation(base, customerId);
  const answer = await call(base, `/api/v1/conversations/${c.id}/messages`, { token: c.token, body: { text: '转人工', clientMessageId: 'handoff-1' } });
  return { id: c.id, answer };
}

/** The value of a gauge without labels in a Prometheus text exposition. */
export async function metric(base: string, name: string): Promise<number | undefined> {
  const r = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(3_000) });
  const text = await r.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : undefined;
}

/** Shopper questions the demo shop answers from its FAQ (no handoff, no fallback). */
export const QUESTIONS = ['下单后多久发货？', '你们从哪里发货？', '默认发什么快递？', '运费怎么算？包邮吗？', '发货后几天能收到？', '怎么查物流信息？', '支持七天无理由退货吗？', '退款多久能到账？'];
