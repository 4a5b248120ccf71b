// recommend_products: what it picks and the reason it gives, from the catalog's data only.
import { describe, expect, it } from 'vitest';
import { tinyBundle } from '../testing/fixtures.js';
import { recommendProducts } from './recommend.js';

const { products } = tinyBundle();

describe('recommend_products', () => {
  it('gives each pick the reason its data supports: skin, standard, size in stock, budget', () => {
    const r = recommendProducts(products, { query: 'T恤', skin: '敏感肌', size: 'M', budget: '≤100' }, []);
    expect(r).toMatchObject({ ok: true, top_id: 'cotton-tee', top_reason: '适合敏感肌，GB 18401 A类，M码有货' });
    expect(r['list_text']).toBe('1. 纯棉圆领短袖T恤 ¥69–79（适合敏感肌，GB 18401 A类，M码有货）');
    // A size out of stock is no reason; a skin type the product does not list is none either.
    const en = recommendProducts(products, { query: '连体衣', skin: '油皮', size: '73', budget: '≤100' }, [], 'en');
    expect(en).toMatchObject({ top_id: 'baby-bodysuit', top_reason: 'GB 31701 A类（婴幼儿）, size 73 in stock, within budget' });
    expect(recommendProducts(products, { query: 'T恤', size: 'XXL' }, [])['top_reason']).toBe('GB 18401 A类');
  });
});
