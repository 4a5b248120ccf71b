import { describe, expect, it } from 'vitest';
import { createIds } from './system-clock.js';

describe('createIds', () => {
  it('makes unique ids that sort in creation order', () => {
    const ids = createIds();
    const made = Array.from({ length: 5000 }, () => ids.next('msg'));
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
    expect(made[0]).toMatch(/^msg_[0-9a-z]{30}$/);
  });

  it('ends every id with 80 random bits, so one id says nothing about the next', () => {
    const ids = createIds();
    const tails = Array.from({ length: 2000 }, () => ids.next('cnv').slice(-16));
    expect(new Set(tails).size).toBe(tails.length);
    // Every base32 digit appears in every position of the random part.
    for (let pos = 0; pos < 16; pos++) expect(new Set(tails.map((t) => t[pos])).size).toBe(32);
  });
});
