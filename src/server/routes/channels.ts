// Channels in. WeCom 微信客服's callback URL (docs/channels.md): the GET WeCom checks the URL with,
// and the POST notices saying new messages wait behind a sync token; a notice is verified and
// decrypted, answered "success" at once (WeCom retries slow callbacks), and the shop is synced in
// the background. The generic signed webhook: a bridge POSTs a shopper's message, signed as every
// Xiaoer webhook is; it is answered by the turn pipeline before the 200, and the answer goes back to
// the bridge's URL from the outbox. Either way a delivery pass follows on this node.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { XiaoerError } from '../../app/errors.js';
import { syncWecom } from '../../app/channels/wecom-sync.js';
import { webhookInbound } from '../../app/channels/webhook-inbound.js';
import { receiveChannelMessage } from '../../app/channels/receive-channel-message.js';
import { createKeyedLock } from '../../app/conversations/keyed-lock.js';
import { readCallback, verifyUrl } from '../../adapters/channels/wecom/crypto.js';
import { MAX_FLAT_XML_BYTES } from '../../adapters/channels/wecom/xml.js';
import { webhookChannelMessage, webhookChannelResponse } from '../../contracts/channels.js';
import { errorResponse } from '../../contracts/conversations.js';
import { shopParams } from '../../contracts/shops.js';
import type { NodeChannels } from '../channels.js';
import type { Live } from '../live.js';
import type { ServerDeps } from '../server-deps.js';
import { verifyOrderWebhook } from '../webhook-signatures.js';

const field = z.string().max(512);
const callbackQuery = z.object({ msg_signature: field, timestamp: field, nonce: field });
const verifyQuery = callbackQuery.extend({ echostr: z.string().max(4096) });
const errors = { 400: errorResponse, 401: errorResponse, 404: errorResponse };
/** A bridge's message: a shopper's text is at most a few KB; the body limit leaves room for JSON escapes. */
const WEBHOOK_BODY_LIMIT = 64 * 1024;

/** The routes, and a promise of the background syncs running now (a test or a drain waits for it). */
export interface ChannelRoutes {
  plugin: FastifyPluginAsyncZod;
  idle(): Promise<void>;
}

/** Registers the channels' inbound routes over the node's channels (settings and secrets per shop). */
export function channelRoutes(deps: ServerDeps, channels: NodeChannels, live: Pick<Live, 'shopperTurn' | 'messages'>): ChannelRoutes {
  // A shop's syncs one at a time on this node (not the conversation lock: see WecomSyncDeps).
  const syncLock = createKeyedLock();
  const running = new Set<Promise<void>>();
  const wecomShop = (shopId: string) => channels.wecom(shopId);

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
          const task = syncWecom({ ...deps, syncLock, wecom: shop.api, onTurn: (r) => live.shopperTurn(r), onServicerText: (id, message) => live.messages(id, message.conversationId, [message], { toShopper: false }) }, shopId, notice.syncToken).then(
            (report) => {
              const level = report.sendFailures.length ? 'warn' : 'info';
              log[level]({ event: 'wecom.sync', shopId, answered: report.answered, welcomed: report.welcomed, servicerTexts: report.servicerTexts, duplicates: report.duplicates, skipped: report.skipped, sendFailures: report.sendFailures }, 'wecom sync');
              channels.kick();
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

    // The webhook's signature covers the exact bytes sent: keep them (this plugin's routes only).
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));
    app.post(
      '/api/v1/channels/webhook/:shop',
      {
        bodyLimit: WEBHOOK_BODY_LIMIT,
        schema: { tags: ['channels'], summary: "A bridge's shopper message (X-Xiaoer-Signature over the raw body): answered by the turn pipeline, the answer POSTed to the shop's channels.webhook.url", params: shopParams, response: { 200: webhookChannelResponse, ...errors } },
      },
      async (request) => {
        const shopId = request.params.shop;
        const shop = await channels.webhook(shopId);
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const signatureHeader = request.headers['x-xiaoer-signature'];
        if (!verifyOrderWebhook(raw, typeof signatureHeader === 'string' ? signatureHeader : undefined, shop.secret, Date.parse(deps.clock.now()))) {
          throw new XiaoerError('XIAOER_WEBHOOK_SIGNATURE_INVALID', 'X-Xiaoer-Signature is missing, stale (over 5 minutes) or does not sign this body with the shop’s channel secret');
        }
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new XiaoerError('XIAOER_INVALID_WEBHOOK', 'the body is not valid JSON');
        }
        const parsed = webhookChannelMessage.safeParse(json);
        if (!parsed.success) throw new XiaoerError('XIAOER_INVALID_WEBHOOK', 'the body is not a message this channel takes', parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`));
        const r = await receiveChannelMessage(deps, webhookInbound(shopId, parsed.data));
        if (r.kind !== 'handled') throw new XiaoerError('XIAOER_INVALID_WEBHOOK', 'the message has no text');
        channels.kick();
        const { handled } = r;
        if (!handled.duplicate) await live.shopperTurn(handled).catch((err: unknown) => request.log.warn({ event: 'channels.push_failed', shopId, err }, 'a webhook turn is stored but could not be pushed to the workspace'));
        return { conversation_id: r.conversationId, message_id: handled.message.id, duplicate: handled.duplicate, replies: handled.duplicate ? 0 : handled.replies.length };
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
