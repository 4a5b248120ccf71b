// The server's ShopSandbox: each release tried or tested gets a worker thread of its own
// (sandbox-worker.ts) holding it in a throw-away in-memory database, kept warm for the next try.
// Requests to one worker run one at a time; a worker that crashes, exits or overruns a request's
// time is ended, its request rejected, and the next call starts a fresh one.
import type { Worker } from 'node:worker_threads';
import { XiaoerError, type ErrorCode } from '../app/errors.js';
import type { ReleaseBytes, SandboxSetup, SandboxTurn, ShopSandbox, ShopTestRun } from '../app/ports.js';
import type { SandboxAnswer, SandboxConversation, SandboxRequest } from './sandbox-messages.js';
import { startWorker } from './start-worker.js';

/** Limits of a worker sandbox; every field has a default. */
export interface WorkerSandboxOptions {
  /** Releases kept warm at once, each a worker with its own database (default 3). */
  maxWarm?: number;
  /** A warm worker with nothing to do is ended after this long (default 5 minutes). */
  idleMs?: number;
  /** The longest a conversation may take once its worker starts it (default 30 s). */
  converseTimeoutMs?: number;
  /** The longest a run of the shop's tests may take once its worker starts it (default 10 minutes). */
  testTimeoutMs?: number;
  /** The longest storing and loading a release in a new worker may take (default 2 minutes). */
  openTimeoutMs?: number;
  /** The message size limit in the sandbox, as the server's XIAOER_MAX_MESSAGE_BYTES (default 4096). */
  maxMessageBytes?: number;
}

type Request = SandboxRequest extends infer R ? (R extends SandboxRequest ? Omit<R, 'id'> : never) : never;

/** A request waiting for, or running on, a worker. */
interface Job {
  request: Request;
  transfer: ArrayBuffer[];
  timeoutMs: number;
  /** How a timeout or crash names it: "conversation", "test run", "opening". */
  what: string;
  /** Loads the release's bytes should the job have to go to a new worker. */
  load: () => Promise<ReleaseBytes>;
  resolve(result: unknown): void;
  reject(err: Error): void;
}

/** One release's worker and its line of requests. */
interface Warm {
  releaseId: string;
  worker: Worker;
  /** Until `load` answers, requests wait: the first one posted must be the open. */
  loading: boolean;
  waiting: Job[];
  running: { id: number; job: Job; timer: NodeJS.Timeout } | undefined;
  idle: NodeJS.Timeout | undefined;
  /** Whether the worker holds the release: before that, a failure would only repeat. */
  opened: boolean;
  ended: boolean;
}

/**
 * The release's bytes as buffers the worker can own: moved when a view covers its whole buffer,
 * else copied (a view into a shared buffer, such as Node's Buffer pool, cannot be moved).
 */
function movable(bytes: ReleaseBytes): { json: Uint8Array; image: Uint8Array; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const own = (u: Uint8Array): Uint8Array => {
    const whole = u.byteOffset === 0 && u.byteLength === u.buffer.byteLength && u.buffer instanceof ArrayBuffer;
    if (!whole || transfer.includes(u.buffer)) return new Uint8Array(u);
    transfer.push(u.buffer);
    return u;
  };
  const json = own(bytes.json);
  const image = own(bytes.image);
  return { json, image, transfer };
}

/**
 * A ShopSandbox running each release in a worker thread: trying a sentence or running a shop's
 * tests never stalls this node's turns, and a slow or broken release costs only its worker.
 * The bytes `load` returns are moved to the worker (their buffers are detached here): return
 * bytes nobody else keeps.
 */
