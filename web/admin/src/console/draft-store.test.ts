import { describe, expect, it } from 'vitest';
import { changeCount } from './draft-store.js';

const none = { added: [], changed: [], removed: [] };

describe('unpublished changes', () => {
  it('counts every item added, changed or removed, of every kind', () => {
    expect(changeCount({ faq: none, products: none, flows: none, settings: none })).toBe(0);
    expect(changeCount({ faq: { added: ['F1', 'F2'], changed: ['F3'], removed: [] }, products: { ...none, changed: ['P1'] }, flows: { ...none, removed: ['return'] }, settings: { ...none, changed: ['greeting'] } })).toBe(6);
  });
});
