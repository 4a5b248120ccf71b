// A shopper's right to a conversation. Opening one hands out an access token (256 random bits, of
// which only a SHA-256 hash is stored); every later shopper request on it shows that token, or
// the identity token of the signed-in customer it belongs to. The id alone opens nothing.
import { timingSafeEqual } from 'node:crypto';
import { tokenHash } from '../secret-token.js';
import { XiaoerError } from '../errors.js';
import type { AppDeps } from '../deps.js';
import type { ConversationRecord } from '../ports.js';
import { verifyIdentity } from '../customers/verify-identity.js';

/** What a shopper's request shows: the conversation's access token, or the customer's identity token. */
export interface ShopperCredential {
  accessToken?: string;
  identityToken?: string;
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The conversation, when the credential opens it. No credential: XIAOER_CONVERSATION_TOKEN_REQUIRED;
 * a wrong one (an invalid or expired identity token included), or no such conversation (the two are
 * not told apart): XIAOER_CONVERSATION_ACCESS_DENIED.
 */
export async function authorizeShopper(deps: Pick<AppDeps, 'store' | 'knowledge' | 'secret' | 'clock'>, conversationId: string, credential: ShopperCredential): Promise<ConversationRecord> {
  const { accessToken, identityToken } = credential;
  if (!accessToken && !identityToken) throw new XiaoerError('XIAOER_CONVERSATION_TOKEN_REQUIRED', 'send the conversation token (Authorization: Bearer <token>)');
  const denied = () => new XiaoerError('XIAOER_CONVERSATION_ACCESS_DENIED', 'this token does not open this conversation');
  const c = await deps.store.conversations.get(conversationId);
  if (!c) throw denied();
  if (accessToken) {
    if (c.accessTokenHash && accessToken.length <= 256 && sameHash(tokenHash(accessToken), c.accessTokenHash)) return c;
    if (!identityToken) throw denied();
  }
  if (identityToken && c.customerId !== null) {
    const kb = await deps.knowledge.get(c.releaseId);
    // An invalid or expired identity token is refused like a wrong one: its own error would tell
    // that this id exists and belongs to a signed-in customer.
    const who = await verifyIdentity(kb.release.bundle.shop, identityToken, deps.secret, deps.clock.now()).catch(() => undefined);
    if (who?.customerId === c.customerId) return c;
  }
  throw denied();
}
