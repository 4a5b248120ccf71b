// The real clock and id generator for the Clock and Ids ports.
import { randomBytes } from 'node:crypto';
import type { Clock, Ids } from '../../app/ports.js';

/** Wall-clock time in ISO-8601 UTC. */
export const systemClock: Clock = { now: () => new Date().toISOString() };

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function encode(n: number, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = ALPHABET[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return out;
}

/**
 * Time-ordered ids: 10 chars of milliseconds, 4 of a per-millisecond counter, 6 random, so ids
 * made later in a process sort later and two processes never collide in practice.
 */
export function createIds(): Ids {
  let lastMs = 0;
  let counter = 0;
  // One crypto call per 1,024 ids instead of one per id.
  let pool = randomBytes(4096);
  let offset = 0;
  const random32 = () => {
    if (offset + 4 > pool.length) {
      pool = randomBytes(4096);
      offset = 0;
    }
    const n = pool.readUInt32BE(offset);
    offset += 4;
    return n;
  };
  return {
    next(prefix: string): string {
      const ms = Date.now();
      if (ms === lastMs) counter++;
      else {
        lastMs = ms;
        counter = 0;
      }
      const rand = random32();
      return `${prefix}_${encode(ms, 10)}${encode(counter, 4)}${encode(rand, 6)}`;
    },
  };
}
