// The embeddable widget's chat (widget-chat-<hash>.js), loaded by widget.js on first open. It talks
// to the server at widget.js's origin: Socket.IO for the conversation (start, resume, send,
// message:new; socket.io reconnects with back-off by itself), HTTP for the product card, the rating
// and the handoff. Everything renders inside the loader's shadow root; text is always inserted as
// text, never as HTML.
import { io } from 'socket.io-client';
import type { Ack, CreateConversationResponse, HandoffResponse, MessageDto, PostMessageResponse } from '../../../src/contracts/conversations.js';
import type { ProductResponse } from '../../../src/contracts/shops.js';
import { STRINGS, type Lang } from './i18n.js';
import { CHAT_CSS } from './chat-style.js';
import type { EmbedChat, EmbedHost } from './host.js';
import { numberedOptions } from './options.js';
import { el } from '../../shared/dom.js';

type Trace = MessageDto['trace'];
type Held = { id: string; token: string };
type Pending = { clientMessageId: string; text: string; li: HTMLLIElement };

/** Quiet this long after an answer: the conversation has ended, so the rating is asked (as on the chat page). */
const RATE_AFTER_IDLE_MS = 120_000;
/** Errors after which sending the same message again will do. */
const RETRYABLE = new Set(['XIAOER_DRAINING', 'XIAOER_STORE_UNAVAILABLE']);

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

const store = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(key, value);
    } catch {
      // Storage refused: the conversation lasts for this page.
    }
  },
  remove(key: string): void {
    try {
      localStorage.removeItem(key);
    } catch {
      // As above.
    }
  },
};

