// Test harness: a local WeCom 微信客服 API on a loopback port (tokens that expire on demand, a message
// list paged by cursor, sends that can hit the 48-hour window) and callbacks signed and encrypted
// with the real crypto, so the kf client and the callback route are tested the way WeCom talks.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { encryptWecom, wecomSignature, type WecomCallbackQuery, type WecomCallbackSecrets, type WecomVerifyQuery } from '../adapters/channels/wecom/crypto.js';
import { buildFlatXml } from '../adapters/channels/wecom/xml.js';

/** A message as sync_msg returns it (WeCom's own field names). */
export interface FakeKfMessage {
  msgid: string;
  open_kfid: string;
  external_userid?: string;
  servicer_userid?: string;
  send_time: number;
  origin: number;
  msgtype: string;
  text?: { content: string };
  event?: Record<string, unknown>;
}

/** A text the fake accepted through send_msg or send_msg_on_event. */
export interface FakeSent {
  touser?: string;
  open_kfid?: string;
  code?: string;
  msgid: string;
  content: string;
}

/** A one-shot answer for the next request to a path: an HTTP status, an errcode, or no answer at all. */
export type FakeWecomFault = { status: number } | { errcode: number; errmsg?: string } | { hang: true };

/** How the fake starts. */
export interface FakeWecomOptions {
  corpId?: string;
  secret?: string;
  /** expires_in of issued access tokens. */
  tokenTtlSeconds?: number;
  /** sync_msg returns at most this many messages a page, whatever limit the client asks. */
  pageSize?: number;
}

