// What the loader (widget.js) hands the chat (widget-chat-<hash>.js) when it is loaded, and what the
// chat hands back. Types only: the two files share no code at run time.
import type { Lang } from './i18n.js';

/** The loader's side: where the chat renders and how it reaches the launcher and the header. */
export interface EmbedHost {
  /** The API's origin: where widget.js came from. */
  base: string;
  shop: string;
  /** Shoppers never see traces unless the storefront says data-debug="true". */
  debug: boolean;
  lang: Lang;
  productId: string | undefined;
  identity: string | undefined;
  /**
   * The shop's customer id as given (data-customer), for shops that chose `identity: {trust: customer-id}`
   * (demos, sites that authenticate upstream); any other shop refuses it. An identity token wins.
   */
  customer: string | undefined;
  /** The shadow root (the chat adds its styles here) and the panel's body (the chat renders here). */
  root: ShadowRoot;
  body: HTMLElement;
  isOpen(): boolean;
  setUnread(n: number): void;
  setStatus(text: string, state: 'online' | 'offline' | 'error'): void;
}

/** The chat's side, once loaded. */
export interface EmbedChat {
  /** The panel was opened: unread messages are read, the input takes the focus. */
  opened(): void;
  setLang(lang: Lang): void;
  setPage(productId: string | undefined): void;
  identify(token: string): void;
}

/** The storefront's API: window.Xiaoer. */
export interface XiaoerApi {
  open(): void;
  close(): void;
  identify(token: string): void;
  setPage(page: { productId?: string | undefined }): void;
}

declare global {
  interface Window {
    Xiaoer?: XiaoerApi;
    /** Set by the chat chunk when it has loaded; the loader calls it once. */
    __xiaoerMountChat?: (host: EmbedHost) => EmbedChat;
  }
}
