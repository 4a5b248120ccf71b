// Unexpected outcomes carry a stable code; the server maps codes to HTTP status in one place.
// Codes are never reused for a different meaning.

/** Every error code the application raises. */
export type ErrorCode =
  | 'XIAOER_SHOP_NOT_FOUND'
  | 'XIAOER_SHOP_NOT_PUBLISHED'
  | 'XIAOER_RELEASE_NOT_FOUND'
  | 'XIAOER_CONVERSATION_NOT_FOUND'
  | 'XIAOER_PRODUCT_NOT_FOUND'
  | 'XIAOER_CLIENT_MESSAGE_ID_REUSED'
  | 'XIAOER_CONCURRENT_UPDATE'
  | 'XIAOER_MESSAGE_TOO_LARGE'
  | 'XIAOER_EMPTY_MESSAGE'
  | 'XIAOER_INVALID_BUNDLE'
  | 'XIAOER_IDENTITY_INVALID'
  | 'XIAOER_IDENTITY_EXPIRED'
  | 'XIAOER_IDENTITY_OTHER_SHOP'
  | 'XIAOER_IDENTITY_REQUIRED'
  | 'XIAOER_IDENTITY_NOT_CONFIGURED'
  | 'XIAOER_ALREADY_IDENTIFIED'
  | 'XIAOER_ORDER_NOT_FOUND'
  | 'XIAOER_ORDER_NOT_SHIPPED'
  | 'XIAOER_INVALID_PREFERENCE'
  | 'XIAOER_INVALID_STAFF'
  | 'XIAOER_BAD_CREDENTIALS'
  | 'XIAOER_TOO_MANY_ATTEMPTS'
  | 'XIAOER_UNAUTHENTICATED'
  | 'XIAOER_FORBIDDEN'
  | 'XIAOER_ILLEGAL_TRANSITION'
  | 'XIAOER_NOT_OWNER'
  | 'XIAOER_STAFF_NOT_FOUND'
  | 'XIAOER_CONVERSATION_TOKEN_REQUIRED'
  | 'XIAOER_CONVERSATION_ACCESS_DENIED'
  | 'XIAOER_RATE_LIMITED'
  | 'XIAOER_GROUP_NOT_FOUND'
  | 'XIAOER_CUSTOMER_NOT_FOUND'
  | 'XIAOER_METRICS_UNAUTHORIZED'
  | 'XIAOER_STORE_UNAVAILABLE'
  | 'XIAOER_DRAINING'
  | 'XIAOER_INVALID_RATING'
  | 'XIAOER_ALREADY_RATED'
  | 'XIAOER_WEBHOOK_SIGNATURE_INVALID'
  | 'XIAOER_WEBHOOK_NOT_CONFIGURED'
  | 'XIAOER_INVALID_WEBHOOK'
  | 'XIAOER_INVALID_DATE_RANGE'
  | 'XIAOER_ACCOUNT_DISABLED'
  | 'XIAOER_EDIT_CONFLICT'
  | 'XIAOER_FAQ_NOT_FOUND'
  | 'XIAOER_FLOW_NOT_FOUND'
  | 'XIAOER_FLOW_INVALID'
  | 'XIAOER_SKU_NOT_FOUND'
  | 'XIAOER_INVALID_SETTINGS'
  | 'XIAOER_INVALID_IMPORT'
  | 'XIAOER_DRAFT_INVALID'
  | 'XIAOER_PUBLISH_NEW_FAILURES'
  | 'XIAOER_LAST_ADMIN'
  | 'XIAOER_INVALID_IF_MATCH'
  | 'XIAOER_WECOM_SIGNATURE'
  | 'XIAOER_CHANNEL_NOT_CONFIGURED';

/**
 * An error with a stable code; `details` carries located problems (bundle lines) when there are
 * any, `retryAfterMs` when trying again later will do (a limit was reached).
 */
export class XiaoerError extends Error {
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly string[] = [],
    options: { retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'XiaoerError';
    this.retryAfterMs = options.retryAfterMs;
  }
}
