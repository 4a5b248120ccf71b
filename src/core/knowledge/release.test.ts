import { describe, expect, it } from 'vitest';
import { tinyBundle } from '../testing/fixtures.js';
import { intlSegmenter } from '../understanding/segmenter.js';
import { compileRelease } from './release.js';

describe('compileRelease', () => {
  it('gives the same bundle the same release, byte for byte', () => {
    const a = compileRelease(tinyBundle(), intlSegmenter);
    const b = compileRelease(tinyBundle(), intlSegmenter);
    expect(a.id).toMatch(/^rel-[0-9a-f]{16}$/);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('gives a changed bundle a new release id', () => {
    const a = compileRelease(tinyBundle(), intlSegmenter);
    const b = compileRelease(tinyBundle({ fallback: '换个说法试试？' }), intlSegmenter);
    expect(b.id).not.toBe(a.id);
  });

  it('puts shop words and aliases into the tokeniser dictionary', () => {
    const r = compileRelease(tinyBundle(), intlSegmenter);
    expect(r.dictionary).toEqual(expect.arrayContaining(['敏感肌', '连体衣', '白色']));
  });
});
