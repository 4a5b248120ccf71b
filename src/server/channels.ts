// The node's channels: each shop's WeCom account (its settings and the node's secrets, one client
// per corp and secret so its access token is cached) and webhook bridge, and the delivery of what
// conversations on them say, from the outbox. A pass runs after every sync on the node that synced
// and every quarter second where the `channels` lease is held (main.ts); passes never overlap on a
// node, and across nodes only the lease holder's periodic passes and the syncing node's run, which
// `mayRun` (the lease) gates too, so a message is sent by one node at a time.
import { XiaoerError } from '../app/errors.js';
import { deliverChannelEvents, type Undelivered } from '../app/channels/deliver-channel-events.js';
import type { Channel, ChannelOutlet, WecomApi } from '../app/ports.js';
import type { WebhookChannelSettings, WecomChannelSettings } from '../core/catalog/types.js';
import { parseAesKey, type WecomCallbackSecrets } from '../adapters/channels/wecom/crypto.js';
import { wecomClient, type WecomClient } from '../adapters/channels/wecom/client.js';
import { wecomApi } from '../adapters/channels/wecom/wecom-api.js';
import { wecomOutlet } from '../adapters/channels/wecom/wecom-outlet.js';
import { webhookOutlet } from '../adapters/channels/webhook/webhook-outlet.js';
import type { ServerDeps } from './server-deps.js';

/** Shop settings are read again after this long (a re-imported shop.yaml may name other accounts). */
const SETTINGS_TTL_MS = 60_000;

/** A shop's WeCom account with its secrets. */
export interface WecomShop {
  settings: WecomChannelSettings;
  secrets: WecomCallbackSecrets;
  api: WecomApi;
}

/** A shop's webhook bridge with its secret. */
export interface WebhookShop {
  settings: WebhookChannelSettings;
  secret: string;
}

/** Where WeCom's API is (XIAOER_WECOM_API_BASE) and, for tests, how channels fetch. */
export interface ChannelOptions {
  wecomApiBase?: string;
  fetch?: typeof fetch;
  /** Whether this node may deliver now (the `channels` lease); always when absent (one node). */
  mayDeliver?: () => Promise<boolean>;
  /** Told of each note written for words that did not reach a shopper (pushed to the workspace). */
  onUndelivered?: (u: Undelivered) => void;
}

/** The channels of a node: accounts by shop, and delivery passes. */
export interface NodeChannels {
  /** The shop's WeCom account, or XIAOER_CHANNEL_NOT_CONFIGURED (404) saying what is missing. */
  wecom(shopId: string): Promise<WecomShop>;
  /** The shop's webhook bridge, or XIAOER_CHANNEL_NOT_CONFIGURED (404). */
  webhook(shopId: string): Promise<WebhookShop>;
  /** One delivery pass (waits for the one running); nothing when this node may not deliver now. */
  deliver(): Promise<{ delivered: number; failed: number }>;
  /** A pass soon, not awaited (after a sync or an inbound webhook); failures are logged. */
  kick(): void;
  /** Resolves when no kicked pass is running. */
  idle(): Promise<void>;
}

/**
 * The refusal callers see says only that the channel is not set up (they are not yet authenticated:
 * which variable is unset is the operator's business); the reason goes to the log.
 */
const quiet = (): void => undefined;
const notConfigured = (channel: string, shopId: string, why: string, warn: (why: string) => void) => {
  warn(`${channel} is not set up for shop ${shopId}: ${why}`);
  return new XiaoerError('XIAOER_CHANNEL_NOT_CONFIGURED', `${channel} is not set up for shop ${shopId}`);
};

