// The one place where error codes become HTTP statuses and error bodies.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { XiaoerError, type ErrorCode } from '../app/errors.js';

const STATUS: Record<ErrorCode, number> = {
  XIAOER_SHOP_NOT_FOUND: 404,
  XIAOER_WECOM_SIGNATURE: 401,
  XIAOER_CHANNEL_NOT_CONFIGURED: 404,
  XIAOER_SHOP_NOT_PUBLISHED: 409,
  XIAOER_RELEASE_NOT_FOUND: 404,
  XIAOER_CONVERSATION_NOT_FOUND: 404,
  XIAOER_PRODUCT_NOT_FOUND: 404,
  XIAOER_CLIENT_MESSAGE_ID_REUSED: 409,
  XIAOER_CONCURRENT_UPDATE: 409,
  XIAOER_MESSAGE_TOO_LARGE: 413,
  XIAOER_EMPTY_MESSAGE: 400,
  XIAOER_INVALID_BUNDLE: 400,
  XIAOER_IDENTITY_INVALID: 401,
  XIAOER_IDENTITY_EXPIRED: 401,
  XIAOER_IDENTITY_OTHER_SHOP: 401,
  XIAOER_IDENTITY_REQUIRED: 401,
  XIAOER_IDENTITY_NOT_CONFIGURED: 400,
  XIAOER_ALREADY_IDENTIFIED: 409,
  XIAOER_ORDER_NOT_FOUND: 404,
  XIAOER_ORDER_NOT_SHIPPED: 409,
  XIAOER_INVALID_PREFERENCE: 400,
  XIAOER_INVALID_STAFF: 400,
  XIAOER_BAD_CREDENTIALS: 401,
  XIAOER_TOO_MANY_ATTEMPTS: 429,
  XIAOER_UNAUTHENTICATED: 401,
  XIAOER_FORBIDDEN: 403,
  XIAOER_ILLEGAL_TRANSITION: 409,
  XIAOER_NOT_OWNER: 409,
  XIAOER_STAFF_NOT_FOUND: 404,
  XIAOER_CONVERSATION_TOKEN_REQUIRED: 401,
  XIAOER_CONVERSATION_ACCESS_DENIED: 401,
  XIAOER_RATE_LIMITED: 429,
  XIAOER_GROUP_NOT_FOUND: 404,
  XIAOER_CUSTOMER_NOT_FOUND: 404,
  XIAOER_METRICS_UNAUTHORIZED: 401,
  XIAOER_STORE_UNAVAILABLE: 503,
  XIAOER_DRAINING: 503,
  XIAOER_INVALID_RATING: 400,
  XIAOER_ALREADY_RATED: 409,
  XIAOER_WEBHOOK_SIGNATURE_INVALID: 401,
  XIAOER_WEBHOOK_NOT_CONFIGURED: 401,
  XIAOER_INVALID_WEBHOOK: 400,
  XIAOER_INVALID_DATE_RANGE: 400,
  XIAOER_ACCOUNT_DISABLED: 403,
  XIAOER_EDIT_CONFLICT: 409,
  XIAOER_FAQ_NOT_FOUND: 404,
  XIAOER_FLOW_NOT_FOUND: 404,
  XIAOER_FLOW_INVALID: 400,
  XIAOER_SKU_NOT_FOUND: 404,
  XIAOER_INVALID_SETTINGS: 400,
  XIAOER_INVALID_IMPORT: 400,
  XIAOER_DRAFT_INVALID: 400,
  XIAOER_PUBLISH_NEW_FAILURES: 409,
  XIAOER_LAST_ADMIN: 409,
  XIAOER_INVALID_IF_MATCH: 400,
};

/** Connection-level failures: the store (or the network to it) is down, not the request wrong. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR']);

/**
 * Whether an error says the store cannot be reached or written right now (retry later) rather than
 * that something is wrong: node's socket codes, SQLite's busy/full/read-only, PostgreSQL's
 * connection class 08, shutdown 57P01-57P03, too many connections 53300, a lock not granted in
 * time 55P03, and pg's pool messages.
 */
