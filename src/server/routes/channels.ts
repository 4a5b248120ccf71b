// WeCom 微信客服's callback URL (docs/channels.md): the GET WeCom checks the URL with, and the POST
// notices saying new messages wait behind a sync token. A notice is verified and decrypted, answered
// "success" at once (WeCom retries slow callbacks), and the shop is synced in the background.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { XiaoerError } from '../../app/errors.js';
import { syncWecom } from '../../app/channels/wecom-sync.js';
import { createKeyedLock } from '../../app/conversations/keyed-lock.js';
import type { WecomApi } from '../../app/ports.js';
import type { WecomChannelSettings } from '../../core/catalog/types.js';
import { parseAesKey, readCallback, verifyUrl, type WecomCallbackSecrets } from '../../adapters/channels/wecom/crypto.js';
import { wecomClient, type WecomClient } from '../../adapters/channels/wecom/client.js';
import { wecomApi } from '../../adapters/channels/wecom/wecom-api.js';
import { MAX_FLAT_XML_BYTES } from '../../adapters/channels/wecom/xml.js';
import { errorResponse } from '../../contracts/conversations.js';
import { shopParams } from '../../contracts/shops.js';
import type { ServerDeps } from '../server-deps.js';

/** Shop settings are read again after this long (a re-imported shop.yaml may name other accounts). */
const SETTINGS_TTL_MS = 60_000;
const field = z.string().max(512);
const callbackQuery = z.object({ msg_signature: field, timestamp: field, nonce: field });
const verifyQuery = callbackQuery.extend({ echostr: z.string().max(4096) });
const errors = { 400: errorResponse, 401: errorResponse, 404: errorResponse };

/** Where WeCom's API is (XIAOER_WECOM_API_BASE) and, for tests, how it is fetched. */
export interface ChannelRouteOptions {
  wecomApiBase?: string;
  fetch?: typeof fetch;
}

/** The routes, and a promise of the background syncs running now (a test or a drain waits for it). */
export interface ChannelRoutes {
  plugin: FastifyPluginAsyncZod;
  idle(): Promise<void>;
}

interface WecomShop {
  settings: WecomChannelSettings;
  secrets: WecomCallbackSecrets;
  api: WecomApi;
}

