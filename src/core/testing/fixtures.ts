// Test data (not built into dist), shared by suites of every layer: a two-product shop with a few FAQ entries.
import type { ShopBundle } from '../catalog/types.js';

/** A tiny Chinese shop bundle; tests override what they need. */
export function tinyBundle(overrides: Partial<ShopBundle['shop']> = {}): ShopBundle {
  return {
    shop: {
      id: 'tiny',
      name: '小店',
      language: 'zh-CN',
      currency: 'CNY',
      greeting: '您好，欢迎光临小店！',
      fallback: '没太明白，可以换个说法，或者回复『人工』。',
      businessHours: { timezone: 'Asia/Shanghai', days: [1, 2, 3, 4, 5, 6, 7], open: '09:00', close: '23:00' },
      dictionary: ['敏感肌'],
      synonyms: [],
      answerThreshold: 0.3,
      // Tests open conversations as named customers without signing tokens.
      identity: { trust: 'customer-id' },
      ...overrides,
    },
    products: [
      {
        id: 'cotton-tee',
        name: '纯棉圆领短袖T恤',
        aliases: ['T恤'],
        category: '上衣',
        priceMinor: 6900,
        description: '新疆棉，亲肤透气',
        attributes: { material: '100%新疆棉', standard: 'GB 18401 A类', suitable_for: ['成人', '敏感肌'], care: '30℃以下机洗' },
        sizeChart: [
          { size: 'M', height: '160-165cm' },
          { size: 'L', height: '165-170cm' },
        ],
        variants: [
          { sku: 'TEE-WHT-M', options: { color: '白色', size: 'M' }, priceMinor: 6900, stock: 12 },
          { sku: 'TEE-WHT-L', options: { color: '白色', size: 'L' }, priceMinor: 6900, stock: 0 },
          { sku: 'TEE-BLK-L', options: { color: '黑色', size: 'L' }, priceMinor: 7900, stock: 5 },
        ],
      },
      {
        id: 'baby-bodysuit',
        name: '婴儿纱布连体衣',
        aliases: ['连体衣'],
        category: '婴童',
        priceMinor: 8900,
        description: '六层纱布，柔软透气',
        attributes: { material: '100%棉纱布', standard: 'GB 31701 A类（婴幼儿）', suitable_for: ['新生儿', '婴儿'], not_suitable_for: ['成人'] },
        sizeChart: [],
        variants: [
          { sku: 'BB-66', options: { size: '66' }, priceMinor: 8900, stock: 30 },
          { sku: 'BB-73', options: { size: '73' }, priceMinor: 8900, stock: 3 },
        ],
      },
    ],
    faq: [
      { id: 'shipping-time', question: '下单后多久发货？', similar: ['什么时候发货', '几天能发出', '今天拍明天能发吗'], answer: '付款后48小时内发货。', tags: ['物流'] },
      { id: 'return-policy', question: '支持七天无理由退货吗？', similar: ['能退货吗', '不喜欢可以退吗', '七天无理由吗'], answer: '支持7天无理由退换。', tags: ['退换'] },
      { id: 'invoice', question: '可以开发票吗？', similar: ['能开票吗', '怎么开发票', '要发票'], answer: '确认收货后可申请电子发票。', tags: ['发票'] },
    ],
  };
}