export function isStoreUnavailable(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  // 55P03: a conversation's lock was not granted within lock_timeout (its turns are stuck behind a slow one): retry too.
  if (UNREACHABLE.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300' || code === '55P03') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|connect ECONNREFUSED/i.test(message)) return true;
  if (Array.isArray(e.errors) && e.errors.some(isStoreUnavailable)) return true; // AggregateError of several addresses
  return e.cause !== undefined && e.cause !== err && isStoreUnavailable(e.cause);
}

/**
 * An error body and status for any thrown value (and Retry-After, in whole seconds, when a limit
 * says when: also in the body, for Socket.IO acks); unknown errors become a logged 500.
 */
export function toErrorResponse(err: unknown): { status: number; body: { error: { code: string; message: string; details?: string[]; retryAfterSeconds?: number } }; retryAfterSeconds?: number } {
  if (err instanceof XiaoerError) {
    const retryAfterSeconds = err.retryAfterMs !== undefined ? Math.max(1, Math.ceil(err.retryAfterMs / 1000)) : undefined;
    return {
      status: STATUS[err.code],
      body: { error: { code: err.code, message: err.message, ...(err.details.length ? { details: [...err.details] } : {}), ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) } },
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
  }
  if (isStoreUnavailable(err)) {
    return { status: 503, body: { error: { code: 'XIAOER_STORE_UNAVAILABLE', message: 'the database cannot be reached right now; nothing was lost, try again', retryAfterSeconds: 1 } }, retryAfterSeconds: 1 };
  }
  const e = err as Partial<FastifyError> & { validation?: { instancePath?: string; message?: string }[] };
  if (e.validation) {
    const details = e.validation.map((v) => `${v.instancePath || '(body)'}: ${v.message ?? 'invalid'}`);
    return { status: 400, body: { error: { code: 'XIAOER_VALIDATION', message: 'the request does not match the API schema', details } } };
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { error: { code: 'XIAOER_BODY_TOO_LARGE', message: 'request body is too large' } } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { error: { code: 'XIAOER_UNSUPPORTED_MEDIA_TYPE', message: 'send application/json' } } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: { error: { code: 'XIAOER_MALFORMED_JSON', message: 'the body is not valid JSON' } } };
  }
  if (err instanceof SyntaxError || (e.statusCode === 400 && /json/i.test(e.message ?? ''))) {
    return { status: 400, body: { error: { code: 'XIAOER_MALFORMED_JSON', message: 'the body is not valid JSON' } } };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: { error: { code: 'XIAOER_BAD_REQUEST', message: e.message ?? 'bad request' } } };
  }
  return { status: 500, body: { error: { code: 'XIAOER_INTERNAL', message: 'internal error' } } };
}

/** Installs the error and not-found handlers. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body, retryAfterSeconds } = toErrorResponse(err);
    if (status === 503) request.log.warn({ event: 'request.unavailable', code: body.error.code, err: { message: err instanceof Error ? err.message : String(err) } }, 'request refused for now: retry');
    else if (status >= 500) request.log.error({ err, event: 'request.failed' }, 'request failed');
    if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'XIAOER_ROUTE_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });
}

/**
 * Fastify's answers before routing (a URL that is not valid percent-encoding, a too long path
 * parameter) in the same error body: by default Fastify wrote its own {error, code, statusCode}.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorResponse(err);
  void reply.status(status).send(body);
}

/**
 * Requests Node's HTTP parser refuses (malformed request line or headers, NUL in a header, headers
 * over the size limit, a timeout) answered on the raw socket with the same error body.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'XIAOER_REQUEST_TIMEOUT', 'the request took too long']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'XIAOER_HEADERS_TOO_LARGE', 'request headers are too large']
        : [400, 'XIAOER_BAD_REQUEST', 'malformed HTTP request'];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  socket.destroy(err);
}
