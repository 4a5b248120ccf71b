// A shop's site tells Xiaoer who the shopper is with a token: a JWT signed with HS256 and the
// shop's secret, naming the customer (`sub`), the shop (`aud`), an expiry (`exp`) and optionally
// `name` and `phone`. Anything else is refused: a forged or tampered token, an expired one, one
// signed for another shop, another algorithm.
import { errors, jwtVerify } from 'jose';
import type { ShopSettings } from '../../core/catalog/types.js';
import { XiaoerError } from '../errors.js';
import { cleanEdgeText, isBlankText } from '../../core/text/edge-text.js';

/** Who a valid token says the shopper is. */
export interface VerifiedIdentity {
  customerId: string;
  name?: string;
  phone?: string;
}

const CUSTOMER_ID = /^[\w.:-]{1,64}$/;

/** Verifies `token` for `shop`; throws XIAOER_IDENTITY_* errors. */
export async function verifyIdentity(shop: Pick<ShopSettings, 'id' | 'identity'>, token: string, secret: (name: string) => string | undefined, now: string): Promise<VerifiedIdentity> {
  const key = shop.identity?.secret_env ? secret(shop.identity.secret_env) : undefined;
  if (!key) throw new XiaoerError('XIAOER_IDENTITY_NOT_CONFIGURED', `shop ${shop.id} does not identify customers with tokens`);
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(key), {
      algorithms: ['HS256'],
      audience: shop.id,
      requiredClaims: ['sub', 'exp', 'aud'],
      currentDate: new Date(now),
    });
    const sub = payload.sub ?? '';
    if (!CUSTOMER_ID.test(sub)) throw new XiaoerError('XIAOER_IDENTITY_INVALID', 'the token names no valid customer id');
    // Claims end up in replies (templates greet by name) and in the store: cleaned like any text from outside.
    const text = (v: unknown) => (typeof v === 'string' && v.length <= 64 && !isBlankText(cleanEdgeText(v)) ? cleanEdgeText(v).trim() : undefined);
    const name = text(payload['name']);
    const phone = text(payload['phone']);
    return { customerId: sub, ...(name ? { name } : {}), ...(phone ? { phone } : {}) };
  } catch (e) {
    if (e instanceof XiaoerError) throw e;
    if (e instanceof errors.JWTExpired) throw new XiaoerError('XIAOER_IDENTITY_EXPIRED', 'the identity token has expired');
    if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'aud') throw new XiaoerError('XIAOER_IDENTITY_OTHER_SHOP', `the identity token is not for shop ${shop.id}`);
    throw new XiaoerError('XIAOER_IDENTITY_INVALID', 'the identity token is not valid');
  }
}
