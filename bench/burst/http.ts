// The burst bench's HTTP client: node:http over one keep-alive agent sized for the load (every
// shopper can have a request open at once), each request bounded by a timeout and abortable.
import { Agent, request as httpRequest } from 'node:http';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A failed exchange (no status): the socket's error code, 'timeout' or 'aborted'. */
export class NetworkError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export interface Client {
  request(base: string, method: 'GET' | 'POST', path: string, opts?: { body?: unknown; token?: string; timeoutMs?: number }): Promise<HttpResult>;
  /** Fails every open request with 'aborted' and refuses new ones. */
  abortAll(): void;
  close(): void;
  readonly open: number;
  /** Opens `n` keep-alive connections to `base` (n concurrent GETs of `path`); returns how many are pooled. */
  preconnect(base: string, n: number, path: string): Promise<number>;
}

export function createClient(maxSockets: number, defaultTimeoutMs = 30_000): Client {
  // fifo: every pooled connection is used in turn, so none idles into the server's keep-alive timeout.
  const agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'fifo' });
  const live = new Set<{ destroy(err: Error): void }>();
  let aborted = false;
  return {
    get open() {
      return live.size;
    },
    request(base, method, path, opts = {}) {
      if (aborted) return Promise.reject(new NetworkError('aborted'));
      const url = new URL(path, base);
      const body = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
      const headers: Record<string, string | number> = { accept: 'application/json' };
      if (body) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = body.length;
      }
      if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
      return new Promise<HttpResult>((resolve, reject) => {
        let settled = false;
        const req = httpRequest({ agent, host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers });
        const entry = {
          destroy: (err: Error) => {
            req.destroy(err);
          },
        };
        live.add(entry);
        const timer = setTimeout(() => req.destroy(new NetworkError('timeout')), opts.timeoutMs ?? defaultTimeoutMs);
        const done = (f: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          live.delete(entry);
          f();
        };
        req.on('error', (err: NodeJS.ErrnoException) =>
          done(() => {
            if (err instanceof NetworkError) return reject(err);
            // A reset on a kept-alive socket the server closed meanwhile differs from one on a fresh connection.
            reject(new NetworkError(`${err.code ?? err.message}${req.reusedSocket ? ' (reused socket)' : ''}`));
          }),
        );
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err: NodeJS.ErrnoException) => done(() => reject(new NetworkError(err.code ?? err.message))));
          res.on('aborted', () => done(() => reject(new NetworkError('ECONNRESET'))));
          res.on('end', () => done(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })));
        });
        req.end(body);
      });
    },
    async preconnect(base, n, path) {
      await Promise.all(Array.from({ length: n }, () => this.request(base, 'GET', path, { timeoutMs: 20_000 }).catch(() => undefined)));
      const key = `${new URL(base).host}:`;
      return agent.freeSockets[key]?.length ?? 0;
    },
    abortAll() {
      aborted = true;
      for (const e of [...live]) e.destroy(new NetworkError('aborted'));
    },
    close() {
      agent.destroy();
    },
  };
}

/** Retry-After in milliseconds (seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfterMs(h: string | string[] | undefined): number | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  if (v === undefined || v.trim() === '') return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}
