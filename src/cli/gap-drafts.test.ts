import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { faqFileSchema } from '../app/shops/bundle-schema.js';
import { gapDrafts } from './gap-drafts.js';

describe('knowledge-gap drafts', () => {
  const text = gapDrafts([{ text: '能开专票吗？', count: 4, examples: ['能开专票吗？', '可以开专票吗'] }, { text: '支持paypal吗', count: 1, examples: ['支持paypal吗'] }], '20261201');

  it('writes faq.yaml entries with the cluster as question and its other texts as similar', () => {
    expect(parse(text)).toEqual([
      { id: 'gap-20261201-1', question: '能开专票吗？', similar: ['可以开专票吗'], answer: '', tags: ['knowledge-gap'] },
      { id: 'gap-20261201-2', question: '支持paypal吗', similar: [], answer: '', tags: ['knowledge-gap'] },
    ]);
    expect(text).toContain('gap-20261201-1: asked 4×');
  });

  it('cannot be imported until every answer is written', () => {
    const r = faqFileSchema.safeParse(parse(text));
    expect(r.success).toBe(false);
    const answered = (parse(text) as { answer: string }[]).map((e) => ({ ...e, answer: '可以开，下单时备注税号即可～' }));
    expect(faqFileSchema.safeParse(answered).success).toBe(true);
  });
});