export function createWorkerSandbox(options: WorkerSandboxOptions = {}): ShopSandbox {
  const maxWarm = options.maxWarm ?? 3;
  const idleMs = options.idleMs ?? 5 * 60_000;
  const converseTimeoutMs = options.converseTimeoutMs ?? 30_000;
  const testTimeoutMs = options.testTimeoutMs ?? 10 * 60_000;
  const openTimeoutMs = options.openTimeoutMs ?? 2 * 60_000;
  const maxMessageBytes = options.maxMessageBytes ?? 4096;
  // In least recently used order: a Map iterates in insertion order, and use re-inserts.
  const warm = new Map<string, Warm>();
  let nextId = 1;
  let closed = false;

  const busy = (w: Warm) => w.loading || w.running !== undefined || w.waiting.length > 0;

  /** Ends idle workers, least recently used first, while more than maxWarm are warm. */
  const trim = () => {
    for (const w of [...warm.values()]) {
      if (warm.size <= maxWarm) return;
      if (!busy(w)) end(w, new Error('evicted'));
    }
  };

  /** Ends a worker: its running request rejects with `err`; waiting ones go to a new worker, or reject too. */
  function end(w: Warm, err: Error, waitingFail = false): void {
    if (w.ended) return;
    w.ended = true;
    if (warm.get(w.releaseId) === w) warm.delete(w.releaseId);
    clearTimeout(w.idle);
    const running = w.running;
    w.running = undefined;
    if (running) {
      clearTimeout(running.timer);
      running.job.reject(err);
    }
    void w.worker.terminate();
    const waiting = w.waiting.splice(0);
    // A worker that never held its release would fail again: its waiting requests share the error.
    // Otherwise each waiting request was never started and gets a fresh worker.
    for (const job of waiting) {
      if (waitingFail || closed || !w.opened) job.reject(err);
      else enqueue(w.releaseId, job);
    }
  }

  /** Posts the next waiting request when the worker is free; a free worker is let go of after idleMs. */
  function pump(w: Warm): void {
    if (w.ended || w.loading || w.running) return;
    const job = w.waiting.shift();
    if (!job) {
      // Idle: the worker no longer keeps the process alive, and ends if nobody comes back.
      w.worker.unref();
      w.idle = setTimeout(() => end(w, new Error('idle')), idleMs);
      w.idle.unref();
      trim();
      return;
    }
    clearTimeout(w.idle);
    w.worker.ref();
    const id = nextId++;
    try {
      w.worker.postMessage({ ...job.request, id }, job.transfer);
    } catch (err) {
      // Something of the request could not be copied to the worker: that request alone fails.
      job.reject(err instanceof Error ? err : new Error(String(err)));
      return pump(w);
    }
    const timer = setTimeout(() => end(w, new Error(`the sandbox ${job.what} on release ${w.releaseId} took longer than ${job.timeoutMs} ms; its worker was stopped`)), job.timeoutMs);
    timer.unref();
    w.running = { id, job, timer };
  }

  function answered(w: Warm, answer: SandboxAnswer): void {
    const running = w.running;
    if (w.ended || !running || running.id !== answer.id) return;
    clearTimeout(running.timer);
    w.running = undefined;
    if (answer.ok) {
      if (running.job.request.kind === 'open') w.opened = true;
      running.job.resolve(answer.result);
    } else {
      // The worker sends the codes of the XiaoerErrors it caught: they map to HTTP as here.
      const err = answer.code ? new XiaoerError(answer.code as ErrorCode, answer.message) : new Error(answer.message);
      running.job.reject(err);
      if (running.job.request.kind === 'open') return end(w, new Error(`the sandbox could not open release ${w.releaseId}: ${answer.message}`), true);
    }
    pump(w);
  }

  /** The release's warm worker, or a new one that loads it: `load` is called only then. */
  function warmFor(releaseId: string, load: () => Promise<ReleaseBytes>): Warm {
    const found = warm.get(releaseId);
    if (found) {
      warm.delete(releaseId);
      warm.set(releaseId, found);
      return found;
    }
    const w: Warm = { releaseId, worker: startWorker('sandbox-worker'), loading: true, waiting: [], running: undefined, idle: undefined, opened: false, ended: false };
    warm.set(releaseId, w);
    w.worker.on('message', (answer: SandboxAnswer) => answered(w, answer));
    w.worker.on('error', (err) => end(w, new Error(`the sandbox worker of release ${releaseId} failed: ${err.message}`)));
    w.worker.on('exit', (code) => end(w, new Error(`the sandbox worker of release ${releaseId} stopped (exit code ${code})`)));
    load().then(
      (bytes) => {
        if (w.ended) return;
        const { json, image, transfer } = movable(bytes);
        const open: Job = { request: { kind: 'open', releaseId, json, image, maxMessageBytes }, transfer, timeoutMs: openTimeoutMs, what: 'opening', load, resolve: () => undefined, reject: () => undefined };
        w.waiting.unshift(open);
        w.loading = false;
        pump(w);
      },
      (err: unknown) => end(w, new Error(`the sandbox could not load release ${releaseId}: ${err instanceof Error ? err.message : String(err)}`), true),
    );
    trim();
    return w;
  }

  function enqueue(releaseId: string, job: Job): void {
    const w = warmFor(releaseId, job.load);
    w.waiting.push(job);
    pump(w);
  }

  function submit<T>(releaseId: string, load: () => Promise<ReleaseBytes>, request: Request, timeoutMs: number, what: string): Promise<T> {
    if (closed) return Promise.reject(new Error('the sandbox is closed'));
    // The worker answers a converse with SandboxTurn[] and a test with a ShopTestRun.
    return new Promise<T>((resolve, reject) => enqueue(releaseId, { request, transfer: [], timeoutMs, what, load, resolve: (r) => resolve(r as T), reject }));
  }

  return {
    converse: (releaseId, load, setup: SandboxSetup, conversation: SandboxConversation) => submit<SandboxTurn[]>(releaseId, load, { kind: 'converse', setup, conversation }, converseTimeoutMs, 'conversation'),
    test: (releaseId, load, setup, tests) => submit<ShopTestRun>(releaseId, load, { kind: 'test', setup, tests }, testTimeoutMs, 'test run'),
    async close() {
      closed = true;
      const workers = [...warm.values()];
      for (const w of workers) end(w, new Error('the sandbox was closed'), true);
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
