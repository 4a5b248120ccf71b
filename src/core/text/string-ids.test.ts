import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../understanding/numeric.js';
import { stringIds, stringIdsSteps } from './string-ids.js';

describe('string ids', () => {
  it('answers as a Map of each key to its position, for keys and for strings that are none', () => {
    const random = mulberry32(3);
    const alphabet = ['发', '货', '退', 'a', 'b', ':', ' ', '😀', '\u0000'];
    const keys = new Set<string>(['', 'w:发货', 'b:^ 在', 'h:在吗']);
    while (keys.size < 3000) keys.add(Array.from({ length: 1 + Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    const list = [...keys];
    const map = new Map(list.map((k, i) => [k, i]));
    const ids = stringIds(list);
    expect(ids.size).toBe(map.size);
    expect([...ids.keys()]).toEqual([...map.keys()]);
    for (const k of list) expect(ids.get(k)).toBe(map.get(k));
    for (let i = 0; i < 3000; i++) {
      const probe = Array.from({ length: Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(ids.get(probe)).toBe(map.get(probe));
    }
  });

  it('builds the same in steps, and refuses a key listed twice', () => {
    const keys = Array.from({ length: 45_000 }, (_, i) => `k${i}`);
    const steps = stringIdsSteps(keys);
    let pauses = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) pauses++;
    expect(pauses).toBe(2);
    expect(next.value.get('k44999')).toBe(44_999);
    expect(stringIds([]).get('')).toBeUndefined();
    expect(() => stringIds(['a', 'b', 'a'])).toThrow(/twice/);
  });
});
