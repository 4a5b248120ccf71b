// `npm start`: the server's composition root. Parses the environment, opens the store, makes
// sure the demo shop is published, and serves HTTP, Socket.IO and the chat page. With several
// nodes (PostgreSQL + Redis), each periodic job runs on one node at a time: the holder of its lease.
import { pathToFileURL } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { buildServer } from './build-server.js';
import { loadConfig, type Config } from './config.js';
import { ensureDemoStaff, ensureShopPublished, openDeps, StartupError } from './wire.js';
import { defaultNodeId } from './health.js';
import { followUpSilentConversations } from '../app/conversations/follow-up-silence.js';
import { answerUnansweredMessages } from '../app/conversations/answer-unanswered.js';
import { followUpDeliveredOrders } from '../app/orders/order-delivered.js';
import { expireTranscripts } from '../app/customers/expire-transcripts.js';
import { purgeExpiredSessions } from '../app/staff/accounts.js';
import { startCdpDelivery } from './cdp.js';
import { createLeases } from './leases.js';
import { runEvery } from './periodic.js';
import { onReleaseAnnounced } from './redis.js';
import { watchReleases } from './release-watch.js';

/** A started node: its URL and logger; `close` drains it (finishes in-flight turns first). */
export interface RunningServer {
  close(): Promise<void>;
  url: string;
  log: FastifyBaseLogger;
}

