// A shop's product page with its chat widget (the demo shop's by default; `?shop=` and `?product=`
// choose another). Talks to the server over HTTP (shop and product
// data) and Socket.IO (the conversation). Text is always inserted as text, never as HTML.
import { io } from 'socket.io-client';
import type { Ack, CreateConversationResponse, MessageDto, PostMessageResponse } from '../../../src/contracts/conversations.js';
import type { ProductResponse, ShopResponse } from '../../../src/contracts/shops.js';
import { DEFAULT_WIDGET_SHOP } from '../../../src/contracts/widget.js';
import { STRINGS, type Lang } from './i18n.js';

const params = new URLSearchParams(location.search);
const shopId = params.get('shop') ?? DEFAULT_WIDGET_SHOP;
/** The product the page shows: `?product=`, else the shop's first product once the shop is loaded. */
let productId: string | undefined = params.get('product') ?? undefined;
/** The shop's customer to chat as (demo: ?customer=c1001); absent for an anonymous visitor. */
const customerId = params.get('customer');
/** A token from the shop's site saying who the shopper is (shops with `identity` in shop.yaml). */
const identityToken = params.get('identity');
/**
 * `?embed=1`: the page shows the embeddable widget (/widget.js, the one script a storefront includes)
 * in place of its own chat, for the page's shop and product.
 */
const embedMode = params.get('embed') === '1';

