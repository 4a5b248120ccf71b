import { describe, expect, it } from 'vitest';
import { toNameVocabulary } from './name-vocabulary.js';

describe('shoppers\' words in product-name vocabulary', () => {
  it('writes volumes as names and specs do', () => {
    expect(toNameVocabulary('5升的多少钱')).toBe('5l的多少钱');
    expect(toNameVocabulary('1.5升')).toBe('1.5l');
    expect(toNameVocabulary('500毫升装')).toBe('500ml装');
    expect(toNameVocabulary('女款三件装')).toBe('女士3件装');
  });

  it('writes lengths and battery capacities as specs do', () => {
    expect(toNameVocabulary('2米白色')).toBe('2m白色');
    expect(toNameVocabulary('1米8的床')).toBe('1米8的床');
    expect(toNameVocabulary('2万毫安那个')).toBe('20000mah那个');
    expect(toNameVocabulary('一万毫安的')).toBe('10000mah的');
    expect(toNameVocabulary('两万mah')).toBe('20000mah');
    expect(toNameVocabulary('5000毫安')).toBe('5000mah');
  });
});
