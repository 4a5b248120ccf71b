import { describe, expect, it } from 'vitest';
import { itemId } from '../../../../src/contracts/admin.js';
import { ITEM_ID, suggestFaqId } from './suggest-id.js';

describe('a suggested id for a new entry', () => {
  it('is a valid item id, the same for the same question', () => {
    const id = suggestFaqId('能开专票吗？');
    expect(itemId.safeParse(id).success).toBe(true);
    expect(id).toMatch(/^faq-[0-9a-f]{8}$/);
    expect(suggestFaqId('  能开专票吗？ ')).toBe(id);
  });

  it("checks ids as the API's schema does", () => {
    for (const id of ['F01', 'size-guide', 'a.b_c', 'x'.repeat(64), 'x'.repeat(65), '-lead', '', '中文', 'a b']) expect(ITEM_ID.test(id)).toBe(itemId.safeParse(id).success);
  });

  it('differs between questions', () => {
    expect(suggestFaqId('能开专票吗？')).not.toBe(suggestFaqId('能开普票吗？'));
    expect(suggestFaqId('')).toMatch(/^faq-[0-9a-f]{8}$/);
  });
});
