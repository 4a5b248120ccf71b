// What Xiaoer says on any channel, before a channel shapes it: one channel-neutral outbound
// message (its text, the quick replies a numbered list offers, the product cards its trace names,
// with price and stock from the catalog, never from the reply's words) and its plain-text form for
// channels that show text only (a card becomes its name, price, stock and link).
import { formatPriceRange } from '../catalog/money.js';
import type { Product } from '../catalog/types.js';
import type { MessageRecord } from '../conversation/records.js';

/** A product as a card: name, price range and stock of its variants, and its page on the shop's site when known. */
export interface ProductCard {
  id: string;
  name: string;
  /** "¥89" or "¥79–99", from the variants. */
  price: string;
  /** Units in stock over all variants; null when only in/out of stock is known. */
  stock: number | null;
  inStock: boolean;
  /** The product's page (shop.yaml channels.product_url with {product} filled in); absent when the shop gives none. */
  url?: string;
}

/** Who wrote an outbound message: the AI, an agent, or the shop's handoff words. */
export type OutboundKind = 'reply' | 'agent' | 'handoff_notice';

/** One message to the shopper, channel-neutral. */
export interface OutboundMessage {
  messageId: string;
  kind: OutboundKind;
  text: string;
  /** Options the text lists as "1. …" lines (two to six), offered as buttons where a channel has them. */
  quickReplies: string[];
  products: ProductCard[];
}

/** The options a reply lists as numbered lines ("1. 尺码" / "2、面料"): two to six, else none. */
export function numberedOptions(text: string): string[] {
  const options = [...text.matchAll(/^\s*(\d{1,2})\s*[.、)）]\s*(.+?)\s*$/gm)].map((m) => m[2] ?? '').filter(Boolean);
  return options.length >= 2 ? options.slice(0, 6) : [];
}

/** A product's card from the catalog; `productUrl` is the shop's template with `{product}` for the id. */
export function productCard(p: Product, productUrl: string | undefined): ProductCard {
  const countless = p.variants.length > 0 && p.variants.every((v) => v.countless);
  const stock = p.variants.reduce((n, v) => n + Math.max(0, v.stock), 0);
  const card: ProductCard = { id: p.id, name: p.name, price: formatPriceRange(p.variants.length ? p.variants.map((v) => v.priceMinor) : [p.priceMinor]), stock: countless ? null : stock, inStock: stock > 0 };
  if (productUrl) card.url = productUrl.replace(/\{product\}|%7Bproduct%7D/gi, () => encodeURIComponent(p.id));
  return card;
}

/** At most this many cards go with one message (a list of ten products is shown as its text). */
const MAX_CARDS = 3;

/**
 * The channel-neutral form of a stored outbound message: the kind from its trace, the products its
 * trace names (looked up in the catalog; unknown ids are dropped), and the quick replies its text lists.
 */
export function outboundMessage(m: MessageRecord, product: (id: string) => Product | undefined, productUrl: string | undefined): OutboundMessage {
  const t = m.trace;
  const kind: OutboundKind = t?.source === 'agent' ? 'agent' : t?.source === 'handoff' || t?.handoff ? 'handoff_notice' : 'reply';
  const ids = t?.source === 'product' || t?.source === 'catalog' || t?.source === 'llm' || t?.source === 'flow' ? [...new Set([...(t.productId ? [t.productId] : []), ...(t.productIds ?? [])])] : [];
  const products = ids
    .map(product)
    .filter((p): p is Product => p !== undefined)
    .slice(0, MAX_CARDS)
    .map((p) => productCard(p, productUrl));
  return { messageId: m.id, kind, text: m.text, quickReplies: numberedOptions(m.text), products };
}

/** The words a stock count reads as, in the shop's language. */
function stockWords(card: ProductCard, language: string): string {
  if (!card.inStock) return language === 'en' ? 'out of stock' : '暂时缺货';
  if (card.stock === null) return language === 'en' ? 'in stock' : '有货';
  return language === 'en' ? `${card.stock} in stock` : `库存${card.stock}件`;
}

/**
 * The message as plain text for a channel without cards or buttons: the text, then one line per
 * card (name, price, stock, link). Quick replies are already in the text as its numbered lines.
 */
export function plainText(m: OutboundMessage, language: string): string {
  const lines = m.products
    .filter((c) => !m.text.includes(c.url ?? '\u0000'))
    .map((c) => {
      const facts = [c.name, c.price, stockWords(c, language)].join(language === 'en' ? ' · ' : '｜');
      return c.url ? `${facts}\n${c.url}` : facts;
    });
  if (lines.length === 0) return m.text;
  const header = language === 'en' ? 'Products:' : '相关商品：';
  return `${m.text}\n\n${header}\n${lines.join('\n')}`;
}
