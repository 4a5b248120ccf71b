import { describe, expect, it } from 'vitest';
import { toNameVocabulary } from './name-vocabulary.js';

describe('shoppers\' words in product-name vocabulary', () => {
  it('writes volumes as names and specs do', () => {
    expect(toNameVocabulary('5升的多少钱')).toBe('5l的多少钱');
    expect(toNameVocabulary('1.5升')).toBe('1.5l');
    expect(toNameVocabulary('500毫升装')).toBe('500ml装');
    expect(toNameVocabulary('女款三件装')).toBe('女士3件装');
  });
});
