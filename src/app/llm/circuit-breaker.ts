// A circuit breaker for the model provider: when it keeps failing, stop asking it for a while (the
// turn answers offline at once instead of waiting for another timeout), then let one trial request
// through to see whether it is back. Time is passed in, so it is tested without a clock.
//
//   closed ──(N failures in a row, or too large a share failing in the window)──▶ open
//   open ──(cool-down over)──▶ half-open: one trial allowed
//   half-open ──trial succeeds──▶ closed    half-open ──trial fails──▶ open (a new cool-down)

/** closed: requests flow; open: none do; half_open: one trial is allowed to probe the provider. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** When the breaker trips and how long it rests; every field has a default. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  consecutiveFailures?: number;
  /** The sliding window the failure share is measured over (default 60 s). */
  windowMs?: number;
  /** The share of failures in the window above which the circuit opens (default 0.5)… */
  failureShare?: number;
  /** …once the window holds at least this many outcomes (default 10), so two of three is not a trend. */
  minRequestsInWindow?: number;
  /** How long the circuit stays open before a trial (default 30 s). */
  coolDownMs?: number;
}

/** The window is kept as this many buckets of counts, so memory stays fixed however busy the shop. */
const BUCKETS = 10;

interface Bucket {
  start: number;
  ok: number;
  failed: number;
}

/** One provider's breaker (keep one per provider or per shop's model); not shared across nodes. */
export class CircuitBreaker {
  private readonly threshold: number;
  private readonly windowMs: number;
  private readonly share: number;
  private readonly minRequests: number;
  private readonly coolDownMs: number;

  private failuresInRow = 0;
  private buckets: Bucket[] = [];
  /** When the circuit last opened; undefined while closed. */
  private openedAt: number | undefined;
  /** When the half-open trial was let through; undefined while none is out. */
  private trialAt: number | undefined;

  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = Math.max(1, options.consecutiveFailures ?? 5);
    this.windowMs = Math.max(BUCKETS, options.windowMs ?? 60_000);
    this.share = options.failureShare ?? 0.5;
    this.minRequests = Math.max(1, options.minRequestsInWindow ?? 10);
    this.coolDownMs = Math.max(0, options.coolDownMs ?? 30_000);
  }

  /** The state at `nowMs`: an open circuit whose cool-down is over reads as half-open. */
  state(nowMs: number): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return nowMs - this.openedAt >= this.coolDownMs ? 'half_open' : 'open';
  }

  /**
   * Whether a request may go to the provider now. In half-open only one trial goes at a time; a
   * trial never recorded (its caller crashed) is given up after another cool-down, and a new one goes.
   */
  allow(nowMs: number): boolean {
    const state = this.state(nowMs);
    if (state === 'closed') return true;
    if (state === 'open') return false;
    if (this.trialAt !== undefined && nowMs - this.trialAt < Math.max(this.coolDownMs, 1)) return false;
    this.trialAt = nowMs;
    return true;
  }

  /** Records how a request that `allow` let through ended. */
  record(ok: boolean, nowMs: number): void {
    const state = this.state(nowMs);
    if (state === 'open') return; // a straggler sent before the circuit opened: it changes nothing
    if (state === 'half_open') {
      if (this.trialAt === undefined) return; // not the trial's outcome
      if (ok) this.close();
      else this.open(nowMs);
      return;
    }
    this.count(ok, nowMs);
    this.failuresInRow = ok ? 0 : this.failuresInRow + 1;
    if (!ok && (this.failuresInRow >= this.threshold || this.shareTripped(nowMs))) this.open(nowMs);
  }

  private open(nowMs: number) {
    this.openedAt = nowMs;
    this.trialAt = undefined;
  }

  /** Back to closed with a clean slate: the failures that opened it are history. */
  private close() {
    this.openedAt = undefined;
    this.trialAt = undefined;
    this.failuresInRow = 0;
    this.buckets = [];
  }

  private count(ok: boolean, nowMs: number) {
    const size = this.windowMs / BUCKETS;
    const start = nowMs - (nowMs % size);
    this.prune(nowMs);
    let bucket = this.buckets.at(-1);
    if (!bucket || bucket.start !== start) this.buckets.push((bucket = { start, ok: 0, failed: 0 }));
    if (ok) bucket.ok++;
    else bucket.failed++;
  }

  private prune(nowMs: number) {
    this.buckets = this.buckets.filter((b) => b.start > nowMs - this.windowMs);
  }

  private shareTripped(nowMs: number): boolean {
    this.prune(nowMs);
    let ok = 0;
    let failed = 0;
    for (const b of this.buckets) {
      ok += b.ok;
      failed += b.failed;
    }
    return ok + failed >= this.minRequests && failed / (ok + failed) > this.share;
  }
}
