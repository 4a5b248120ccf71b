// The processes the burst bench starts (Xiaoer nodes, a raw node:http server) and the stores it
// uses (a throw-away PostgreSQL database, Redis), each reachable on 127.0.0.1 only. Every child is
// tracked here so that a finally block or SIGINT can stop exactly the ones this run started.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase as createTestDatabase, freePort } from '../../src/testing/local-services.js';

export interface Child {
  name: string;
  process: ChildProcess;
  base: string;
  logFile: string;
}

const children = new Set<Child>();

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}


/** Starts `node args` with `env` (nothing inherited but PATH/HOME/TZ and the like); output goes to a log file. */
export function startChild(name: string, args: string[], env: Record<string, string>, port: number, workDir: string): Child {
  const logFile = join(workDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const child: Child = { name, process: proc, base: `http://127.0.0.1:${port}`, logFile };
  children.add(child);
  proc.once('exit', () => children.delete(child));
  return child;
}

/** Waits for `path` to answer 200 until the deadline; fails early when the child exits. */
export async function waitFor(child: Child, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(`${child.name} exited (${child.process.exitCode ?? child.process.signalCode}) before ${path} answered; log: ${child.logFile}\n${tail(child.logFile, 15)}`);
    }
    try {
      const r = await fetch(child.base + path, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error(`${child.name}: ${path} did not answer 200 within ${timeoutMs / 1000} s; log: ${child.logFile}`);
}

/** Stops one child this run started (SIGTERM, SIGKILL after `graceMs`). */
export async function stopChild(child: Child, graceMs = 5000): Promise<void> {
  const p = child.process;
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill('SIGTERM');
  const timer = setTimeout(() => p.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Stops every child still running (each by its own pid). */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c)));
}

/** Synchronous last resort (process exit): SIGKILL each child still running. */
export function killAllNow(): void {
  for (const c of children) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
}

export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export function lineCount(file: string): number {
  try {
    const t = readFileSync(file, 'utf8');
    return t === '' ? 0 : t.trimEnd().split('\n').length;
  } catch {
    return 0;
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** CPU seconds (user + system) a process has used, from /proc; NaN when unreadable. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based) → indexes 11 and 12.
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** Machine-wide busy and total CPU seconds since boot, from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

export function rssMb(pid: number | undefined): number {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

/** Whether Redis answers PING on host:port within 2 s. */
export function redisReachable(url: string): Promise<string | undefined> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = createConnection({ host: u.hostname, port: Number(u.port || 6379) });
    const finish = (problem: string | undefined) => {
      s.destroy();
      resolve(problem);
    };
    s.setTimeout(2000, () => finish('no answer within 2 s'));
    s.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d: Buffer) => finish(d.toString().startsWith('+PONG') ? undefined : `unexpected answer ${JSON.stringify(d.toString().trim())}`));
  });
}

/** A fresh database on the server of `adminUrl` (xiaoer_burst_<random>); drop() removes it. */
export const createDatabase = (adminUrl: string) => createTestDatabase(adminUrl, 'xiaoer_burst');
export { freePort };

/** Whether PostgreSQL accepts a connection at `adminUrl` within 3 s. */
export async function postgresReachable(adminUrl: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  } finally {
    await c.end().catch(() => {});
  }
}

/** The machine's TcpExt ListenOverflows counter (connections a full accept queue turned away), from /proc/net/netstat. */
export function listenOverflows(): number {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
    const names = lines[0]?.split(/\s+/) ?? [];
    const values = lines[1]?.split(/\s+/) ?? [];
    return Number(values[names.indexOf('ListenOverflows')]);
  } catch {
    return NaN;
  }
}

/** CPU seconds of every process whose name (/proc/<pid>/comm) is one of `names`, by pid (read-only look at /proc). */
export function cpuByName(names: string[]): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (names.some((n) => comm.startsWith(n))) out.set(Number(pid), cpuSeconds(Number(pid)));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** CPU seconds used between two cpuByName samples (processes started meanwhile count whole). */
export function cpuDelta(a: Map<number, number>, b: Map<number, number>): number {
  let sum = 0;
  for (const [pid, s] of b) if (Number.isFinite(s)) sum += s - (a.get(pid) ?? 0);
  return sum;
}
