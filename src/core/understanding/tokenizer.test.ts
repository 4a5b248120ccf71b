import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize.js';
import { createTokenizer, intlSegmenter, remembered, type Segmenter } from './tokenizer.js';

describe('normalizeText', () => {
  it('folds full-width characters, case and white space', () => {
    expect(normalizeText('  这款有ＸＬ吗？\n\t ')).toBe('这款有xl吗?');
    expect(normalizeText('a\u0000b\u200bc')).toBe('a b c');
  });
});

describe('tokenizer', () => {
  it('keeps the shop’s words whole with the Intl.Segmenter fallback too', () => {
    const tok = createTokenizer(['敏感肌'], intlSegmenter);
    expect(tok.engine).toBe('intl');
    expect(tok.words('这款面料适合敏感肌吗')).toContain('敏感肌');
  });

  it('drops punctuation, and stop words from retrieval terms', () => {
    const tok = createTokenizer([], intlSegmenter);
    const terms = tok.terms('亲，请问多久发货呀？？');
    expect(terms).not.toContain('亲');
    expect(terms).not.toContain('？');
    expect(terms.join('')).toContain('发货');
  });

  it('never throws on empty, huge or binary-looking text', () => {
    const tok = createTokenizer([], intlSegmenter);
    expect(tok.terms('')).toEqual([]);
    expect(() => tok.terms('\u0000\u0001\uffff'.repeat(100))).not.toThrow();
    expect(tok.terms('发货'.repeat(5000)).length).toBeGreaterThan(0);
  });

  it('hands the injected segmenter normalised text and the shop words, and filters what it returns', () => {
    const seen: { dictionary?: readonly string[]; texts: string[] } = { texts: [] };
    const fake: Segmenter = {
      engine: 'jieba',
      withDictionary(words) {
        seen.dictionary = words;
        return {
          cut: (text) => (seen.texts.push(text), ['亲', '，', ' ', '发货']),
          cutForSearch: (text) => (seen.texts.push(text), ['亲', '？', '发货', '发']),
        };
      },
    };
    const tok = createTokenizer(['棉芽'], fake);
    expect(tok.engine).toBe('jieba');
    expect(seen.dictionary).toEqual(['棉芽']);
    expect(tok.words('亲，ＸＬ发货')).toEqual(['亲', '发货']);
    expect(tok.terms('亲？发货')).toEqual(['发货', '发']);
    expect(seen.texts).toEqual([normalizeText('亲，ＸＬ发货'), normalizeText('亲？发货')]);
  });
});

describe('remembered cuts', () => {
  it('cut a text once while it is among the last few, each call getting its own copy', () => {
    const cuts: string[] = [];
    const cut = remembered((text) => {
      cuts.push(text);
      return [...text];
    }, 2);
    const first = cut('ab');
    first.push('mutated');
    expect(cut('ab')).toEqual(['a', 'b']);
    expect(cuts).toEqual(['ab']);
    cut('cd');
    cut('ef'); // 'ab' is forgotten
    expect(cut('ab')).toEqual(['a', 'b']);
    expect(cut('ef')).toEqual(['e', 'f']);
    expect(cuts).toEqual(['ab', 'cd', 'ef', 'ab']);
  });

  it("give a tokeniser's words and terms as a fresh tokeniser cuts them", () => {
    const tok = createTokenizer(['敏感肌'], intlSegmenter);
    for (const text of ['纯棉T恤有XL码吗', '敏感肌能用吗', '纯棉T恤有XL码吗', '发货快吗', '纯棉T恤有XL码吗']) {
      const fresh = createTokenizer(['敏感肌'], intlSegmenter);
      expect(tok.words(text)).toEqual(fresh.words(text));
      expect(tok.terms(text)).toEqual(fresh.terms(text));
    }
  });
});