/** A running fake; `close` also drops the connections it left hanging. */
export interface FakeWecom {
  url: string;
  corpId: string;
  secret: string;
  /** How many tokens gettoken has issued. */
  tokensIssued(): number;
  /** Makes every token issued so far expired (42001), as if its time ran out. */
  expireTokens(): void;
  /** Appends to the server-side message list sync_msg pages through. */
  addMessages(...messages: FakeKfMessage[]): void;
  /** A sync token as a callback would carry; sync_msg refuses tokens it did not mint. */
  mintSyncToken(): string;
  /** Every request's path (no query) and JSON body. */
  requests: { path: string; body: Record<string, unknown> | undefined }[];
  sent: FakeSent[];
  /** external_userids whose window is over: send_msg answers them with 95018. */
  closedWindows: Set<string>;
  /** Service state by `${open_kfid}/${external_userid}`. */
  states: Map<string, { state: number; servicer?: string }>;
  /** Queues a fault for the next request whose path ends with `path`. */
  failNext(path: string, fault: FakeWecomFault): void;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/** Starts a fake WeCom API on 127.0.0.1 (a free port). */
export async function startFakeWecom(options: FakeWecomOptions = {}): Promise<FakeWecom> {
  const corpId = options.corpId ?? 'ww1234567890abcdef';
  const secret = options.secret ?? 'fake-secret';
  const ttl = options.tokenTtlSeconds ?? 7200;
  const pageSize = options.pageSize ?? 2;
  const tokens = new Map<string, number>(); // token -> expiry (ms)
  const syncTokens = new Set<string>();
  const messages: FakeKfMessage[] = [];
  const faults: { path: string; fault: FakeWecomFault }[] = [];
  let issued = 0;
  let sentCount = 0;

  const fake: FakeWecom = {
    url: '',
    corpId,
    secret,
    tokensIssued: () => issued,
    expireTokens() {
      for (const t of tokens.keys()) tokens.set(t, 0);
    },
    addMessages: (...m) => void messages.push(...m),
    mintSyncToken() {
      const t = `ENC${randomBytes(12).toString('hex')}`;
      syncTokens.add(t);
      return t;
    },
    requests: [],
    sent: [],
    closedWindows: new Set(),
    states: new Map(),
    failNext: (path, fault) => void faults.push({ path, fault }),
    close: async () => {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  // Every socket, so close() also ends hanging requests and connections accepted while closing.
  const sockets = new Set<Socket>();
  let closing = false;
  server.on('connection', (socket) => {
    if (closing) return void socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    let body: Record<string, unknown> | undefined;
    if (req.method === 'POST') {
      try {
        const parsed: unknown = JSON.parse(raw);
        body = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        return json(res, { errcode: 47001, errmsg: 'data format error' });
      }
    }
    fake.requests.push({ path: url.pathname, body });

    const faultAt = faults.findIndex((f) => url.pathname.endsWith(f.path));
    if (faultAt >= 0) {
      const fault = faults.splice(faultAt, 1)[0]!.fault;
      if ('hang' in fault) return; // closeAllConnections ends it
      if ('status' in fault) return json(res, { errcode: -1, errmsg: 'system busy' }, fault.status);
      return json(res, { errcode: fault.errcode, errmsg: fault.errmsg ?? 'fault' });
    }

    if (url.pathname === '/cgi-bin/gettoken') {
      if (url.searchParams.get('corpid') !== corpId || url.searchParams.get('corpsecret') !== secret) return json(res, { errcode: 40001, errmsg: 'invalid credential' });
      const token = `tok${++issued}_${randomBytes(6).toString('hex')}`;
      tokens.set(token, Date.now() + ttl * 1000);
      return json(res, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: ttl });
    }

    const token = url.searchParams.get('access_token') ?? '';
    const expiry = tokens.get(token);
    if (expiry === undefined) return json(res, { errcode: 40014, errmsg: 'invalid access_token' });
    if (Date.now() >= expiry) return json(res, { errcode: 42001, errmsg: 'access_token expired' });
    if (!body) return json(res, { errcode: 47001, errmsg: 'data format error' });

    switch (url.pathname) {
      case '/cgi-bin/kf/sync_msg':
        return json(res, syncMsg(body));
      case '/cgi-bin/kf/send_msg': {
        const text = body.text as { content?: unknown } | undefined;
        if (body.msgtype !== 'text' || typeof text?.content !== 'string') return json(res, { errcode: 40008, errmsg: 'invalid message type' });
        if (Buffer.byteLength(text.content) > 2048) return json(res, { errcode: 44004, errmsg: 'text content too long' });
        // The API may answer only new (0) and bot-held (1) sessions; queued, human-held or ended ones refuse.
        const session = fake.states.get(`${String(body.open_kfid)}/${String(body.touser)}`)?.state ?? 0;
        if (fake.closedWindows.has(String(body.touser)) || session > 1) return json(res, { errcode: 95018, errmsg: 'send msg session status invalid' });
        // msgid: at most 32 of [0-9a-zA-Z_-], unique within the kf account.
        if (body.msgid !== undefined && (typeof body.msgid !== 'string' || !/^[0-9a-zA-Z_-]{1,32}$/.test(body.msgid))) return json(res, { errcode: 40058, errmsg: 'invalid msgid' });
        const msgid = typeof body.msgid === 'string' ? body.msgid : `sent${++sentCount}`;
        fake.sent.push({ touser: String(body.touser), open_kfid: String(body.open_kfid), msgid, content: text.content });
        return json(res, { errcode: 0, errmsg: 'ok', msgid });
      }
      case '/cgi-bin/kf/send_msg_on_event': {
        const text = body.text as { content?: unknown } | undefined;
        if (typeof body.code !== 'string' || typeof text?.content !== 'string') return json(res, { errcode: 40058, errmsg: 'invalid parameter' });
        const msgid = `event${++sentCount}`;
        fake.sent.push({ code: body.code, msgid, content: text.content });
        return json(res, { errcode: 0, errmsg: 'ok', msgid });
      }
      case '/cgi-bin/kf/service_state/trans': {
        const state = Number(body.service_state);
        if (![0, 1, 2, 3, 4].includes(state)) return json(res, { errcode: 40058, errmsg: 'invalid parameter' });
        if (state === 3 && typeof body.servicer_userid !== 'string') return json(res, { errcode: 40058, errmsg: 'servicer_userid required' });
        const servicer = typeof body.servicer_userid === 'string' ? body.servicer_userid : undefined;
        // WeCom's transitions: new → bot, queue or servicer; bot → queue or servicer; queue → servicer;
        // servicer → servicer or ended; ended → none (the shopper's next message makes it new).
        const from = fake.states.get(`${String(body.open_kfid)}/${String(body.external_userid)}`)?.state ?? 0;
        const allowed: Record<number, number[]> = { 0: [1, 2, 3], 1: [2, 3], 2: [3], 3: [3, 4], 4: [] };
        if (!(allowed[from] ?? []).includes(state)) return json(res, { errcode: 95016, errmsg: 'invalid service state transfer' });
        fake.states.set(`${String(body.open_kfid)}/${String(body.external_userid)}`, { state, servicer });
        return json(res, { errcode: 0, errmsg: 'ok', msg_code: `code${state}` });
      }
      case '/cgi-bin/kf/service_state/get': {
        const s = fake.states.get(`${String(body.open_kfid)}/${String(body.external_userid)}`) ?? { state: 0 };
        return json(res, { errcode: 0, errmsg: 'ok', service_state: s.state, servicer_userid: s.servicer ?? '' });
      }
      default:
        return json(res, { errcode: 404, errmsg: 'not found' }, 404);
    }
  }

  // The cursor is the index in the server's list after the last message returned.
  function syncMsg(body: Record<string, unknown>) {
    if (typeof body.open_kfid !== 'string') return { errcode: 40058, errmsg: 'open_kfid required' };
    // 95007 for an unknown token is this fake's choice; the client only passes errcodes through.
    if (body.token !== undefined && !syncTokens.has(String(body.token))) return { errcode: 95007, errmsg: 'invalid msg token' };
    const cursor = typeof body.cursor === 'string' ? body.cursor : '';
    const start = cursor === '' ? 0 : /^c\d+$/.test(cursor) ? Number(cursor.slice(1)) : NaN;
    if (!Number.isInteger(start) || start > messages.length) return { errcode: 40058, errmsg: 'invalid cursor' };
    const limit = Math.min(pageSize, typeof body.limit === 'number' ? body.limit : 1000);
    const page: FakeKfMessage[] = [];
    let i = start;
    for (; i < messages.length && page.length < limit; i++) if (messages[i]!.open_kfid === body.open_kfid) page.push(messages[i]!);
    const hasMore = messages.slice(i).some((m) => m.open_kfid === body.open_kfid);
    return { errcode: 0, errmsg: 'ok', next_cursor: `c${i}`, has_more: hasMore ? 1 : 0, msg_list: page };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** A customer's text message as WeCom would list it. */
export function fakeCustomerText(openKfId: string, externalUserId: string, content: string, msgid: string, sendTime = 1_700_000_000): FakeKfMessage {
  return { msgid, open_kfid: openKfId, external_userid: externalUserId, send_time: sendTime, origin: 3, msgtype: 'text', text: { content } };
}

/** The query of WeCom's GET that checks a callback URL, signed and encrypted as WeCom sends it. */
export function signedVerification(secrets: WecomCallbackSecrets, echo: string, at: { timestamp?: string; nonce?: string } = {}): WecomVerifyQuery {
  const timestamp = at.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = at.nonce ?? String(randomBytes(4).readUInt32BE(0));
  const echostr = encryptWecom(secrets.encodingAesKey, echo, secrets.corpId);
  return { msg_signature: wecomSignature(secrets.token, timestamp, nonce, echostr), timestamp, nonce, echostr };
}

/** A kf_msg_or_event callback (query and XML body) as WeCom POSTs it. */
export function signedKfCallback(
  secrets: WecomCallbackSecrets,
  notice: { syncToken: string; openKfId: string; createTime?: number },
  at: { timestamp?: string; nonce?: string } = {},
): { query: WecomCallbackQuery; body: string } {
  const timestamp = at.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = at.nonce ?? String(randomBytes(4).readUInt32BE(0));
  const inner = buildFlatXml([
    ['ToUserName', secrets.corpId],
    ['CreateTime', String(notice.createTime ?? Number(timestamp))],
    ['MsgType', 'event'],
    ['Event', 'kf_msg_or_event'],
    ['Token', notice.syncToken],
    ['OpenKfId', notice.openKfId],
  ]);
  const encrypted = encryptWecom(secrets.encodingAesKey, inner, secrets.corpId);
  const body = buildFlatXml([
    ['ToUserName', secrets.corpId],
    ['Encrypt', encrypted],
    ['AgentID', ''],
  ]);
  return { query: { msg_signature: wecomSignature(secrets.token, timestamp, nonce, encrypted), timestamp, nonce }, body };
}

function json(res: ServerResponse, value: unknown, status = 200) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
