import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize.js';
import { createTokenizer, jiebaAvailable } from './tokenizer.js';

describe('normalizeText', () => {
  it('folds full-width characters, case and white space', () => {
    expect(normalizeText('  这款有ＸＬ吗？\n\t ')).toBe('这款有xl吗?');
    expect(normalizeText('a\u0000b\u200bc')).toBe('a b c');
  });
});

describe('tokenizer', () => {
  it.runIf(jiebaAvailable)('keeps the shop’s words whole with jieba', () => {
    const tok = createTokenizer(['敏感肌', '棉芽']);
    expect(tok.engine).toBe('jieba');
    expect(tok.words('这款面料适合敏感肌吗')).toContain('敏感肌');
    expect(tok.words('棉芽的睡衣')).toContain('棉芽');
  });

  it('keeps the shop’s words whole with the Intl.Segmenter fallback too', () => {
    const tok = createTokenizer(['敏感肌'], 'intl');
    expect(tok.engine).toBe('intl');
    expect(tok.words('这款面料适合敏感肌吗')).toContain('敏感肌');
  });

  it('drops punctuation, and stop words from retrieval terms', () => {
    const tok = createTokenizer([]);
    const terms = tok.terms('亲，请问多久发货呀？？');
    expect(terms).not.toContain('亲');
    expect(terms).not.toContain('？');
    expect(terms.join('')).toContain('发货');
  });

  it('never throws on empty, huge or binary-looking text', () => {
    const tok = createTokenizer([]);
    expect(tok.terms('')).toEqual([]);
    expect(() => tok.terms('\u0000\u0001\uffff'.repeat(100))).not.toThrow();
    expect(tok.terms('发货'.repeat(5000)).length).toBeGreaterThan(0);
  });
});
