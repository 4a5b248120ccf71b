// Shopper rate limits per client address (behind XIAOER_TRUST_PROXY, the address the proxy names):
// conversations opened and messages sent per minute. Over a limit: 429 XIAOER_RATE_LIMITED with
// Retry-After. The counts live behind the RateLimiter port, so several nodes can share them.
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { RateLimiter } from '../app/ports.js';
import { XiaoerError } from '../app/errors.js';

/** Per-minute limits; 0 turns one off (load tests). */
export interface ShopperRateLimits {
  conversationsPerMinute: number;
  messagesPerMinute: number;
}

/** Checks one more conversation or message from an address; throws XIAOER_RATE_LIMITED over the limit. */
export interface ShopperLimits {
  conversation(address: string): Promise<void>;
  message(address: string): Promise<void>;
}

const MINUTE = 60_000;

export function createShopperLimits(limiter: RateLimiter, limits: ShopperRateLimits, nowMs: () => number = Date.now): ShopperLimits {
  const check = async (what: 'conversations' | 'messages', limit: number, address: string) => {
    if (limit <= 0) return;
    const d = await limiter.take(`shopper:${what}:${address}`, limit, MINUTE, nowMs());
    if (!d.allowed) {
      const seconds = Math.max(1, Math.ceil(d.retryAfterMs / 1000));
      throw new XiaoerError('XIAOER_RATE_LIMITED', `more than ${limit} ${what} a minute from this address; try again in ${seconds} s`, [], { retryAfterMs: d.retryAfterMs });
    }
  };
  return {
    conversation: (address) => check('conversations', limits.conversationsPerMinute, address),
    message: (address) => check('messages', limits.messagesPerMinute, address),
  };
}

/**
 * The client address of a raw request (a Socket.IO handshake) by the same rule Fastify applies to
 * HTTP: X-Forwarded-For only from the trusted proxies.
 */
export function clientAddress(request: IncomingMessage, trustProxy: false | string[]): string {
  if (!trustProxy) return request.socket.remoteAddress ?? 'unknown';
  try {
    return proxyAddr(request, trustProxy);
  } catch {
    return request.socket.remoteAddress ?? 'unknown';
  }
}
