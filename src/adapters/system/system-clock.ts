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
 * Time-ordered ids: 10 chars of milliseconds, 4 of a per-millisecond counter, then 16 random
 * (80 bits), so ids made later in a process sort later, two processes never collide in practice,
 * and an id cannot be guessed from another (a conversation id is not a credential, but it should
 * not be enumerable either).
 */
export function createIds(): Ids {
  let lastMs = 0;
  let counter = 0;
  // One crypto call per 409 ids instead of one per id.
  let pool = randomBytes(4090);
  let offset = 0;
  const random80 = () => {
    if (offset + 10 > pool.length) {
      pool = randomBytes(4090);
      offset = 0;
    }
    let out = '';
    // 10 bytes = 80 bits = 16 base32 characters, 5 bits each.
    let bits = 0;
    let acc = 0;
    for (let i = 0; i < 10; i++) {
      acc = (acc << 8) | (pool[offset + i] ?? 0);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out += ALPHABET[(acc >>> bits) & 31];
      }
      acc &= (1 << bits) - 1;
    }
    offset += 10;
    return out;
  };
  return {
    next(prefix: string): string {
      const ms = Date.now();
      if (ms === lastMs) counter++;
      else {
        lastMs = ms;
        counter = 0;
      }
      return `${prefix}_${encode(ms, 10)}${encode(counter, 4)}${random80()}`;
    },
  };
}
