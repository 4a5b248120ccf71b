// Store outages are answered 503 with Retry-After (the client retries; nothing is lost), anything
// unknown stays a logged 500.
import { describe, expect, it } from 'vitest';
import { isStoreUnavailable, toErrorResponse } from './http-errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('store outages', () => {
  it('are told apart from other errors', () => {
    for (const e of [withCode('ECONNREFUSED'), withCode('57P01'), withCode('08006'), withCode('55P03'), withCode('SQLITE_BUSY'), new Error('timeout exceeded when trying to connect'), new AggregateError([withCode('ECONNREFUSED')]), Object.assign(new Error('wrapped'), { cause: withCode('ETIMEDOUT') })]) {
      expect(isStoreUnavailable(e), String(e)).toBe(true);
    }
    for (const e of [new Error('boom'), withCode('23505'), withCode('SQLITE_CONSTRAINT'), null, 'ECONNREFUSED']) expect(isStoreUnavailable(e)).toBe(false);
  });

  it('become 503 XIAOER_STORE_UNAVAILABLE with Retry-After; unknown errors 500', () => {
    expect(toErrorResponse(withCode('ECONNREFUSED'))).toMatchObject({ status: 503, retryAfterSeconds: 1, body: { error: { code: 'XIAOER_STORE_UNAVAILABLE', retryAfterSeconds: 1 } } });
    expect(toErrorResponse(new Error('boom'))).toMatchObject({ status: 500, body: { error: { code: 'XIAOER_INTERNAL' } } });
  });
});
