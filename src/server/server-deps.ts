// What the HTTP and Socket.IO edges need: the app's ports plus the per-conversation lock and the
// rate limiter (failed logins, shopper floods), the order ledger and what outcome analytics reads.
import type { KeyedLock } from '../app/conversations/keyed-lock.js';
import type { AppDeps } from '../app/deps.js';
import type { OrderLedger, OutcomeSource, RateLimiter, ShopSandbox } from '../app/ports.js';
import type { RedisLink } from './redis.js';

/** Dependencies of the routes and the gateway; `redis` when several nodes share one (REDIS_URL). */
export type ServerDeps = AppDeps & { lock: KeyedLock; limiter: RateLimiter; redis?: RedisLink; ledger: OrderLedger; outcomes: OutcomeSource; sandbox: ShopSandbox };