function mount(host: EmbedHost): EmbedChat {
  const { base, shop, debug } = host;
  let lang: Lang = host.lang;
  const t = () => STRINGS[lang];
  let productId = host.productId;
  let identity = host.identity;
  const api = (path: string) => `${base}/api/v1${path}`;

  /** Conversations are kept per shop and per customer: on a shared browser one shopper never resumes another's. */
  const customer = host.customer;
  const who = () => (identity ? `customer:${tokenSubject(identity) ?? 'unknown'}` : customer ? `customer:${customer}` : 'visitor');
  const storageKey = () => `xiaoer:embed:v1:${shop}:${who()}`;
  const readHeld = (): Held | undefined => {
    try {
      const v = JSON.parse(store.get(storageKey()) ?? 'null') as Partial<Held> | null;
      return v && typeof v.id === 'string' && typeof v.token === 'string' ? { id: v.id, token: v.token } : undefined;
    } catch {
      return undefined;
    }
  };

  // ---------- the panel's body ----------
  const style = el('style');
  style.textContent = CHAT_CSS;
  host.root.append(style);
  const card = el('section', 'card');
  card.hidden = true;
  const messagesEl = el('ol', 'messages');
  messagesEl.setAttribute('aria-live', 'polite');
  const quick = el('div', 'quick');
  quick.hidden = true;
  quick.setAttribute('role', 'group');
  const form = el('form', 'composer');
  const input = el('input');
  input.name = 'text';
  input.autocomplete = 'off';
  input.maxLength = 1000;
  const human = el('button', 'human');
  human.type = 'button';
  const sendButton = el('button', 'send');
  sendButton.type = 'submit';
  form.append(input, human, sendButton);
  host.body.append(card, messagesEl, quick, form);

  let product: ProductResponse | undefined;
  let unread = 0;
  let state: 'connecting' | 'online' | 'reconnecting' | 'unavailable' = 'connecting';
  let everConnected = false;

  function renderStatic(): void {
    const s = t();
    input.placeholder = s.placeholder;
    input.setAttribute('aria-label', s.inputLabel);
    human.textContent = s.human;
    sendButton.textContent = s.send;
    quick.setAttribute('aria-label', s.quickReplies);
    renderStatus();
    renderCard();
  }
  function renderStatus(): void {
    const s = t();
    host.setStatus(s[state], state === 'online' ? 'online' : state === 'unavailable' ? 'error' : 'offline');
  }

  // ---------- the product card: data from the catalog, never text from a reply ----------
  async function loadProduct(): Promise<void> {
    product = undefined;
    if (productId) {
      const r = await fetch(api(`/shops/${encodeURIComponent(shop)}/products/${encodeURIComponent(productId)}`)).catch(() => undefined);
      if (r?.ok) {
        product = (await r.json()) as ProductResponse;
        productId = product.id;
      }
    }
    renderCard();
  }
  function renderCard(): void {
    card.hidden = !product;
    if (!product) return;
    const s = t();
    const prices = product.variants.map((v) => Number(v.price));
    const lo = Math.min(...prices);
    const hi = Math.max(...prices);
    const stock = product.variants.reduce((n, v) => n + v.stock, 0);
    const meta = el('div', 'meta');
    meta.append(el('span', 'price', `${s.price} ¥${lo === hi ? lo : `${lo}–${hi}`}`), el('span', stock ? 'stock' : 'stock out', stock ? `${s.stock} ${stock}` : s.soldOut));
    card.setAttribute('aria-label', s.productCard);
    card.replaceChildren(el('span', 'label', s.productCard), el('span', 'name', product.name), meta);
  }
  const pagePayload = () => (productId && product ? { page: { productId } } : {});

  // ---------- messages ----------
  function traceLine(tr: NonNullable<Trace>): string {
    const flow = tr['flow'] as { id?: unknown; step?: unknown } | undefined;
    const what = [tr['faqId'], tr['productId'], flow ? `${String(flow.id)}/${String(flow.step)}` : undefined].filter((x): x is string => typeof x === 'string');
    return `${t().source}：${tr.source}${what.length ? ' · ' + what.join(' · ') : ''}`;
  }
  /** Messages shown, by id: a reply can arrive twice (an HTTP answer and the conversation's message:new). */
  const shown = new Set<string>();
  function addMessage(direction: 'in' | 'out', text: string, trace?: Trace, options: { history?: boolean; id?: string } = {}): HTMLLIElement | undefined {
    if (options.id) {
      if (shown.has(options.id)) return undefined;
      shown.add(options.id);
    }
    const li = el('li', direction === 'in' ? 'msg me' : 'msg bot');
    li.append(el('div', 'bubble', text));
    // Shoppers never see where an answer came from, unless the storefront asks for it (data-debug="true").
    if (debug && direction === 'out' && trace) li.append(el('div', 'trace', traceLine(trace)));
    messagesEl.append(li);
    messagesEl.scrollTop = messagesEl.scrollHeight;
    if (direction === 'out' && !options.history) {
      offerOptions(text);
      if (!host.isOpen()) host.setUnread(++unread);
    }
    return li;
  }
  function offerOptions(text: string): void {
    const options = numberedOptions(text);
    quick.replaceChildren(
      ...options.map((o) => {
        const b = el('button', '', o);
        b.type = 'button';
        b.addEventListener('click', () => sendText(o));
        return b;
      }),
    );
    quick.hidden = options.length === 0;
  }

  // ---------- the conversation over Socket.IO ----------
  let held = readHeld();
  const pending = new Map<string, Pending>();
  // The shop in the handshake: a socket from the storefront's origin is admitted for that shop only.
  const socket = io(base, { path: '/socket.io', transports: ['websocket', 'polling'], query: { shop } });
  const emit = <T>(event: string, payload: unknown): Promise<Ack<T>> =>
    new Promise((resolve) => socket.timeout(15_000).emit(event, payload, (err: Error | null, ack: Ack<T>) => resolve(err ? { ok: false, error: { code: 'XIAOER_TIMEOUT', message: err.message } } : ack)));

  async function ensureConversation(): Promise<void> {
    await productLoaded;
    if (held) {
      const r = await emit<{ messages: MessageDto[] }>('conversation:resume', { id: held.id, token: held.token });
      if (r.ok) {
        messagesEl.replaceChildren();
        shown.clear();
        r.data.messages.forEach((m) => addMessage(m.direction, m.text, m.trace, { history: true, id: m.id }));
        // Messages still on their way (sent while disconnected) stay below the history.
        pending.forEach((p) => messagesEl.append(p.li));
        return;
      }
      // Only a refusal of the token forgets the conversation; a timeout keeps it for the next try.
      if (r.error.code !== 'XIAOER_CONVERSATION_ACCESS_DENIED' && r.error.code !== 'XIAOER_CONVERSATION_TOKEN_REQUIRED') return;
      store.remove(storageKey());
      held = undefined;
    }
    const r = await emit<CreateConversationResponse>('conversation:start', {
      shop,
      ...pagePayload(),
      ...(identity ? { identity: { token: identity } } : customer ? { customer: { id: customer } } : {}),
    });
    if (r.ok) {
      held = { id: r.data.id, token: r.data.token };
      store.set(storageKey(), JSON.stringify(held));
      messagesEl.replaceChildren();
      addMessage('out', r.data.greeting.text, r.data.greeting.trace, { history: true });
    } else {
      state = 'unavailable';
      renderStatus();
    }
  }

  async function deliver(p: Pending): Promise<void> {
    if (!held || !socket.connected) return;
    const r = await emit<PostMessageResponse>('message:send', { conversationId: held.id, token: held.token, text: p.text, clientMessageId: p.clientMessageId, ...pagePayload() });
    if (r.ok) {
      pending.delete(p.clientMessageId);
      p.li.querySelector('.state')?.remove();
      r.data.replies.forEach((reply) => addMessage('out', reply.text, reply.trace, { id: reply.id }));
      afterAnswer(r.data.replies.at(-1)?.trace);
      if (r.data.queued) p.li.append(el('div', 'state', r.data.queued.notice));
    } else if (RETRYABLE.has(r.error.code)) {
      setTimeout(() => void deliver(p), Math.min(5, r.error.retryAfterSeconds ?? 1) * 1000);
    } else if (r.error.code !== 'XIAOER_TIMEOUT') {
      pending.delete(p.clientMessageId);
      p.li.classList.add('failed');
      p.li.querySelector('.state')?.replaceWith(el('div', 'state', `${t().failed}${r.error.message}`));
    }
  }

  socket.on('connect', () => {
    everConnected = true;
    state = 'online';
    renderStatus();
    void ensureConversation().then(() => pending.forEach((p) => void deliver(p)));
  });
  socket.on('disconnect', () => {
    state = 'reconnecting';
    renderStatus();
  });
  // Refused (a site the shop does not list) or unreachable: said in the header; socket.io keeps trying with back-off.
  socket.on('connect_error', () => {
    state = everConnected ? 'reconnecting' : 'unavailable';
    renderStatus();
  });
  // An agent closed the conversation: the end, so the rating is asked now.
  socket.on('conversation:closed', (payload: { conversationId?: string }) => {
    if (payload.conversationId !== held?.id) return;
    clearTimeout(idleTimer);
    askRating();
    if (!host.isOpen()) host.setUnread(++unread);
  });
  socket.on('message:new', (payload: { messages: MessageDto[] }) => {
    payload.messages.forEach((m) => addMessage(m.direction, m.text, m.trace, { id: m.id }));
    const last = payload.messages.at(-1);
    if (last?.direction === 'out') afterAnswer(last.trace);
  });

  function newId(): string {
    return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  }
  function sendText(text: string): void {
    shopperWrote = true;
    clearTimeout(idleTimer);
    quick.hidden = true;
    const li = addMessage('in', text) as HTMLLIElement;
    li.append(el('div', 'state', t().sending));
    const p = { clientMessageId: newId(), text, li };
    pending.set(p.clientMessageId, p);
    void deliver(p);
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    sendText(text);
  });

  // ---------- 转人工: the handoff endpoint with the conversation's token ----------
  human.addEventListener('click', () => void handoff());
  // Busy rather than disabled: a disabled button would drop the focus (and Esc with it) to the page.
  let handingOff = false;
  async function handoff(): Promise<void> {
    if (!held || handingOff) return;
    handingOff = true;
    human.setAttribute('aria-busy', 'true');
    try {
      const r = await fetch(api(`/conversations/${encodeURIComponent(held.id)}/handoff`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${held.token}` },
        body: '{}',
      }).catch(() => undefined);
      if (r?.ok) {
        const body = (await r.json()) as HandoffResponse;
        body.replies.forEach((reply) => addMessage('out', reply.text, reply.trace, { id: reply.id }));
      } else if (r?.status === 404 && ((await r.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code !== 'XIAOER_CONVERSATION_ACCESS_DENIED') {
        // A server without the handoff endpoint: the shop's words for "a person, please", as the chat page sends them.
        sendText(t().humanWords);
      } else {
        addMessage('out', t().handoffFailed);
      }
    } finally {
      handingOff = false;
      human.removeAttribute('aria-busy');
    }
  }

  // ---------- the rating (CSAT), asked once at the end, as on the chat page ----------
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let shopperWrote = false;
  const ratedKey = () => `xiaoer:rated:${held?.id ?? ''}`;
  function askRating(): void {
    if (!held || store.get(ratedKey()) || messagesEl.querySelector('.rating')) return;
    store.set(ratedKey(), 'asked');
    const li = el('li', 'rating');
    li.append(el('div', 'rating-q', t().rateQuestion));
    const stars = el('div', 'stars');
    for (let score = 1; score <= 5; score++) {
      const b = el('button', 'star', '★');
      b.type = 'button';
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
    const r = await fetch(api(`/conversations/${encodeURIComponent(held.id)}/rating`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${held.token}` },
      body: JSON.stringify({ score }),
    }).catch(() => undefined);
    const ok = r !== undefined && (r.ok || r.status === 409);
    if (ok) store.set(ratedKey(), 'rated');
    li.replaceChildren(el('div', 'rating-q', ok ? t().rateThanks : t().rateFailed));
  }
  /** After every answer: a thanks ends the conversation now; otherwise a quiet spell does (an agent's close: conversation:closed). */
  function afterAnswer(trace: Trace | undefined): void {
    clearTimeout(idleTimer);
    if (!shopperWrote) return;
    if (trace?.['rule'] === 'thanks') askRating();
    else idleTimer = setTimeout(askRating, RATE_AFTER_IDLE_MS);
  }

  const productLoaded = loadProduct();
  renderStatic();

  return {
    opened() {
      unread = 0;
      host.setUnread(0);
      input.focus();
    },
    setLang(next) {
      lang = next;
      renderStatic();
    },
    setPage(next) {
      productId = next;
      void loadProduct();
    },
    identify(token) {
      identity = token;
      if (!held) return;
      // The visitor's conversation becomes the customer's: kept under the customer's key from now on.
      void fetch(api(`/conversations/${encodeURIComponent(held.id)}/identify`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${held.token}` },
        body: JSON.stringify({ token }),
      }).then((r) => {
        if (r.ok && held) store.set(storageKey(), JSON.stringify(held));
      }, () => undefined);
    },
  };
}

window.__xiaoerMountChat = mount;
