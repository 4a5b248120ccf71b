import { describe, expect, it } from 'vitest';
import { cleanEdgeText, cleanEdgeValue, isBlankText } from './edge-text.js';

describe('text from outside', () => {
  it('drops NUL and other C0 controls but keeps tab and newline', () => {
    expect(cleanEdgeText('a\u0000b\u0001c\u001fd\u007fe')).toBe('abcde');
    expect(cleanEdgeText('a\tb\nc')).toBe('a\tb\nc');
    expect(cleanEdgeText('a\r\nb\rc')).toBe('a\nb\nc');
  });

  it('replaces lone surrogates and keeps pairs (emoji)', () => {
    expect(cleanEdgeText('a\ud800b')).toBe('a\ufffdb');
    expect(cleanEdgeText('a\udc00')).toBe('a\ufffd');
    expect(cleanEdgeText('\ud83d\ude00好')).toBe('\ud83d\ude00好');
    expect(cleanEdgeText('\ud83d')).toBe('\ufffd');
  });

  it('is idempotent and returns clean text unchanged', () => {
    const dirty = 'x\u0000\ud800\r\ny';
    expect(cleanEdgeText(cleanEdgeText(dirty))).toBe(cleanEdgeText(dirty));
    const clean = '这款有80码吗？';
    expect(cleanEdgeText(clean)).toBe(clean);
  });

  it('reads white space and zero-width characters alone as blank', () => {
    expect(isBlankText(' \u200b\u200d\ufeff\u2060 \n')).toBe(true);
    expect(isBlankText('')).toBe(true);
    expect(isBlankText('\u200b好')).toBe(false);
  });

  it('cleans every string of a payload, keys included', () => {
    expect(cleanEdgeValue({ text: 'a\u0000', n: 1, list: ['\ud800', true], ['k\u0000']: null })).toEqual({ text: 'a', n: 1, list: ['\ufffd', true], k: null });
  });
});
