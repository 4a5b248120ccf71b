// The demo page's strings: Chinese first, English on toggle. Shop content (product data) is shown as
// the shop wrote it; the chat (widget.js) has its own strings and toggle.

export type Lang = 'zh' | 'en';

export const STRINGS = {
  zh: {
    pageTitle: '小二客服',
    moreProducts: '更多商品',
    price: '价格',
    stock: '库存',
    material: '面料',
    suitable: '适合',
    soldOut: '售罄',
    shopNotFound: '没有找到店铺「{id}」。请检查链接中的 ?shop= 参数。',
    productNotFound: '没有找到商品「{id}」，可以直接向客服提问。',
    toggle: 'EN',
  },
  en: {
    pageTitle: 'Xiaoer',
    moreProducts: 'More products',
    price: 'Price',
    stock: 'Stock',
    material: 'Material',
    suitable: 'Suitable for',
    soldOut: 'sold out',
    shopNotFound: 'There is no shop “{id}”. Check ?shop= in the address.',
    productNotFound: 'There is no product “{id}”; you can still ask us anything.',
    toggle: '中文',
  },
} as const;

export type Strings = (typeof STRINGS)[Lang];