/** Starts Xiaoer with the given configuration; resolves once it listens. */
export async function startServer(config: Config): Promise<RunningServer> {
  const nodeId = config.nodeId ?? defaultNodeId();
  const deps = await openDeps(config);
  const leases = createLeases(deps, nodeId);
  const { app, live, drain, channels } = await buildServer(deps, {
    logLevel: config.logLevel,
    webDir: config.webDir,
    trustProxy: config.trustProxy,
    rateLimits: config.rateLimits,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    apiDocs: config.apiDocs,
    wecomApiBase: config.wecomApiBase,
    // What conversations on channels say is sent by one node at a time: the holder of the lease.
    mayDeliverChannels: () => leases.hold('channels', 10_000),
    nodeId,
    maxTurnsInFlight: config.maxTurnsInFlight,
    queueWaitMs: config.queueWaitMs,
  });
  if (config.demoShopDir) {
    const shop = await ensureShopPublished(deps, config.demoShopDir);
    app.log.info({ event: 'shop.ready', shopId: shop.shopId, releaseId: shop.releaseId, imported: shop.imported }, 'shop ready');
    await deps.knowledge.get(shop.releaseId); // warm: the first shopper should not wait for loading
    const staff = await ensureDemoStaff(deps, shop.shopId, config.demoStaffPasswords);
    for (const a of staff ?? []) {
      const shown = a.generated ? a.password : `(XIAOER_DEMO_${a.role.toUpperCase()}_PASSWORD)`;
      app.log.info({ event: 'staff.created', shopId: shop.shopId, username: a.username, role: a.role }, `${a.role === 'admin' ? 'agent workspace /agent/ and analytics console /admin/' : 'agent workspace /agent/'}: sign in to ${shop.shopId} as ${a.username} with password ${shown}`);
    }
  }
  // Trusting bare customer ids is a shop's explicit choice, said out loud at every start.
  for (const listed of await deps.store.shops.list()) {
    const shop = await deps.store.shops.get(listed.id);
    if (shop?.bundle.shop.identity?.trust === 'customer-id') {
      app.log.warn({ event: 'identity.trusts_customer_id', shopId: shop.id }, `shop ${shop.id} takes a bare customer id as given (shop.yaml identity.trust: customer-id): anyone can chat as any of its customers`);
    }
  }
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  app.log.info({ event: 'server.started', url, nodeId, store: config.databaseUrl ? 'postgres' : 'sqlite', redis: config.redisUrl ? 'on' : 'off', dataDir: config.databaseUrl ? undefined : config.dataDir }, `Xiaoer is serving ${url}`);
  if (config.databaseUrl && !config.redisUrl) app.log.warn({ event: 'server.no_redis' }, 'PostgreSQL without REDIS_URL: run one node only, or set REDIS_URL so live updates and rate limits span nodes');

  // Silent shoppers and delivered orders get their shop's follow-up, pushed to the chat page if it
  // is open; messages acknowledged but never answered (their node stopped) are answered.
  // Where this node's last sweep left off reading unanswered messages (a node that takes the lease over reads the last hour once).
  let unansweredSince: string | undefined;
  const sweep = async () => {
    if (!(await leases.hold('sweeps', config.followUpSeconds * 3_000))) {
      unansweredSince = undefined;
      return;
    }
    for (const [what, run] of [['silent conversations', followUpSilentConversations], ['delivered orders', followUpDeliveredOrders]] as const) {
      try {
        for (const f of await run(deps)) live.messages(f.shopId, f.conversationId, f.replies);
      } catch (err) {
        app.log.error({ event: 'follow_up.failed', what, err }, `following up ${what} failed`);
      }
    }
    try {
      const { answered, failed, checkedUntil } = await answerUnansweredMessages(deps, unansweredSince !== undefined ? { since: unansweredSince } : {});
      unansweredSince = checkedUntil;
      for (const r of answered) await live.answeredLate(r);
      if (answered.length || failed) app.log.warn({ event: 'messages.answered_late', count: answered.length, failed }, 'acknowledged messages no node had answered were answered now');
    } catch (err) {
      app.log.error({ event: 'messages.answer_late_failed', err }, 'answering unanswered messages failed');
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
  const sweeps = runEvery(config.followUpSeconds * 1000, sweep, (err) => app.log.error({ event: 'sweep.failed', err }, 'a sweep failed'));
  const stopCdp = startCdpDelivery(deps, config, app.log, () => leases.hold('cdp', 10_000));
  // Channels' messages (WeCom, the webhook) are retried, and agents' replies sent, every quarter second.
  const channelPasses = runEvery(250, async () => void (await channels.deliver()), (err) => app.log.error({ event: 'channels.pass_failed', err }, 'a channel delivery pass failed'));
  // A shop's new release is loaded on every node before its shoppers need it: announced over Redis, else noticed within a minute.
  const warm = (shopId: string, releaseId: string) =>
    void deps.knowledge.get(releaseId).then(
      () => app.log.info({ event: 'release.loaded', shopId, releaseId }, 'a newly current release is loaded'),
      (err: unknown) => app.log.error({ event: 'release.load_failed', shopId, releaseId, err }, 'loading a newly current release failed'),
    );
  // Not awaited: with Redis down at start the subscription waits for it, and the node serves meanwhile.
  if (deps.redis) onReleaseAnnounced(deps.redis, warm).catch((err: unknown) => app.log.warn({ event: 'release.subscribe_failed', err }, 'not subscribed to release announcements; changes are noticed within a minute'));
  const releases = watchReleases(deps, 60_000, warm);

  let closing: Promise<void> | undefined;
  return {
    url,
    log: app.log,
    close: () =>
      (closing ??= (async () => {
        await releases.stop();
        await sweeps.stop();
        await stopCdp();
        await channelPasses.stop();
        const finished = await drain(config.drainSeconds * 1000);
        app.log.info({ event: 'server.drained', finished }, finished ? 'in-flight turns finished; closing' : 'in-flight turns did not finish in time; what they stored is answered by the other nodes');
        await leases.releaseAll();
        await deps.close();
      })()),
  };
}

/** Starts from the environment; a StartupError ends the process with its one line and status 1. */
export async function startFromEnvironment(): Promise<RunningServer> {
  try {
    return await startServer(loadConfig());
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    console.error(`xiaoer: cannot start: ${err.message}`);
    process.exit(1);
  }
}

/**
 * Serves until SIGTERM or SIGINT, then drains: in-flight turns finish, new requests get 503 with
 * Retry-After, sockets are told to reconnect (elsewhere), and the process exits, forcibly when
 * draining outlasts XIAOER_DRAIN_SECONDS by five seconds.
 */
export async function runFromEnvironment(): Promise<void> {
  const config = loadConfig();
  const server = await startFromEnvironment();
  // Last line of defence: a promise nobody awaited must not end the process for every shopper.
  process.on('unhandledRejection', (err) => server.log.error({ err, event: 'process.unhandled_rejection' }, 'a promise failed with nobody waiting for it'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.log.info({ event: 'server.draining', signal }, `${signal}: draining`);
      setTimeout(() => process.exit(1), (config.drainSeconds + 5) * 1000).unref();
      void server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          server.log.error({ event: 'server.close_failed', err }, 'closing failed');
          process.exit(1);
        },
      );
    });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runFromEnvironment();
