// CDP requests over HTTP(S) with fetch: a 2xx answer within the timeout is a delivery; anything
// else (another status, a refused connection, a timeout) is a failure to retry.
import type { CdpTransport } from '../../app/ports.js';

/** A transport whose requests give up after `timeoutMs`. */
export function httpTransport(timeoutMs = 5_000): CdpTransport {
  return {
    async post(url, body, headers) {
      try {
        const r = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) });
        await r.arrayBuffer().catch(() => undefined);
        return r.ok ? { ok: true } : { ok: false, error: `HTTP ${r.status}` };
      } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause?.code;
        return { ok: false, error: cause ?? (e as Error).name };
      }
    },
  };
}
