// The CDP stream's loop in the server: which sinks each shop has (shop.yaml cdp.sinks, plus the
// XIAOER_CDP_WEBHOOK_* sink for every shop), and a delivery pass every quarter second.
import type { FastifyBaseLogger } from 'fastify';
import { deliverCdpEvents, type CdpSink } from '../app/cdp/deliver-events.js';
import { httpTransport } from '../adapters/cdp/http-transport.js';
import type { Config } from './config.js';
import type { ServerDeps } from './server-deps.js';

/** A pass every quarter second keeps the change-to-first-attempt time under a second. */
const PASS_MS = 250;
/** Shops' sinks are looked up again this often (a re-imported shop.yaml may change them). */
const SINKS_TTL_MS = 60_000;

/** The sinks configured now; a sink whose secret variable is unset is left out and logged. */
export async function cdpSinks(deps: Pick<ServerDeps, 'store'>, config: Pick<Config, 'cdpWebhook' | 'secret'>, log: Pick<FastifyBaseLogger, 'error'>): Promise<CdpSink[]> {
  const sinks: CdpSink[] = config.cdpWebhook ? [{ id: 'env-webhook', url: config.cdpWebhook.url, secret: config.cdpWebhook.secret }] : [];
  for (const shop of await deps.store.listShops()) {
    const record = await deps.store.getShop(shop.id);
    for (const s of record?.bundle.shop.cdp?.sinks ?? []) {
      const secret = config.secret(s.secret_env);
      if (!secret) log.error({ event: 'cdp.sink_without_secret', shopId: shop.id, sinkId: s.id, variable: s.secret_env }, 'CDP sink skipped: its secret variable is not set');
      else sinks.push({ id: `${shop.id}:${s.id}`, url: s.url, secret, shopIds: [shop.id] });
    }
  }
  return sinks;
}

/** Starts delivering; returns a function that stops and waits for the pass in flight. */
export function startCdpDelivery(deps: ServerDeps, config: Pick<Config, 'cdpWebhook' | 'secret'>, log: FastifyBaseLogger): () => Promise<void> {
  const transport = httpTransport();
  let sinks: { list: CdpSink[]; at: number } | undefined;
  let running: Promise<void> | undefined;
  const pass = async () => {
    try {
      if (!sinks || Date.now() - sinks.at > SINKS_TTL_MS) sinks = { list: await cdpSinks(deps, config, log), at: Date.now() };
      if (sinks.list.length) await deliverCdpEvents({ store: deps.store, clock: deps.clock, transport }, sinks.list);
    } catch (err) {
      log.error({ event: 'cdp.pass_failed', err }, 'CDP delivery pass failed');
    }
  };
  const timer = setInterval(() => void (running ??= pass().finally(() => (running = undefined))), PASS_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
