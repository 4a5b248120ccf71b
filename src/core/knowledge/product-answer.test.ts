import { describe, expect, it } from 'vitest';
import type { Product } from '../catalog/types.js';
import { tinyBundle } from '../testing/fixtures.js';
import { answerProductQuestion, mentionedOptionCount, mentionedOptions } from './product-answer.js';

const [tee, bodysuit] = tinyBundle().products;
if (!tee || !bodysuit) throw new Error('fixture');

describe('product answers', () => {
  it('reports the stock of exactly the variants named', () => {
    const a = answerProductQuestion(tee, ['stock'], '黑色l有货吗', 'zh-CN');
    expect(a.text).toContain('黑色/L：有货（库存 5 件）');
    expect(a.text).not.toContain('白色');
    expect(a.skus).toEqual(['TEE-BLK-L']);
    expect(a.fields).toContain('variants[].stock');
  });

  it('says a sold-out variant is sold out', () => {
    const a = answerProductQuestion(tee, ['stock'], '白色l还有吗', 'zh-CN');
    expect(a.text).toContain('白色/L：已售罄');
  });

  it('says when a size does not exist and lists the real ones', () => {
    const a = answerProductQuestion(tee, ['stock'], '有xxl吗', 'zh-CN');
    expect(a.text).toContain('没有 XXL');
    expect(a.text).toContain('M、L');
  });

  it('quotes the variant price when the variant has its own', () => {
    expect(answerProductQuestion(tee, ['price'], '黑色多少钱', 'zh-CN').text).toContain('¥79');
    expect(answerProductQuestion(tee, ['price'], '多少钱', 'zh-CN').text).toContain('¥69–79');
  });

  it('answers suitability from suitable_for and not_suitable_for only', () => {
    expect(answerProductQuestion(bodysuit, ['suitability'], '新生儿能穿吗', 'zh-CN').text).toMatch(/^可以的/);
    expect(answerProductQuestion(tee, ['suitability'], '孕妇能穿吗', 'zh-CN').text).toContain('没有专门标注');
  });

  it('narrows the size chart to the size asked about', () => {
    const a = answerProductQuestion(tee, ['size'], 'l码适合多高', 'zh-CN');
    expect(a.text).toContain('L：身高 165-170cm');
    expect(a.text).not.toContain('M：');
  });

  it('does not read the 1.5 of "1.5m" as size M', () => {
    expect(mentionedOptions(tee, '1.5m的白色').get('size')).toBeUndefined();
  });

  it('gives no clothing advice for a product of another category without care notes', () => {
    const cream = { ...tee, id: 'cream', name: '修护面霜', attributes: {}, facts: { 保质期: '3年' }, sizeChart: [] };
    const a = answerProductQuestion(cream, ['care'], '怎么清洗', 'zh-CN');
    expect(a.text).toBe('修护面霜暂未标注清洗保养方法，可以回复『人工』帮您确认。');
    expect(a.text).not.toContain('洗涤');
  });
});

describe('options named by a part of the spec', () => {
  it('match a spec by its leading number and by one of its parts', () => {
    const bottle: Product = { id: 'B1', name: '奶瓶', aliases: [], category: '奶瓶', priceMinor: 100, description: '', attributes: {}, sizeChart: [], variants: [{ sku: 'B1-160', options: { spec: '160ml/宽口径' }, priceMinor: 100, stock: 1 }, { sku: 'B1-240', options: { spec: '240ml/宽口径' }, priceMinor: 100, stock: 1 }] };
    expect([...(mentionedOptions(bottle, '240的奶瓶多少钱').get('spec') ?? [])]).toEqual(['240ml/宽口径']);
    expect([...(mentionedOptions(bottle, '宽口径的有吗').get('spec') ?? [])].sort()).toEqual(['160ml/宽口径', '240ml/宽口径']);
    expect(mentionedOptions(bottle, '2400块的').size).toBe(0);
  });
});

describe('how many options a text names, per text for products with the same options', () => {
  it('is mentionedOptions().size for each product, across copies with the same options, other products and changing texts', () => {
    const copy: Product = { ...tee, id: 'tee-2', name: '另一款T恤', variants: tee.variants.map((v) => ({ ...v, sku: `${v.sku}-2` })) };
    const recoloured: Product = { ...tee, id: 'tee-3', variants: tee.variants.map((v) => ({ ...v, options: { ...v.options, color: '燕麦色' } })) };
    const texts = ['黑色l有货吗', '燕麦色的m码', '多少钱', '黑色l有货吗', '燕麦色l'];
    for (const text of texts) {
      for (const product of [tee, copy, recoloured, bodysuit, copy, tee]) expect(mentionedOptionCount(product, text)).toBe(mentionedOptions(product, text).size);
    }
  });
});