/** The customer an identity token names (its `sub`), read only to key storage: the server verifies it. */
function tokenSubject(token: string): string | undefined {
  try {
    const body = token.split('.')[1] ?? '';
    const claims = JSON.parse(atob(body.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

/** Conversations are kept per shop and per customer: on a shared browser one shopper never resumes another's. */
const who = customerId ? `customer:${customerId}` : identityToken ? `customer:${tokenSubject(identityToken) ?? 'unknown'}` : 'visitor';
const storageKey = `xiaoer:conversation:v2:${shopId}:${who}`;

/** The conversation this browser holds: its id and the access token that opens it. */
type Held = { id: string; token: string };
function readHeld(): Held | undefined {
  try {
    const v = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Partial<Held> | null;
    return v && typeof v.id === 'string' && typeof v.token === 'string' ? { id: v.id, token: v.token } : undefined;
  } catch {
    return undefined;
  }
}

let lang: Lang = localStorage.getItem('xiaoer:lang') === 'en' ? 'en' : 'zh';
const t = () => STRINGS[lang];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const messagesEl = $<HTMLOListElement>('messages');
const input = $<HTMLInputElement>('input');
const statusEl = $<HTMLSpanElement>('status');

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function applyLang(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((n) => {
    const key = n.dataset['i18n'] as keyof ReturnType<typeof t>;
    const v = t()[key];
    if (typeof v === 'string') n.textContent = v;
  });
  input.placeholder = t().placeholder;
  $('lang-toggle').textContent = t().toggle;
  renderStatus();
  if (product) renderProduct(product);
}

// ---------- product page ----------
let product: ProductResponse | undefined;

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
  const box = $('product');
  box.replaceChildren(el('p', 'notice', text));
}

let shopMissing = false;
let productMissing = false;

/**
 * Loads the shop and the page's product. An unknown shop is said on the page (and no chat starts);
 * an unknown product is said too, and the chat starts without a page product.
 */
async function loadPage(): Promise<void> {
  const shopRes = await fetch(`/api/v1/shops/${encodeURIComponent(shopId)}`);
  if (!shopRes.ok) {
    shopMissing = true;
    renderNotice(t().shopNotFound.replace('{id}', shopId));
    renderStatus();
    return;
  }
  const shop = (await shopRes.json()) as ShopResponse;
  $('shop-name').textContent = shop.name;
  document.title = `${shop.name} · ${t().chatTitle}`;
  productId ??= shop.products[0]?.id;
  const list = $('product-list');
  for (const p of shop.products.slice(0, 40)) {
    const li = el('li');
    const a = el('a', p.id.toLowerCase() === productId?.toLowerCase() ? 'current' : '', p.name);
    a.href = `?shop=${encodeURIComponent(shopId)}&product=${encodeURIComponent(p.id)}`;
    li.append(a, el('span', 'muted', ` ¥${p.priceMin}`));
    list.append(li);
  }
  if (!productId) return;
  const productRes = await fetch(`/api/v1/shops/${encodeURIComponent(shopId)}/products/${encodeURIComponent(productId)}`);
  if (productRes.ok) {
    product = (await productRes.json()) as ProductResponse;
    // `?product=af501` finds AF501: from here on the page uses the shop's spelling.
    productId = product.id;
    renderProduct(product);
  } else {
    productMissing = true;
    renderNotice(t().productNotFound.replace('{id}', productId));
  }
}
/** Resolves once the page knows its shop and product: the conversation starts on that page. */
const pageLoaded = loadPage().catch(() => undefined);

if (embedMode) {
  $('chat').style.display = 'none';
  void pageLoaded.then(() => {
    if (shopMissing) return;
    const script = document.createElement('script');
    script.src = '/widget.js';
    script.async = true;
    script.dataset['shop'] = shopId;
    if (productId && !productMissing) script.dataset['product'] = productId;
    document.body.append(script);
  });
}

// ---------- chat ----------
type Pending = { clientMessageId: string; text: string; li: HTMLLIElement };
const pending = new Map<string, Pending>();
let held: Held | undefined = readHeld();
let conversationId: string | undefined = held?.id;
let connected = false;

const socket = io({ path: '/socket.io', transports: ['websocket', 'polling'], autoConnect: !embedMode });

function renderStatus(): void {
  if (shopMissing) {
    statusEl.textContent = t().unavailable;
    statusEl.dataset['state'] = 'offline';
    return;
  }
  statusEl.textContent = connected ? t().online : conversationId ? t().offline : t().connecting;
  statusEl.dataset['state'] = connected ? 'online' : 'offline';
}

function traceLine(m: MessageDto | { trace: MessageDto['trace'] }): string {
  const tr = m.trace;
  if (!tr) return '';
  const src = (t().sources as Record<string, string>)[tr.source] ?? tr.source;
  const flow = tr['flow'] as { id?: unknown; step?: unknown } | undefined;
  const what = [tr['faqId'], tr['productId'], flow ? `${String(flow.id)}/${String(flow.step)}` : undefined].filter((x): x is string => typeof x === 'string');
  const conf = typeof tr['confidence'] === 'number' ? ` · ${(tr['confidence'] as number).toFixed(2)}` : '';
  return `${t().source}：${src}${what.length ? ' · ' + what.join(' · ') : ''}${conf}`;
}

function addMessage(direction: 'in' | 'out', text: string, trace?: MessageDto['trace']): HTMLLIElement {
  const li = el('li', direction === 'in' ? 'msg me' : 'msg bot');
  li.append(el('div', 'bubble', text));
  if (direction === 'out' && trace) li.append(el('div', 'trace', traceLine({ trace })));
  messagesEl.append(li);
  messagesEl.scrollTop = messagesEl.scrollHeight;
  return li;
}

// ---------- the rating (CSAT), asked once at the end ----------
/** Quiet this long after an answer: the conversation has ended, so the rating is asked. */
const RATE_AFTER_IDLE_MS = 120_000;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let shopperWrote = false;
const ratedKey = () => `xiaoer:rated:${conversationId ?? ''}`;

/** Shows the 1–5 rating under the messages, once per conversation (asked, answered or dismissed). */
function askRating(): void {
  if (!held || localStorage.getItem(ratedKey()) || messagesEl.querySelector('.rating')) return;
  localStorage.setItem(ratedKey(), 'asked');
  const li = el('li', 'rating');
  li.append(el('div', 'rating-q', t().rateQuestion));
  const stars = el('div', 'stars');
  for (let score = 1; score <= 5; score++) {
    const b = el('button', 'star', '★');
    b.type = 'button';
    b.title = `${score}`;
    b.setAttribute('aria-label', t().rateStar.replace('{n}', String(score)));
    b.addEventListener('click', () => void rate(li, score));
    stars.append(b);
  }
  li.append(stars);
  messagesEl.append(li);
  messagesEl.scrollTop = messagesEl.scrollHeight;
}

async function rate(li: HTMLLIElement, score: number): Promise<void> {
  if (!held) return;
  li.querySelectorAll('button').forEach((b) => (b.disabled = true));
  const r = await fetch(`/api/v1/conversations/${encodeURIComponent(held.id)}/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${held.token}` },
    body: JSON.stringify({ score }),
  }).catch(() => undefined);
  // 409: rated already (another tab) — thanked all the same.
  const ok = r !== undefined && (r.ok || r.status === 409);
  if (ok) localStorage.setItem(ratedKey(), 'rated');
  li.replaceChildren(el('div', 'rating-q', ok ? t().rateThanks : t().rateFailed));
}

/** After every answer: a thanks ends the conversation now; otherwise a quiet spell does. */
function afterAnswer(trace: MessageDto['trace'] | undefined): void {
  clearTimeout(idleTimer);
  if (!shopperWrote) return;
  if (trace?.['rule'] === 'thanks') askRating();
  else idleTimer = setTimeout(askRating, RATE_AFTER_IDLE_MS);
}

function newId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function emit<T>(event: string, payload: unknown): Promise<Ack<T>> {
  return new Promise((resolve) => socket.timeout(15_000).emit(event, payload, (err: Error | null, ack: Ack<T>) => resolve(err ? { ok: false, error: { code: 'XIAOER_TIMEOUT', message: err.message } } : ack)));
}

/** The product page the conversation is about, when the page shows one. */
const pagePayload = () => (productId && !productMissing ? { page: { productId } } : {});

async function ensureConversation(): Promise<void> {
  await pageLoaded;
  if (shopMissing) return;
  if (held) {
    const r = await emit<{ messages: MessageDto[] }>('conversation:resume', { id: held.id, token: held.token });
    if (r.ok) {
      messagesEl.replaceChildren();
      r.data.messages.forEach((m) => addMessage(m.direction, m.text, m.trace));
      return;
    }
    // Only a refusal of the token forgets the conversation (not this shopper's, or from before
    // tokens); a timeout or a server hiccup keeps it for the next try.
    if (r.error.code !== 'XIAOER_CONVERSATION_ACCESS_DENIED' && r.error.code !== 'XIAOER_CONVERSATION_TOKEN_REQUIRED') return;
    localStorage.removeItem(storageKey);
    held = undefined;
    conversationId = undefined;
  }
  const r = await emit<CreateConversationResponse>('conversation:start', {
    shop: shopId,
    ...pagePayload(),
    ...(customerId ? { customer: { id: customerId } } : {}),
    ...(identityToken ? { identity: { token: identityToken } } : {}),
  });
  if (r.ok) {
    held = { id: r.data.id, token: r.data.token };
    conversationId = held.id;
    localStorage.setItem(storageKey, JSON.stringify(held));
    messagesEl.replaceChildren();
    addMessage('out', r.data.greeting.text, r.data.greeting.trace);
  }
}

/** Errors after which sending the same message again will do. */
const RETRYABLE = new Set(['XIAOER_DRAINING', 'XIAOER_STORE_UNAVAILABLE']);

async function deliver(p: Pending): Promise<void> {
  if (!held || !connected) return;
  const r = await emit<PostMessageResponse>('message:send', { conversationId: held.id, token: held.token, text: p.text, clientMessageId: p.clientMessageId, ...pagePayload() });
  if (r.ok) {
    pending.delete(p.clientMessageId);
    p.li.classList.remove('pending');
    p.li.querySelector('.state')?.remove();
    r.data.replies.forEach((reply) => addMessage('out', reply.text, reply.trace));
    afterAnswer(r.data.replies.at(-1)?.trace);
    // Busy: the message is received and in line; the answer arrives as message:new.
    if (r.data.queued) p.li.append(el('div', 'state', r.data.queued.notice));
  } else if (RETRYABLE.has(r.error.code)) {
    // This node is shutting down or its database is away for a moment: the same id again, soon (another node may answer).
    setTimeout(() => void deliver(p), Math.min(5, r.error.retryAfterSeconds ?? 1) * 1000);
  } else if (r.error.code !== 'XIAOER_TIMEOUT') {
    pending.delete(p.clientMessageId);
    p.li.classList.add('failed');
    p.li.querySelector('.state')?.replaceWith(el('div', 'state', `${t().failed}${r.error.message}`));
  }
  // A timeout keeps the message pending: it is resent with the same id on reconnect.
}

socket.on('connect', () => {
  connected = true;
  renderStatus();
  void ensureConversation().then(() => pending.forEach((p) => void deliver(p)));
});
socket.on('disconnect', () => {
  connected = false;
  renderStatus();
});
socket.on('message:new', (payload: { messages: MessageDto[] }) => {
  payload.messages.forEach((m) => addMessage(m.direction, m.text, m.trace));
  const last = payload.messages.at(-1);
  if (last?.direction === 'out') afterAnswer(last.trace);
});

function sendText(text: string): void {
  shopperWrote = true;
  clearTimeout(idleTimer);
  const li = addMessage('in', text);
  li.classList.add('pending');
  li.append(el('div', 'state', t().sending));
  const p = { clientMessageId: newId(), text, li };
  pending.set(p.clientMessageId, p);
  void deliver(p);
}

$<HTMLFormElement>('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  sendText(text);
});
// The shop's words for "a person, please" (its human-agent flow and handoff rules listen for them).
$('human').addEventListener('click', () => sendText('转人工'));

$('chat-toggle').addEventListener('click', () => $('chat').classList.toggle('minimised'));
$('lang-toggle').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('xiaoer:lang', lang);
  applyLang();
});

applyLang();
