import { describe, expect, it } from 'vitest';
import { splitUtf8 } from './split-text.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('splitting a reply for WeCom', () => {
  it('leaves a short text whole', () => {
    expect(splitUtf8('您好，请问有什么可以帮您？')).toEqual(['您好，请问有什么可以帮您？']);
  });

  it('splits 5,000 bytes of Chinese into parts of at most 2048 bytes without breaking a character', () => {
    const text = '好'.repeat(1667); // 5,001 bytes, no breaks at all
    const parts = splitUtf8(text);
    expect(parts.length).toBe(3);
    for (const p of parts) expect(bytes(p)).toBeLessThanOrEqual(2048);
    expect(parts.join('')).toBe(text);
  });

  it('prefers a line break, then a sentence end', () => {
    const line = `${'甲'.repeat(400)}\n`; // 1,201 bytes a line
    const parts = splitUtf8(line.repeat(4));
    expect(parts).toEqual(Array(4).fill('甲'.repeat(400)));
    const sentences = `${'乙'.repeat(400)}。`.repeat(4); // no line breaks
    const bySentence = splitUtf8(sentences);
    for (const p of bySentence) expect(p.endsWith('。')).toBe(true);
    expect(bySentence.join('')).toBe(sentences);
  });

  it('keeps an emoji with joiners in one part', () => {
    const family = '👨‍👩‍👧‍👦'; // 25 bytes, one grapheme
    const text = 'a'.repeat(2040) + family + 'b';
    const parts = splitUtf8(text);
    expect(parts[0]).toBe('a'.repeat(2040));
    expect(parts[1]).toBe(`${family}b`);
  });

  it('returns no parts for blank text', () => {
    expect(splitUtf8('\n\n')).toEqual([]);
  });
});