/** The node's channels over the shops' `channels` settings and the node's secrets. */
export function nodeChannels(deps: ServerDeps, options: ChannelOptions, onError: (err: unknown) => void, warn: (why: string) => void = () => undefined): NodeChannels {
  const wecomCache = new Map<string, { at: number; shop: WecomShop }>();
  const webhookCache = new Map<string, { at: number; shop: WebhookShop }>();
  const clients = new Map<string, WecomClient>();
  const fresh = <T>(cache: Map<string, { at: number; shop: T }>, shopId: string) => {
    const hit = cache.get(shopId);
    return hit && Date.now() - hit.at < SETTINGS_TTL_MS ? hit.shop : undefined;
  };
  const remember = <T>(cache: Map<string, { at: number; shop: T }>, shopId: string, shop: T) => {
    if (cache.size > 1000) cache.clear();
    cache.set(shopId, { at: Date.now(), shop });
    return shop;
  };

  const wecom = async (shopId: string): Promise<WecomShop> => {
    const hit = fresh(wecomCache, shopId);
    if (hit) return hit;
    const record = await deps.store.shops.get(shopId);
    const settings = record?.bundle.shop.channels?.wecom;
    if (!record) throw notConfigured('WeCom', shopId, 'no such shop', quiet);
    if (!settings) throw notConfigured('WeCom', shopId, 'shop.yaml has no channels.wecom', quiet);
    const secret = deps.secret(settings.secretEnv);
    const token = deps.secret(settings.tokenEnv);
    const aesKey = deps.secret(settings.aesKeyEnv);
    const missing = [!secret && settings.secretEnv, !token && settings.tokenEnv, !aesKey && settings.aesKeyEnv].filter(Boolean);
    if (!secret || !token || !aesKey) throw notConfigured('WeCom', shopId, `${missing.join(', ')} not set on this node`, warn);
    if (!parseAesKey(aesKey).ok) throw notConfigured('WeCom', shopId, `${settings.aesKeyEnv} is not a 43-character EncodingAESKey`, warn);
    const clientKey = `${settings.corpId}\n${secret}`;
    let client = clients.get(clientKey);
    if (!client) {
      client = wecomClient({ corpId: settings.corpId, secret, ...(options.wecomApiBase ? { apiBase: options.wecomApiBase } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
      if (clients.size > 1000) clients.clear();
      clients.set(clientKey, client);
    }
    return remember(wecomCache, shopId, { settings, secrets: { token, encodingAesKey: aesKey, corpId: settings.corpId }, api: wecomApi(client, settings.openKfId) });
  };

  const webhook = async (shopId: string): Promise<WebhookShop> => {
    const hit = fresh(webhookCache, shopId);
    if (hit) return hit;
    const record = await deps.store.shops.get(shopId);
    const settings = record?.bundle.shop.channels?.webhook;
    if (!record) throw notConfigured('The webhook channel', shopId, 'no such shop', quiet);
    if (!settings) throw notConfigured('The webhook channel', shopId, 'shop.yaml has no channels.webhook', quiet);
    const secret = deps.secret(settings.secret_env);
    if (!secret) throw notConfigured('The webhook channel', shopId, `${settings.secret_env} not set on this node`, warn);
    return remember(webhookCache, shopId, { settings, secret });
  };

  const outletOr = async (make: () => Promise<ChannelOutlet>): Promise<ChannelOutlet | undefined> => {
    try {
      return await make();
    } catch (e) {
      if (e instanceof XiaoerError && e.code === 'XIAOER_CHANNEL_NOT_CONFIGURED') return undefined;
      throw e;
    }
  };
  const channels: Channel[] = [
    {
      name: 'wecom',
      outlet: (shopId) =>
        outletOr(async () => {
          const account = await wecom(shopId);
          return wecomOutlet(account.api, account.settings.agents ?? 'xiaoer');
        }),
    },
    { name: 'webhook', outlet: (shopId) => outletOr(async () => webhookOutlet(await webhook(shopId), { clock: deps.clock, ...(options.fetch ? { fetch: options.fetch } : {}) })) },
  ];

  let running: Promise<{ delivered: number; failed: number }> | undefined;
  let again = false;
  const kicked = new Set<Promise<unknown>>();
  const deliver = async (): Promise<{ delivered: number; failed: number }> => {
    if (running) {
      // A pass asked for while one runs runs once after it (what it was asked for may be newer).
      again = true;
      return running;
    }
    running = (async () => {
      const totals = { delivered: 0, failed: 0 };
      do {
        again = false;
        const mayGoOn = options.mayDeliver ?? (async () => true);
        if (!(await mayGoOn())) break;
        // Asked again as the pass goes: a pass outliving the lease stops before another node's starts sending.
        const r = await deliverChannelEvents(deps, channels, mayGoOn, options.onUndelivered);
        totals.delivered += r.delivered;
        totals.failed += r.failed;
      } while (again);
      return totals;
    })().finally(() => (running = undefined));
    return running;
  };
  return {
    wecom,
    webhook,
    deliver,
    kick() {
      const p = deliver().catch(onError);
      kicked.add(p);
      void p.finally(() => kicked.delete(p));
    },
    async idle() {
      while (kicked.size > 0) await Promise.allSettled([...kicked]);
    },
  };
}
