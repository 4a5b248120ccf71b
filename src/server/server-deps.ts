// What the HTTP and Socket.IO edges need: the app's ports plus the per-conversation lock.
import type { KeyedLock } from '../app/conversations/keyed-lock.js';
import type { AppDeps } from '../app/deps.js';

/** Dependencies of the routes and the gateway. */
export type ServerDeps = AppDeps & { lock: KeyedLock };
