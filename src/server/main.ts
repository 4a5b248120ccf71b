// `npm start`: the server's composition root. Parses the environment, opens the store, makes
// sure the demo shop is published, and serves HTTP, Socket.IO and the chat page.
import { pathToFileURL } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { buildServer } from './build-server.js';
import { loadConfig, type Config } from './config.js';
import { ensureDemoStaff, ensureShopPublished, openDeps, StartupError } from './wire.js';
import { followUpSilentConversations } from '../app/conversations/follow-up-silence.js';
import { followUpDeliveredOrders } from '../app/orders/order-delivered.js';
import { expireTranscripts } from '../app/customers/expire-transcripts.js';
import { purgeExpiredSessions } from '../app/staff/accounts.js';
import { startCdpDelivery } from './cdp.js';

/** Starts Xiaoer with the given configuration; resolves once it listens. */
export async function startServer(config: Config): Promise<{ close(): Promise<void>; url: string; log: FastifyBaseLogger }> {
  const deps = await openDeps(config);
  const { app, live } = await buildServer(deps, {
    logLevel: config.logLevel,
    webDir: config.webDir,
    trustProxy: config.trustProxy,
    rateLimits: config.rateLimits,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    apiDocs: config.apiDocs,
  });
  if (config.demoShopDir) {
    const shop = await ensureShopPublished(deps, config.demoShopDir);
    app.log.info({ event: 'shop.ready', shopId: shop.shopId, releaseId: shop.releaseId, imported: shop.imported }, 'shop ready');
    await deps.knowledge.get(shop.releaseId); // warm: the first shopper should not wait for loading
    const staff = await ensureDemoStaff(deps, shop.shopId, config.demoStaffPasswords);
    for (const a of staff ?? []) {
      const shown = a.generated ? a.password : `(XIAOER_DEMO_${a.role.toUpperCase()}_PASSWORD)`;
      app.log.info({ event: 'staff.created', shopId: shop.shopId, username: a.username, role: a.role }, `agent workspace /agent/: sign in to ${shop.shopId} as ${a.username} with password ${shown}`);
    }
  }
  // Trusting bare customer ids is a shop's explicit choice, said out loud at every start.
  for (const listed of await deps.store.listShops()) {
    const shop = await deps.store.getShop(listed.id);
    if (shop?.bundle.shop.identity?.trust === 'customer-id') {
      app.log.warn({ event: 'identity.trusts_customer_id', shopId: shop.id }, `shop ${shop.id} takes a bare customer id as given (shop.yaml identity.trust: customer-id): anyone can chat as any of its customers`);
    }
  }
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  app.log.info({ event: 'server.started', url, store: config.databaseUrl ? 'postgres' : 'sqlite', dataDir: config.databaseUrl ? undefined : config.dataDir }, `Xiaoer is serving ${url}`);
  // Silent shoppers and delivered orders get their shop's follow-up, pushed to the chat page if it is open.
  let sweeping: Promise<void> | undefined;
  const sweep = async () => {
    for (const [what, run] of [['silent conversations', followUpSilentConversations], ['delivered orders', followUpDeliveredOrders]] as const) {
      try {
        for (const f of await run(deps)) live.messages(f.shopId, f.conversationId, f.replies);
      } catch (err) {
        app.log.error({ event: 'follow_up.failed', what, err }, `following up ${what} failed`);
      }
    }
    try {
      const expired = await expireTranscripts(deps, config.transcriptRetentionDays);
      if (expired) app.log.info({ event: 'transcripts.expired', count: expired, days: config.transcriptRetentionDays }, 'transcripts past the retention period erased');
    } catch (err) {
      app.log.error({ event: 'transcripts.expire_failed', err }, 'erasing expired transcripts failed');
    }
    try {
      const purged = await purgeExpiredSessions(deps);
      if (purged) app.log.info({ event: 'sessions.purged', count: purged }, 'expired staff sessions deleted');
    } catch (err) {
      app.log.error({ event: 'sessions.purge_failed', err }, 'deleting expired staff sessions failed');
    }
  };
  const timer = config.followUpSeconds > 0 ? setInterval(() => void (sweeping ??= sweep().finally(() => (sweeping = undefined))), config.followUpSeconds * 1000) : undefined;
  timer?.unref();
  const stopCdp = startCdpDelivery(deps, config, app.log);
  let closing: Promise<void> | undefined;
  return {
    url,
    log: app.log,
    close: () =>
      (closing ??= (async () => {
        clearInterval(timer);
        await sweeping;
        await stopCdp();
        await app.close();
        await deps.store.close();
      })()),
  };
}

/** Starts from the environment; a StartupError ends the process with its one line and status 1. */
export async function startFromEnvironment(): Promise<{ close(): Promise<void>; log: FastifyBaseLogger }> {
  try {
    return await startServer(loadConfig());
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    console.error(`xiaoer: cannot start: ${err.message}`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = await startFromEnvironment();
  // Last line of defence: a promise nobody awaited must not end the process for every shopper.
  process.on('unhandledRejection', (err) => server.log.error({ err, event: 'process.unhandled_rejection' }, 'a promise failed with nobody waiting for it'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void server.close().then(() => process.exit(0));
    });
  }
}
