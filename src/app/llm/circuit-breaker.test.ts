import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

const S = 1000;

/** Records the outcomes through the breaker at `t`, each let through first; returns `t`. */
function run(b: CircuitBreaker, outcomes: boolean[], t: number): number {
  for (const ok of outcomes) {
    expect(b.allow(t)).toBe(true);
    b.record(ok, t);
  }
  return t;
}

describe('CircuitBreaker', () => {
  it('opens after five failures in a row, and a success in between resets the run', () => {
    const b = new CircuitBreaker();
    let t = run(b, [false, false, false, false, true, false, false, false, false], 0);
    expect(b.state(t)).toBe('closed');
    t = run(b, [false], t);
    expect(b.state(t)).toBe('open');
    expect(b.allow(t)).toBe(false);
  });

  it('opens when more than the share of the window failed, once the window holds enough outcomes', () => {
    const b = new CircuitBreaker({ windowMs: 10 * S, failureShare: 0.5, minRequestsInWindow: 10 });
    // Two of three failed: too few outcomes to call it a trend.
    let t = run(b, [false, false, true], 0);
    expect(b.state(t)).toBe('closed');
    // Then alternating, never five in a row: 5 of 10 is not above half…
    t = run(b, [false, true, false, true, false, true, true], t);
    expect(b.state(t)).toBe('closed');
    t = run(b, [false], t); // …6 of 11 is.
    expect(b.state(t)).toBe('open');
  });

  it('forgets failures that slid out of the window', () => {
    const b = new CircuitBreaker({ windowMs: 10 * S, minRequestsInWindow: 4, consecutiveFailures: 100 });
    run(b, [false, false, false], 0); // 3 failures, too few outcomes to judge
    const t = run(b, [true, false], 20 * S); // the old ones are gone: 1 of 2
    expect(b.state(t)).toBe('closed');
    run(b, [false, false], t); // 3 of 4
    expect(b.state(t + 2)).toBe('open');
  });

  it('lets one trial through after the cool-down; a success closes it', () => {
    const b = new CircuitBreaker({ coolDownMs: 30 * S });
    run(b, Array(5).fill(false), 0);
    expect(b.allow(29 * S)).toBe(false);
    expect(b.state(30 * S)).toBe('half_open');
    expect(b.allow(30 * S)).toBe(true);
    expect(b.allow(30 * S + 1)).toBe(false); // only one trial at a time
    b.record(true, 31 * S);
    expect(b.state(31 * S)).toBe('closed');
    // A clean slate: four more failures do not reopen it.
    run(b, Array(4).fill(false), 32 * S);
    expect(b.state(33 * S)).toBe('closed');
  });

  it('reopens for a new cool-down when the trial fails', () => {
    const b = new CircuitBreaker({ coolDownMs: 30 * S });
    run(b, Array(5).fill(false), 0);
    expect(b.allow(30 * S)).toBe(true);
    b.record(false, 31 * S);
    expect(b.state(31 * S)).toBe('open');
    expect(b.allow(60 * S)).toBe(false);
    expect(b.state(61 * S)).toBe('half_open');
    expect(b.allow(61 * S)).toBe(true);
  });

  it('ignores stragglers while open and gives up on a trial never recorded', () => {
    const b = new CircuitBreaker({ coolDownMs: 10 * S });
    run(b, Array(5).fill(false), 0);
    b.record(true, 2 * S); // sent before it opened: changes nothing
    expect(b.state(2 * S)).toBe('open');
    b.record(true, 11 * S); // half-open but no trial out: not the trial's outcome
    expect(b.state(11 * S)).toBe('half_open');
    expect(b.allow(11 * S)).toBe(true);
    expect(b.allow(15 * S)).toBe(false);
    expect(b.allow(21 * S)).toBe(true); // the first trial was lost; another goes
  });
});
