// The demo shop's product page (`?shop=` and `?product=` choose another shop and product), with
// Xiaoer's chat put on it exactly as on any storefront: the one-line `/widget.js` script. The page
// itself only shows the shop's product from the catalog over HTTP; the chat is the widget's.
// Text is always inserted as text, never as HTML.
import type { ProductResponse, ShopResponse } from '../../../src/contracts/shops.js';
import { DEFAULT_WIDGET_SHOP } from '../../../src/contracts/widget.js';
import { STRINGS, type Lang } from './i18n.js';
import { el } from '../../shared/dom.js';

const params = new URLSearchParams(location.search);
const shopId = params.get('shop') ?? DEFAULT_WIDGET_SHOP;
/** The product the page shows: `?product=`, else the shop's first product once the shop is loaded. */
let productId: string | undefined = params.get('product') ?? undefined;

/**
 * What the page hands the widget besides its shop and product: who the shopper is (`?identity=`: a
 * token from the shop's site; `?customer=`: a bare customer id, for shops that trust one, as the
 * demo shop does) and `?debug=1`, which shows each reply's trace (依据 …) as staff would see it.
 */
const widgetData = (): Record<string, string> => {
  const data: Record<string, string> = {};
  const identity = params.get('identity');
  const customer = params.get('customer');
  if (identity) data['identity'] = identity;
  else if (customer) data['customer'] = customer;
  if (params.get('debug') === '1') data['debug'] = 'true';
  return data;
};

let lang: Lang = safeGet('xiaoer:lang') === 'en' ? 'en' : 'zh';
const t = () => STRINGS[lang];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

let shopName: string | undefined;
let product: ProductResponse | undefined;
/** What the page says in place of the product (the shop or the product does not exist). */
let notice: { key: 'shopNotFound' | 'productNotFound'; id: string } | undefined;

function applyLang(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((n) => {
    const key = n.dataset['i18n'] as keyof ReturnType<typeof t>;
    const v = t()[key];
    if (typeof v === 'string') n.textContent = v;
  });
  $('lang-toggle').textContent = t().toggle;
  document.title = shopName ? `${shopName} · ${t().pageTitle}` : t().pageTitle;
  if (product) renderProduct(product);
  else if (notice) renderNotice(t()[notice.key].replace('{id}', notice.id));
}

function renderProduct(p: ProductResponse): void {
  const box = $('product');
  box.replaceChildren();
  box.append(el('p', 'category', p.category), el('h1', 'name', p.name), el('p', 'desc', p.description));
  const prices = p.variants.map((v) => Number(v.price));
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  box.append(el('p', 'price', `${t().price} ¥${lo === hi ? lo : `${lo}–${hi}`}`));
  const facts = el('dl', 'facts');
  if (p.material) facts.append(el('dt', '', t().material), el('dd', '', p.material));
  // The shop's own attributes, under the shop's own names (保质期, 功率…).
  for (const f of p.facts) facts.append(el('dt', '', f.name), el('dd', '', f.value));
  if (p.suitableFor.length) facts.append(el('dt', '', t().suitable), el('dd', '', p.suitableFor.join('、')));
  box.append(facts);
  const chips = el('ul', 'features');
  p.features.forEach((f) => chips.append(el('li', '', f)));
  box.append(chips);
  const table = el('table', 'variants');
  for (const v of p.variants) {
    const row = el('tr');
    row.append(el('td', '', Object.values(v.options).join(' / ')), el('td', '', `¥${v.price}`), el('td', v.stock === 0 ? 'sold-out' : '', v.stock === 0 ? t().soldOut : `${t().stock} ${v.stock}`));
    table.append(row);
  }
  box.append(table);
}

/** A notice where the product would be: the shop or the product asked for does not exist. */
function renderNotice(text: string): void {
  $('product').replaceChildren(el('p', 'notice', text));
}

/**
 * Loads the shop and the page's product. An unknown shop is said on the page and gets no chat; an
 * unknown product is said too, and the chat comes without a page product. Returns whether the
 * shop exists.
 */
async function loadPage(): Promise<boolean> {
  const shopRes = await fetch(`/api/v1/shops/${encodeURIComponent(shopId)}`);
  if (!shopRes.ok) {
    notice = { key: 'shopNotFound', id: shopId };
    applyLang();
    return false;
  }
  const shop = (await shopRes.json()) as ShopResponse;
  shopName = shop.name;
  $('shop-name').textContent = shop.name;
  productId ??= shop.products[0]?.id;
  const list = $('product-list');
  for (const p of shop.products.slice(0, 40)) {
    const li = el('li');
    const a = el('a', p.id.toLowerCase() === productId?.toLowerCase() ? 'current' : '', p.name);
    a.href = `?shop=${encodeURIComponent(shopId)}&product=${encodeURIComponent(p.id)}`;
    li.append(a, el('span', 'muted', ` ¥${p.priceMin}`));
    list.append(li);
  }
  if (productId) {
    const productRes = await fetch(`/api/v1/shops/${encodeURIComponent(shopId)}/products/${encodeURIComponent(productId)}`);
    if (productRes.ok) {
      product = (await productRes.json()) as ProductResponse;
      // `?product=af501` finds AF501: from here on the page uses the shop's spelling.
      productId = product.id;
    } else {
      notice = { key: 'productNotFound', id: productId };
      productId = undefined;
    }
  }
  applyLang();
  return true;
}

/** The chat: the same one-line script a storefront includes, for the page's shop and product. */
function addWidget(): void {
  const script = document.createElement('script');
  script.src = '/widget.js';
  script.async = true;
  script.dataset['shop'] = shopId;
  if (productId) script.dataset['product'] = productId;
  Object.assign(script.dataset, widgetData());
  document.body.append(script);
}

$('lang-toggle').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  try {
    // The widget reads the same key: it opens in this language on the next page.
    localStorage.setItem('xiaoer:lang', lang);
  } catch {
    // Storage refused (private mode): the choice lasts for this page.
  }
  applyLang();
});

applyLang();
void loadPage().then(
  (shopFound) => {
    if (shopFound) addWidget();
  },
  () => undefined,
);
