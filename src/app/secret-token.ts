// Bearer secrets handed to a client once (staff sessions, conversation access tokens): 256 random
// bits, of which only a SHA-256 hash is ever stored.
import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 of a token, hex: what the store keeps and looks tokens up by. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random token (base64url) and its hash. */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}
