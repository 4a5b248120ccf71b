// The generic signed webhook channel out: each message (text, quick replies, product cards with
// price and stock from the catalog) and each change of who serves the shopper is POSTed as JSON to
// the shop's bridge, signed as every Xiaoer webhook is (X-Xiaoer-Signature: t=…,v1=HMAC-SHA256 of
// "t.body"). 2xx is delivered; a timeout, a network error, 408, 429 or 5xx is retried; any other
// 4xx says the bridge will never take it (the shopper is gone), so it is final. X-Xiaoer-Delivery
// (the message's id, or the event's for a change of who serves) is the same on every retry.
import { signature } from '../../../app/cdp/deliver-events.js';
import type { ChannelItem, ChannelOutcome, ChannelOutlet, Clock } from '../../../app/ports.js';
import type { WebhookChannelSettings } from '../../../core/catalog/types.js';

/** A bridge gets this long to answer. */
const TIMEOUT_MS = 5_000;

/** The JSON body of one delivery, as docs/channels.md documents it. */
export function webhookBody(to: { shopId: string; conversationId: string; channelUser: string }, item: ChannelItem): Record<string, unknown> {
  const head = { shop: to.shopId, conversation_id: to.conversationId, user: to.channelUser };
  if (item.kind === 'service') return { type: 'service', ...head, change: item.change };
  const m = item.message;
  return {
    type: 'message',
    ...head,
    message: {
      id: m.messageId,
      kind: m.kind,
      text: m.text,
      quick_replies: m.quickReplies,
      products: m.products.map((p) => ({ id: p.id, name: p.name, price: p.price, stock: p.stock, in_stock: p.inStock, ...(p.url ? { url: p.url } : {}) })),
    },
  };
}

/** The outlet of one shop's bridge. */
export function webhookOutlet(shop: { settings: WebhookChannelSettings; secret: string }, deps: { clock: Clock; fetch?: typeof fetch }): ChannelOutlet {
  const doFetch = deps.fetch ?? fetch;
  return {
    async deliver(to, item): Promise<ChannelOutcome> {
      const body = JSON.stringify(webhookBody(to, item));
      const t = Math.floor(Date.parse(deps.clock.now()) / 1000);
      const id = item.kind === 'message' ? item.message.messageId : item.eventId;
      let res: Response;
      try {
        res = await doFetch(shop.settings.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-xiaoer-delivery': id, 'x-xiaoer-signature': signature(shop.secret, t, body) },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await res.body?.cancel().catch(() => undefined);
      } catch (e) {
        return { status: 'retry', reason: e instanceof Error && e.name === 'TimeoutError' ? 'timeout' : 'network' };
      }
      if (res.status >= 200 && res.status < 300) return { status: 'ok' };
      if (res.status === 408 || res.status === 429 || res.status >= 500 || res.status < 400) return { status: 'retry', reason: `http_${res.status}` };
      return { status: 'undeliverable', reason: `http_${res.status}` };
    },
  };
}
