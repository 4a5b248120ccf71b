// Admission control: a node computes at most `capacity` turns at once. More wait in line, one line
// per shop, served round-robin between shops, so one shop's flash sale cannot starve the others.
// Nothing is dropped: a turn that waits too long is acknowledged by the caller (stored, 202) and
// still runs when its turn comes.
import { XiaoerError } from '../app/errors.js';

/** A submitted turn: its result, when it started, and where it stands in its shop's line. */
export interface GateTicket<T> {
  result: Promise<T>;
  /** Whether it has started (left the line). */
  started(): boolean;
  /** 1 for the next of its shop to run; 0 once started. */
  position(): number;
}

export interface TurnGate {
  /** Runs `task` when a slot is free; refused with XIAOER_DRAINING once the gate is closed. */
  submit<T>(shopId: string, task: () => Promise<T>): GateTicket<T>;
  inFlight(): number;
  /** Turns waiting in line, all shops together. */
  depth(): number;
  /** Refuses new turns; the ones in line and in flight still run. */
  close(): void;
  /** Resolves once nothing is in line or in flight. */
  idle(): Promise<void>;
}

interface Waiting {
  run(): void;
  startedAt?: number;
}

/** A gate of `capacity` slots; `onStart` is told how long each turn waited (ms). */
export function createTurnGate(capacity: number, onStart: (waitedMs: number) => void = () => {}): TurnGate {
  if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
  const lines = new Map<string, Waiting[]>(); // shops with someone waiting, in round-robin order
  let running = 0;
  let waiting = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  const next = () => {
    while (running < capacity) {
      const first = lines.entries().next();
      if (first.done) break;
      const [shopId, line] = first.value;
      const w = line.shift();
      lines.delete(shopId);
      if (line.length) lines.set(shopId, line); // to the back of the round
      if (!w) continue;
      waiting--;
      running++;
      w.run();
    }
    if (running === 0 && waiting === 0) {
      const done = idleWaiters;
      idleWaiters = [];
      for (const f of done) f();
    }
  };

  return {
    submit<T>(shopId: string, task: () => Promise<T>): GateTicket<T> {
      if (closed) throw new XiaoerError('XIAOER_DRAINING', 'this node is shutting down; send the message again (another node will answer)', [], { retryAfterMs: 1_000 });
      const queuedAt = performance.now();
      let started = false;
      let entry: Waiting | undefined;
      const result = new Promise<T>((resolve, reject) => {
        entry = {
          run: () => {
            started = true;
            onStart(performance.now() - queuedAt);
            // The slot is free before the result is delivered: whoever waits on it sees the next turn started.
            const done = () => {
              running--;
              next();
            };
            Promise.resolve().then(task).then(
              (v) => {
                done();
                resolve(v);
              },
              (err: unknown) => {
                done();
                reject(err);
              },
            );
          },
        };
      });
      const line = lines.get(shopId) ?? [];
      if (entry) line.push(entry);
      if (!lines.has(shopId)) lines.set(shopId, line);
      waiting++;
      next();
      return {
        result,
        started: () => started,
        position: () => {
          if (started) return 0;
          const i = entry ? (lines.get(shopId)?.indexOf(entry) ?? -1) : -1;
          return i + 1;
        },
      };
    },
    inFlight: () => running,
    depth: () => waiting,
    close() {
      closed = true;
    },
    idle: () => (running === 0 && waiting === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
  };
}
