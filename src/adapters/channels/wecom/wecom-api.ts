// The app's WecomApi port over the kf client: one shop's corp, secret and kf account.
import type { WecomApi, WecomSendOutcome, WecomSync } from '../../../app/ports.js';
import type { WecomClient, WecomFailure } from './client.js';

const outcome = (r: { ok: true } | WecomFailure): WecomSendOutcome => (r.ok ? { status: 'ok' } : r.reason === 'window_closed' ? { status: 'window_closed' } : { status: 'failure', reason: r.reason === 'api_error' ? `api_error ${r.errcode}` : r.reason });

/** The port for one kf account; the client (and its cached access token) may be shared. */
export function wecomApi(client: WecomClient, openKfId: string): WecomApi {
  return {
    async syncMessages(token, cursor): Promise<WecomSync> {
      const r = await client.syncMessages({ openKfId, ...(token ? { token } : {}), ...(cursor ? { cursor } : {}) });
      if (!r.ok) return { ok: false, reason: r.reason === 'api_error' ? `api_error ${r.errcode}` : r.reason };
      return {
        ok: true,
        nextCursor: r.nextCursor,
        hasMore: r.hasMore,
        messages: r.messages.map((m) => ({
          msgId: m.msgId,
          origin: m.origin,
          msgType: m.msgType,
          externalUserId: m.externalUserId,
          text: m.text,
          servicerUserId: m.servicerUserId,
          sendTime: m.sendTime,
          ...(m.event ? { event: { type: m.event.eventType, welcomeCode: m.event.welcomeCode } } : {}),
        })),
      };
    },
    async sendText(toUser, text, msgId): Promise<WecomSendOutcome> {
      const r = await client.sendText(toUser, openKfId, text, msgId === undefined ? {} : { msgId });
      if (r.ok) return { status: 'ok' };
      if (r.windowClosed) return { status: 'window_closed' };
      const failed = r.parts.find((p) => !p.ok);
      const reason = failed && !failed.ok ? failed.error.reason : 'unknown';
      return { status: 'failure', reason };
    },
    async sendWelcome(code, text): Promise<WecomSendOutcome> {
      return outcome(await client.sendOnEvent(code, text));
    },
    async serviceState(toUser) {
      const r = await client.getState(openKfId, toUser);
      return r.ok ? { status: 'ok', state: r.state } : { status: 'failure', reason: r.reason === 'api_error' ? `api_error ${r.errcode}` : r.reason, final: r.reason === 'api_error' };
    },
    async setServiceState(toUser, state): Promise<WecomSendOutcome> {
      return outcome(await client.transferState(openKfId, toUser, state));
    },
  };
}
