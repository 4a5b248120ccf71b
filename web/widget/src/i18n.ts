// UI strings: Chinese first, English on toggle. Shop content (answers, product data) is shown as the shop wrote it.

export type Lang = 'zh' | 'en';

export const STRINGS = {
  zh: {
    moreProducts: '更多商品',
    human: '转人工',
    chatTitle: '在线客服 · 小二',
    placeholder: '输入您的问题，例如：这款还有货吗？',
    send: '发送',
    connecting: '连接中…',
    online: '在线',
    offline: '已断开，正在重连…',
    sending: '发送中…',
    failed: '发送失败：',
    source: '依据',
    price: '价格',
    stock: '库存',
    material: '面料',
    suitable: '适合',
    soldOut: '售罄',
    shopNotFound: '没有找到店铺「{id}」。请检查链接中的 ?shop= 参数。',
    productNotFound: '没有找到商品「{id}」，可以直接向客服提问。',
    unavailable: '暂不可用',
    toggle: 'EN',
    sources: { faq: '知识库', product: '商品数据', clarify: '澄清', catalog: '商品检索', smalltalk: '寒暄', fallback: '兜底', ask_product: '追问商品', flow: '流程', handoff: '转人工', agent: '人工客服' },
  },
  en: {
    moreProducts: 'More products',
    human: 'Talk to a person',
    chatTitle: 'Live help · Xiaoer',
    placeholder: 'Ask a question, e.g. is this in stock?',
    send: 'Send',
    connecting: 'Connecting…',
    online: 'Online',
    offline: 'Disconnected, reconnecting…',
    sending: 'Sending…',
    failed: 'Not sent: ',
    source: 'Source',
    price: 'Price',
    stock: 'Stock',
    material: 'Material',
    suitable: 'Suitable for',
    soldOut: 'sold out',
    shopNotFound: 'There is no shop “{id}”. Check ?shop= in the address.',
    productNotFound: 'There is no product “{id}”; you can still ask us anything.',
    unavailable: 'unavailable',
    toggle: '中文',
    sources: { faq: 'knowledge base', product: 'catalog data', clarify: 'clarifying', catalog: 'catalog search', smalltalk: 'small talk', fallback: 'fallback', ask_product: 'which product', flow: 'SOP flow', handoff: 'handoff', agent: 'human agent' },
  },
} as const;

export type Strings = (typeof STRINGS)[Lang];