/** Registers the WeCom callback routes over the shops' `channels.wecom` settings and the node's secrets. */
export function channelRoutes(deps: ServerDeps, options: ChannelRouteOptions = {}): ChannelRoutes {
  // A shop's syncs one at a time on this node (not the conversation lock: see WecomSyncDeps).
  const syncLock = createKeyedLock();
  const cache = new Map<string, { at: number; shop: WecomShop | undefined }>();
  // One client per corp and secret, so its access token is cached across callbacks.
  const clients = new Map<string, WecomClient>();
  const running = new Set<Promise<void>>();

  const notConfigured = (shopId: string, why: string) => new XiaoerError('XIAOER_CHANNEL_NOT_CONFIGURED', `WeCom is not set up for shop ${shopId}: ${why}`);

  /** The shop's WeCom account with its secrets, or a 404 saying what is missing. */
  const wecomShop = async (shopId: string): Promise<WecomShop> => {
    const hit = cache.get(shopId);
    let shop = hit && Date.now() - hit.at < SETTINGS_TTL_MS ? hit.shop : undefined;
    if (!shop) {
      const record = await deps.store.shops.get(shopId);
      const settings = record?.bundle.shop.channels?.wecom;
      if (!record) throw notConfigured(shopId, 'no such shop');
      if (!settings) throw notConfigured(shopId, 'shop.yaml has no channels.wecom');
      const secret = deps.secret(settings.secretEnv);
      const token = deps.secret(settings.tokenEnv);
      const aesKey = deps.secret(settings.aesKeyEnv);
      const missing = [!secret && settings.secretEnv, !token && settings.tokenEnv, !aesKey && settings.aesKeyEnv].filter(Boolean);
      if (!secret || !token || !aesKey) throw notConfigured(shopId, `${missing.join(', ')} not set on this node`);
      if (!parseAesKey(aesKey).ok) throw notConfigured(shopId, `${settings.aesKeyEnv} is not a 43-character EncodingAESKey`);
      const clientKey = `${settings.corpId}\n${secret}`;
      let client = clients.get(clientKey);
      if (!client) {
        client = wecomClient({ corpId: settings.corpId, secret, ...(options.wecomApiBase ? { apiBase: options.wecomApiBase } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
        if (clients.size > 1000) clients.clear();
        clients.set(clientKey, client);
      }
      shop = { settings, secrets: { token, encodingAesKey: aesKey, corpId: settings.corpId }, api: wecomApi(client, settings.openKfId) };
      if (cache.size > 1000) cache.clear();
      cache.set(shopId, { at: Date.now(), shop });
    }
    return shop;
  };

  const plugin: FastifyPluginAsyncZod = async (app) => {
    // The callback body is WeCom's XML, kept as text for the signature check (these routes only);
    // text/plain too, in case a proxy or WeCom labels it so: the signature decides, not the label.
    app.addContentTypeParser(['text/xml', 'application/xml', 'text/plain'], { parseAs: 'string', bodyLimit: MAX_FLAT_XML_BYTES }, (_request, body, done) => done(null, body));

    app.get(
      '/api/v1/channels/wecom/:shop/callback',
      { schema: { tags: ['channels'], summary: "WeCom 微信客服's URL check: the echostr's plaintext when msg_signature holds (docs/channels.md)", params: shopParams, querystring: verifyQuery, response: { 200: z.string(), ...errors } } },
      async (request, reply) => {
        const shop = await wecomShop(request.params.shop);
        const r = verifyUrl(shop.secrets, request.query);
        if (!r.ok && r.reason === 'bad_signature') throw new XiaoerError('XIAOER_WECOM_SIGNATURE', 'msg_signature does not sign this echostr with the shop’s callback token');
        if (!r.ok) throw new XiaoerError('XIAOER_INVALID_WEBHOOK', `the echostr could not be read (${r.reason})`);
        return reply.type('text/plain; charset=utf-8').send(r.echo);
      },
    );

    app.post(
      '/api/v1/channels/wecom/:shop/callback',
      { bodyLimit: MAX_FLAT_XML_BYTES, schema: { tags: ['channels'], summary: 'WeCom 微信客服 notices (kf_msg_or_event): verified, answered "success", then the shop’s messages are pulled and answered', params: shopParams, querystring: callbackQuery, response: { 200: z.string(), ...errors } } },
      async (request, reply) => {
        const shopId = request.params.shop;
        const shop = await wecomShop(shopId);
        const body = typeof request.body === 'string' ? request.body : '';
        const r = readCallback(shop.secrets, request.query, body);
        if (!r.ok && r.reason === 'bad_signature') throw new XiaoerError('XIAOER_WECOM_SIGNATURE', 'msg_signature does not sign this callback with the shop’s callback token');
        if (!r.ok) throw new XiaoerError('XIAOER_INVALID_WEBHOOK', `the callback could not be read (${r.reason})`);
        const notice = r.kf;
        if (notice && notice.openKfId === shop.settings.openKfId) {
          const log = request.log;
          const task = syncWecom({ ...deps, syncLock, wecom: shop.api }, shopId, notice.syncToken).then(
            (report) => {
              const level = report.windowClosed.length || report.sendFailures.length ? 'warn' : 'info';
              log[level]({ event: 'wecom.sync', shopId, answered: report.answered, duplicates: report.duplicates, skipped: report.skipped, windowClosed: report.windowClosed, sendFailures: report.sendFailures }, 'wecom sync');
            },
            (err: unknown) => log.error({ event: 'wecom.sync_failed', shopId, err }, 'wecom sync failed; the next callback retries from the stored cursor'),
          );
          running.add(task);
          void task.finally(() => running.delete(task));
        } else {
          request.log.info({ event: 'wecom.callback_ignored', shopId, kind: r.fields.Event ?? r.fields.MsgType ?? '', openKfId: notice?.openKfId }, 'wecom callback not for this shop’s kf account');
        }
        return reply.type('text/plain; charset=utf-8').send('success');
      },
    );
  };

  return {
    plugin,
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
