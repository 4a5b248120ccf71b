import { describe, expect, it } from 'vitest';
import { createIds } from './system-clock.js';

describe('createIds', () => {
  it('makes unique ids that sort in creation order', () => {
    const ids = createIds();
    const made = Array.from({ length: 5000 }, () => ids.next('msg'));
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
    expect(made[0]).toMatch(/^msg_[0-9a-z]{20}$/);
  });
});
