import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './routes.js';

describe('console pages in the address hash', () => {
  it('reads the page and its parameters', () => {
    expect(parseHash('#/faq?id=F01')).toEqual({ page: 'faq', params: { id: 'F01' } });
    expect(parseHash('#/flows')).toEqual({ page: 'flows', params: {} });
    expect(parseHash('#publish')).toEqual({ page: 'publish', params: {} });
    expect(parseHash('#/faq?draft=%E8%83%BD%E5%BC%80%E4%B8%93%E7%A5%A8%E5%90%97')).toEqual({ page: 'faq', params: { draft: '能开专票吗' } });
  });

  it('opens the dashboard for an empty or unknown hash', () => {
    expect(parseHash('')).toEqual({ page: 'dashboard', params: {} });
    expect(parseHash('#/')).toEqual({ page: 'dashboard', params: {} });
    expect(parseHash('#/nope?id=1')).toEqual({ page: 'dashboard', params: {} });
  });

  it('writes a route back, parameters sorted and empty ones left out', () => {
    expect(formatHash({ page: 'faq', params: { id: 'F01', draft: undefined, q: '' } })).toBe('#/faq?id=F01');
    expect(formatHash({ page: 'products', params: { tab: 'attributes', id: 'P1' } })).toBe('#/products?id=P1&tab=attributes');
    expect(formatHash({ page: 'audit' })).toBe('#/audit');
    const route = { page: 'faq' as const, params: { draft: '能开专票吗？ a&b=c' } };
    expect(parseHash(formatHash(route))).toEqual(route);
  });
});
