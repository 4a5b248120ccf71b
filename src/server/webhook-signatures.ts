// Signatures of order webhooks. Shopify: X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw
// body. Xiaoer's own: X-Xiaoer-Signature "t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<raw body>'>" (the
// scheme its CDP webhooks are signed with, app/cdp/deliver-events.ts `signature`),
// so a captured delivery cannot be replayed after five minutes (docs/orders.md). Constant-time compares.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { signature } from '../app/cdp/deliver-events.js';

/** How far a signature's time may be from ours. */
export const SIGNATURE_TOLERANCE_S = 300;

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether Shopify's header is the HMAC of `raw` under `secret`. */
export function verifyShopifyHmac(raw: Buffer, header: string | undefined, secret: string): boolean {
  if (!header || header.length > 200) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  return sameBytes(Buffer.from(header, 'base64'), expected);
}

/** Whether X-Xiaoer-Signature signs `raw` under `secret` at a time within the tolerance of `nowMs`. */
export function verifyOrderWebhook(raw: Buffer, header: string | undefined, secret: string, nowMs: number): boolean {
  if (!header || header.length > 300) return false;
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowMs / 1000 - t) > SIGNATURE_TOLERANCE_S || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = signature(secret, t, raw).slice(`t=${t},v1=`.length);
  return sameBytes(Buffer.from(v1, 'hex'), Buffer.from(expected, 'hex'));
}
