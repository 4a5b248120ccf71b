// The CDP stream's loop in the server: which sinks each shop has (shop.yaml cdp.sinks, plus the
// XIAOER_CDP_WEBHOOK_* and XIAOER_SEGMENT_* sinks for every shop), and a delivery pass every
// quarter second.
import type { FastifyBaseLogger } from 'fastify';
import { deliverCdpEvents, SEGMENT_ENDPOINT, type CdpSink } from '../app/cdp/deliver-events.js';
import { httpTransport } from '../adapters/cdp/http-transport.js';
import type { Config } from './config.js';
import type { ServerDeps } from './server-deps.js';
import { runEvery } from './periodic.js';

/** A pass every quarter second keeps the change-to-first-attempt time under a second. */
const PASS_MS = 250;
/** Shops' sinks are looked up again this often (a re-imported shop.yaml may change them). */
const SINKS_TTL_MS = 60_000;

/** The sinks configured now; a sink whose secret variable is unset is left out and logged. */
export async function cdpSinks(deps: Pick<ServerDeps, 'store'>, config: Pick<Config, 'cdpWebhook' | 'cdpSegment' | 'secret'>, log: Pick<FastifyBaseLogger, 'error'>): Promise<CdpSink[]> {
  const sinks: CdpSink[] = [];
  if (config.cdpWebhook) sinks.push({ id: 'env-webhook', url: config.cdpWebhook.url, secret: config.cdpWebhook.secret });
  if (config.cdpSegment) sinks.push({ kind: 'segment', id: 'env-segment', endpoint: config.cdpSegment.endpoint ?? SEGMENT_ENDPOINT, writeKey: config.cdpSegment.writeKey });
  for (const shop of await deps.store.shops.list()) {
    const record = await deps.store.shops.get(shop.id);
    for (const s of record?.bundle.shop.cdp?.sinks ?? []) {
      const variable = s.kind === 'segment' ? s.write_key_env : s.secret_env;
      const secret = config.secret(variable);
      const id = `${shop.id}:${s.id}`;
      if (!secret) log.error({ event: 'cdp.sink_without_secret', shopId: shop.id, sinkId: s.id, variable }, 'CDP sink skipped: its secret variable is not set');
      else if (s.kind === 'segment') sinks.push({ kind: 'segment', id, endpoint: s.endpoint ?? SEGMENT_ENDPOINT, writeKey: secret, shopIds: [shop.id] });
      else sinks.push({ id, url: s.url, secret, shopIds: [shop.id] });
    }
  }
  return sinks;
}

/**
 * Starts delivering; returns a function that stops and waits for the pass in flight. With several
 * nodes, a pass runs only where `mayRun` says so (the holder of the `cdp` lease), so each event
 * goes to each sink from one node.
 */
export function startCdpDelivery(deps: ServerDeps, config: Pick<Config, 'cdpWebhook' | 'cdpSegment' | 'secret'>, log: FastifyBaseLogger, mayRun: () => Promise<boolean> = async () => true): () => Promise<void> {
  const transport = httpTransport();
  let sinks: { list: CdpSink[]; at: number } | undefined;
  const pass = async () => {
    if (!sinks || Date.now() - sinks.at > SINKS_TTL_MS) sinks = { list: await cdpSinks(deps, config, log), at: Date.now() };
    if (sinks.list.length && (await mayRun())) await deliverCdpEvents({ store: deps.store, clock: deps.clock, transport }, sinks.list);
  };
  const periodic = runEvery(PASS_MS, pass, (err) => log.error({ event: 'cdp.pass_failed', err }, 'CDP delivery pass failed'));
  return () => periodic.stop();
}
