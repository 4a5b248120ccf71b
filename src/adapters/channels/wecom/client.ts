// The 微信客服 (kf) HTTP API: access tokens, pulling messages by cursor, sending text, welcome
// messages and moving a conversation between the bot and a human servicer. Provider trouble
// (timeouts, statuses, errcodes, odd bodies) comes back as values; nothing here throws on it.
import { z } from 'zod';
import { splitUtf8 } from './split-text.js';

/** How the client reaches WeCom; `apiBase`, `fetch` and `now` are there so tests can point it at a fake. */
export interface WecomClientOptions {
  apiBase?: string;
  corpId: string;
  secret: string;
  fetch?: typeof fetch;
  now?: () => number;
  /** Per HTTP request, body included. */
  timeoutMs?: number;
  /** A token is renewed this long before WeCom says it expires, so no request carries a dying one. */
  tokenMarginMs?: number;
}

/**
 * Why a call failed; `window_closed` (errcode 95018) is apart so the caller can queue the shopper for an agent.
 * WeCom's errmsg for 95018 reads "send msg session status invalid": besides the 48-hour / 5-message window
 * it also comes when the session is not the API's to answer (a human servicer holds it, or it ended).
 */
export type WecomFailure =
  | { ok: false; reason: 'timeout' }
  | { ok: false; reason: 'network'; detail: string }
  | { ok: false; reason: 'http_status'; status: number }
  | { ok: false; reason: 'bad_response' }
  | { ok: false; reason: 'window_closed'; errcode: number; errmsg: string }
  | { ok: false; reason: 'api_error'; errcode: number; errmsg: string };

/** A call's value or why it failed. */
export type WecomResult<T> = ({ ok: true } & T) | WecomFailure;

/** Who sent a synced message: the shopper, WeCom itself (an event) or a human servicer. */
export const WECOM_ORIGIN = { customer: 3, event: 4, servicer: 5 } as const;

/** A conversation's service state in WeCom (0 new, 1 bot, 2 queued, 3 human, 4 ended). */
export type WecomServiceState = 0 | 1 | 2 | 3 | 4;

/** A system event inside a synced message (enter_session carries the welcome code). */
export interface WecomEvent {
  eventType: string;
  externalUserId: string | undefined;
  welcomeCode: string | undefined;
  /** Every field WeCom sent, for event types this client does not name. */
  raw: Record<string, unknown>;
}

/** One synced message; `text` is set for text messages, `event` for events, other kinds carry only their type. */
export interface WecomMessage {
  msgId: string;
  openKfId: string;
  externalUserId: string | undefined;
  servicerUserId: string | undefined;
  sendTime: number;
  origin: number;
  msgType: string;
  text: string | undefined;
  event: WecomEvent | undefined;
}

/** One sync_msg page; `nextCursor` is stored by the caller only after it has handled `messages`. */
export interface WecomSyncPage {
  messages: WecomMessage[];
  nextCursor: string;
  hasMore: boolean;
  /** Entries of msg_list that did not have a message's shape and were left out. */
  unreadable: number;
}

/** One part of a split text reply: sent, failed, or not tried because an earlier part failed. */
export type WecomSentPart =
  | { text: string; ok: true; msgId: string }
  | { text: string; ok: false; error: WecomFailure | { ok: false; reason: 'not_sent' } };

/** A text reply's outcome; `windowClosed` says the 48-hour / 5-message window is over for this shopper. */
export interface WecomSendTextResult {
  ok: boolean;
  windowClosed: boolean;
  parts: WecomSentPart[];
}

/** The kf API for one corp and secret. */
export interface WecomClient {
  accessToken(): Promise<WecomResult<{ token: string }>>;
  syncPages(args: SyncArgs): AsyncGenerator<WecomResult<WecomSyncPage>, void, undefined>;
  syncMessages(args: SyncArgs): Promise<WecomResult<WecomSyncPage & { pages: number }>>;
  sendText(toUser: string, openKfId: string, text: string, options?: { msgId?: string }): Promise<WecomSendTextResult>;
  sendOnEvent(code: string, text: string): Promise<WecomResult<{ msgId: string; truncated: boolean }>>;
  transferState(openKfId: string, externalUserId: string, state: WecomServiceState, servicerUserId?: string): Promise<WecomResult<{ msgCode: string | undefined }>>;
  getState(openKfId: string, externalUserId: string): Promise<WecomResult<{ state: number; servicerUserId: string | undefined }>>;
}

/** Where to start a sync: the callback's token (10 minutes valid, lifts the rate limit) and the stored cursor. */
export interface SyncArgs {
  openKfId: string;
  token?: string;
  cursor?: string;
  limit?: number;
  /** Pages read in one syncMessages call; past it `hasMore` stays true and the caller syncs again. */
  maxPages?: number;
}

const DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com';
/** invalid access_token, access_token expired */
const TOKEN_ERRCODES = new Set([40014, 42001]);
const WINDOW_CLOSED_ERRCODE = 95018;

const envelope = z.object({ errcode: z.number().optional(), errmsg: z.string().optional() });
const tokenBody = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const syncBody = z.object({ next_cursor: z.string().optional(), has_more: z.union([z.number(), z.boolean()]).optional(), msg_list: z.array(z.unknown()).optional() });
const msgIdBody = z.object({ msgid: z.string().optional() });
const transBody = z.object({ msg_code: z.string().optional() });
const stateBody = z.object({ service_state: z.number(), servicer_userid: z.string().optional() });
const rawMessage = z.object({
  msgid: z.string(),
  open_kfid: z.string(),
  external_userid: z.string().optional(),
  servicer_userid: z.string().optional(),
  send_time: z.number(),
  origin: z.number(),
  msgtype: z.string(),
  text: z.object({ content: z.string() }).optional(),
  event: z.record(z.string(), z.unknown()).optional(),
});

/** Makes a client whose token is cached in this process until shortly before it expires. */
export function wecomClient(options: WecomClientOptions): WecomClient {
  const apiBase = (options.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const marginMs = options.tokenMarginMs ?? 5 * 60_000;
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<WecomResult<{ token: string }>> | undefined;

  async function request<T extends z.ZodType>(path: string, body: unknown, schema: T): Promise<WecomResult<{ value: z.infer<T> }>> {
    let text: string;
    try {
      const res = await doFetch(`${apiBase}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
      if (!res.ok) return { ok: false, reason: 'http_status', status: res.status };
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, reason: 'timeout' };
      // Only the cause's code: the URL holds the access token and must not reach a log.
      const cause = e instanceof Error && e.cause instanceof Error ? (e.cause as Error & { code?: unknown }).code : undefined;
      return { ok: false, reason: 'network', detail: typeof cause === 'string' ? cause : name || 'error' };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'bad_response' };
    }
    const head = envelope.safeParse(json);
    if (!head.success) return { ok: false, reason: 'bad_response' };
    const errcode = head.data.errcode ?? 0;
    const errmsg = head.data.errmsg ?? '';
    if (errcode === WINDOW_CLOSED_ERRCODE) return { ok: false, reason: 'window_closed', errcode, errmsg };
    if (errcode !== 0) return { ok: false, reason: 'api_error', errcode, errmsg };
    const parsed = schema.safeParse(json);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'bad_response' };
  }

  async function fetchToken(): Promise<WecomResult<{ token: string }>> {
    const query = `corpid=${encodeURIComponent(options.corpId)}&corpsecret=${encodeURIComponent(options.secret)}`;
    const r = await request(`/cgi-bin/gettoken?${query}`, undefined, tokenBody);
    if (!r.ok) return r;
    const lifeMs = r.value.expires_in * 1000;
    // A margin longer than the token's life would never cache; keep at least half of it then.
    cached = { token: r.value.access_token, expiresAt: now() + Math.max(lifeMs - marginMs, lifeMs / 2) };
    return { ok: true, token: r.value.access_token };
  }

  function accessToken(): Promise<WecomResult<{ token: string }>> {
    if (cached && now() < cached.expiresAt) return Promise.resolve({ ok: true, token: cached.token });
    // One gettoken at a time: concurrent callers share it instead of each spending the rate limit.
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  /** POSTs with the token, renewing it once when WeCom calls it invalid or expired. */
  async function call<T extends z.ZodType>(path: string, body: unknown, schema: T): Promise<WecomResult<{ value: z.infer<T> }>> {
    for (let attempt = 0; ; attempt++) {
      const token = await accessToken();
      if (!token.ok) return token;
      const r = await request(`${path}?access_token=${encodeURIComponent(token.token)}`, body, schema);
      if (!r.ok && r.reason === 'api_error' && TOKEN_ERRCODES.has(r.errcode) && attempt === 0) {
        if (cached?.token === token.token) cached = undefined; // another caller may have renewed it already
        continue;
      }
      return r;
    }
  }

  async function* syncPages(args: SyncArgs): AsyncGenerator<WecomResult<WecomSyncPage>, void, undefined> {
    let cursor = args.cursor ?? '';
    for (;;) {
      const body = { cursor: cursor || undefined, token: args.token, limit: args.limit ?? 1000, open_kfid: args.openKfId };
      const r = await call('/cgi-bin/kf/sync_msg', body, syncBody);
      if (!r.ok) {
        yield r;
        return;
      }
      const messages: WecomMessage[] = [];
      let unreadable = 0;
      for (const item of r.value.msg_list ?? []) {
        const m = rawMessage.safeParse(item);
        if (m.success) messages.push(toMessage(m.data));
        else unreadable++;
      }
      const hasMore = r.value.has_more === 1 || r.value.has_more === true;
      // "More" behind the same cursor would page forever; an empty one must not send the caller back to the start.
      if (hasMore && (!r.value.next_cursor || r.value.next_cursor === cursor)) {
        yield { ok: false, reason: 'bad_response' };
        return;
      }
      cursor = r.value.next_cursor || cursor;
      yield { ok: true, messages, nextCursor: cursor, hasMore, unreadable };
      if (!hasMore) return;
    }
  }

  async function syncMessages(args: SyncArgs): Promise<WecomResult<WecomSyncPage & { pages: number }>> {
    const maxPages = args.maxPages ?? 20;
    const all: WecomSyncPage & { pages: number } = { messages: [], nextCursor: args.cursor ?? '', hasMore: false, unreadable: 0, pages: 0 };
    for await (const page of syncPages(args)) {
      // All or nothing: after a failure the caller keeps its old cursor and fetches these again.
      if (!page.ok) return page;
      all.messages.push(...page.messages);
      all.unreadable += page.unreadable;
      all.nextCursor = page.nextCursor;
      all.hasMore = page.hasMore;
      if (++all.pages >= maxPages) break;
    }
    return { ok: true, ...all };
  }

  async function sendText(toUser: string, openKfId: string, text: string, sendOptions: { msgId?: string } = {}): Promise<WecomSendTextResult> {
    const texts = splitUtf8(text);
    const parts: WecomSentPart[] = [];
    let failed: WecomFailure | undefined;
    for (const [i, content] of texts.entries()) {
      // After a failure the rest stay unsent: a later part arriving alone would read out of order.
      if (failed) {
        parts.push({ text: content, ok: false, error: { ok: false, reason: 'not_sent' } });
        continue;
      }
      const msgid = sendOptions.msgId === undefined ? undefined : texts.length === 1 ? sendOptions.msgId : `${sendOptions.msgId}_${i}`;
      const r = await call('/cgi-bin/kf/send_msg', { touser: toUser, open_kfid: openKfId, msgid, msgtype: 'text', text: { content } }, msgIdBody);
      if (r.ok) parts.push({ text: content, ok: true, msgId: r.value.msgid ?? msgid ?? '' });
      else {
        failed = r;
        parts.push({ text: content, ok: false, error: r });
      }
    }
    return { ok: failed === undefined, windowClosed: failed?.reason === 'window_closed', parts };
  }

  async function sendOnEvent(code: string, text: string): Promise<WecomResult<{ msgId: string; truncated: boolean }>> {
    // A welcome code is good for one message, so a long welcome is cut to its first part.
    const parts = splitUtf8(text);
    const r = await call('/cgi-bin/kf/send_msg_on_event', { code, msgtype: 'text', text: { content: parts[0] ?? '' } }, msgIdBody);
    return r.ok ? { ok: true, msgId: r.value.msgid ?? '', truncated: parts.length > 1 } : r;
  }

  async function transferState(openKfId: string, externalUserId: string, state: WecomServiceState, servicerUserId?: string): Promise<WecomResult<{ msgCode: string | undefined }>> {
    const body = { open_kfid: openKfId, external_userid: externalUserId, service_state: state, servicer_userid: servicerUserId };
    const r = await call('/cgi-bin/kf/service_state/trans', body, transBody);
    return r.ok ? { ok: true, msgCode: r.value.msg_code } : r;
  }

  async function getState(openKfId: string, externalUserId: string): Promise<WecomResult<{ state: number; servicerUserId: string | undefined }>> {
    const r = await call('/cgi-bin/kf/service_state/get', { open_kfid: openKfId, external_userid: externalUserId }, stateBody);
    return r.ok ? { ok: true, state: r.value.service_state, servicerUserId: r.value.servicer_userid || undefined } : r;
  }

  return { accessToken, syncPages, syncMessages, sendText, sendOnEvent, transferState, getState };
}

function toMessage(m: z.infer<typeof rawMessage>): WecomMessage {
  const ev = m.event;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    msgId: m.msgid,
    openKfId: m.open_kfid,
    externalUserId: m.external_userid || str(ev?.external_userid),
    servicerUserId: m.servicer_userid || undefined,
    sendTime: m.send_time,
    origin: m.origin,
    msgType: m.msgtype,
    text: m.msgtype === 'text' ? m.text?.content : undefined,
    event: ev && { eventType: str(ev.event_type) ?? '', externalUserId: str(ev.external_userid), welcomeCode: str(ev.welcome_code), raw: ev },
  };
}
