// widget.js: the one script a storefront includes —
//   <script src="https://<xiaoer>/widget.js" data-shop="<shop>" data-product="<id>" async></script>
// It draws a launcher and an empty panel inside a Shadow DOM and loads the chat (widget-chat-<hash>.js,
// from the same origin) on first open, or at once when this browser already holds a conversation with
// the shop, so its replies count as unread. It stays tiny: no framework, no socket, no chat logic.
// Page API: window.Xiaoer.open(), .close(), .identify(token), .setPage({ productId }).
import { STRINGS, type Lang } from './i18n.js';
import { LOADER_CSS } from './loader-style.js';
import type { EmbedChat, EmbedHost } from './host.js';
import { el } from '../../shared/dom.js';

/** The chat chunk's file name with its content hash, filled in at build time. */
declare const __XIAOER_CHAT_FILE__: string;

const script = document.currentScript as HTMLScriptElement | null;

function boot(script: HTMLScriptElement): void {
  const data = script.dataset;
  const shop = data['shop'];
  if (!shop) {
    console.warn('[xiaoer] widget.js needs data-shop="<shop id>"');
    return;
  }
  const base = new URL(script.src, location.href).origin;
  const stored = safeGet('xiaoer:lang');
  let lang: Lang = data['lang'] === 'en' || data['lang'] === 'zh' ? data['lang'] : stored === 'en' || stored === 'zh' ? stored : 'zh';
  const t = () => STRINGS[lang];

  const host = document.createElement('div');
  host.setAttribute('data-xiaoer-widget', shop);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = LOADER_CSS;

  const launcher = el('button', 'launcher');
  launcher.type = 'button';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'xiaoer-panel');
  // A speech bubble (drawn, so no font or image is fetched).
  launcher.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 3C6.5 3 2 6.6 2 11c0 2.4 1.3 4.5 3.4 6L4.5 21l4.3-2.3c1 .3 2.1.4 3.2.4 5.5 0 10-3.6 10-8s-4.5-8-10-8z"/></svg>';
  const badge = el('span', 'badge');
  badge.hidden = true;
  badge.setAttribute('aria-hidden', 'true');
  launcher.append(badge);

  const panel = el('div', 'panel');
  panel.id = 'xiaoer-panel';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-modal', 'false');
  panel.setAttribute('aria-labelledby', 'xiaoer-title');
  const head = el('div', 'head');
  const title = el('span', 'title');
  title.id = 'xiaoer-title';
  const status = el('span', 'status');
  status.setAttribute('role', 'status');
  const langButton = el('button', 'lang');
  langButton.type = 'button';
  const closeButton = el('button', 'x', '×');
  closeButton.type = 'button';
  head.append(title, status, langButton, closeButton);
  const body = el('div', 'body');
  const note = el('p', 'note');
  body.append(note);
  panel.append(head, body);
  root.append(style, panel, launcher);

  let unread = 0;
  let chat: EmbedChat | undefined;
  let loading = false;
  let productId = data['product'] || undefined;
  let identity = data['identity'] || undefined;

  const render = () => {
    const s = t();
    launcher.setAttribute('aria-label', unread ? `${s.open}（${s.unread.replace('{n}', String(unread))}）` : s.open);
    title.textContent = s.title;
    langButton.textContent = s.toggle;
    langButton.setAttribute('aria-label', s.toggleLabel);
    closeButton.setAttribute('aria-label', s.close);
    if (!chat) note.textContent = loading ? s.loading : '';
  };

  const embedHost: EmbedHost = {
    base,
    shop,
    debug: data['debug'] === 'true',
    lang,
    productId,
    identity,
    customer: data['customer'] || undefined,
    root,
    body,
    isOpen: () => !panel.hidden,
    setUnread(n) {
      unread = n;
      badge.hidden = n === 0;
      badge.textContent = n > 99 ? '99+' : String(n);
      render();
    },
    setStatus(text, state) {
      status.textContent = text;
      status.dataset['state'] = state;
    },
  };

  const loadChat = () => {
    if (chat || loading) return;
    loading = true;
    render();
    const s = document.createElement('script');
    s.src = `${base}/${__XIAOER_CHAT_FILE__}`;
    s.async = true;
    s.onload = () => {
      const mount = window.__xiaoerMountChat;
      if (!mount) return failed();
      note.remove();
      Object.assign(embedHost, { lang, productId, identity });
      chat = mount(embedHost);
      if (!panel.hidden) chat.opened();
    };
    s.onerror = failed;
    document.head.append(s);
  };
  function failed() {
    loading = false;
    note.textContent = t().loadFailed;
    embedHost.setStatus(t().unavailable, 'error');
  }

  const open = () => {
    if (!panel.hidden) return;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    if (chat) chat.opened();
    else loadChat();
    // Until the chat is there to take it, the focus waits in the panel.
    if (!chat) closeButton.focus();
  };
  const close = () => {
    if (panel.hidden) return;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  };
  launcher.addEventListener('click', () => (panel.hidden ? open() : close()));
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    }
  });
  langButton.addEventListener('click', () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    try {
      localStorage.setItem('xiaoer:lang', lang);
    } catch {
      // Storage refused (private mode): the choice lasts for this page.
    }
    embedHost.lang = lang;
    render();
    chat?.setLang(lang);
  });

  window.Xiaoer = {
    open,
    close,
    identify(token) {
      identity = token;
      embedHost.identity = token;
      chat?.identify(token);
    },
    setPage(page) {
      productId = page.productId || undefined;
      embedHost.productId = productId;
      chat?.setPage(productId);
    },
  };

  render();
  const attach = () => {
    document.body.append(host);
    // A conversation under way: load the chat now, so its replies are counted while the panel is closed.
    const held = Object.keys(safeStorage()).some((k) => k.startsWith(`xiaoer:embed:v1:${shop}:`));
    if (held) loadChat();
  };
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach, { once: true });
}

function safeStorage(): Storage | Record<string, never> {
  try {
    return localStorage;
  } catch {
    return {};
  }
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

if (script && !window.Xiaoer) boot(script);
else if (!script) console.warn('[xiaoer] widget.js must be loaded with a <script src> tag');
