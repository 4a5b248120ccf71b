// /api/v1/admin/shops/:shop/{draft,try,simulate,publish,releases…}: trying the draft, publishing
// it after the shop's own tests, and the releases with their diffs and rollback.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ensureDraft } from '../../app/console/console-deps.js';
import { compileDraft } from '../../app/console/draft-release.js';
import { publishDraft } from '../../app/console/publish-draft.js';
import { diffHashes, draftHashes, releaseHashes } from '../../app/console/release-items.js';
import { diffRelease, listReleases, rollbackRelease } from '../../app/console/releases.js';
import { simulateDraft, tryText } from '../../app/console/try-draft.js';
import { XiaoerError } from '../../app/errors.js';
import { adminShopParams, changesSchema, draftQuery, draftSchema, publishBody, publishResultSchema, releaseDiffQuery, releaseListSchema, releaseParams, rollbackResultSchema, simulateBody, simulateResultSchema, tryBody, tryResultSchema } from '../../contracts/admin.js';
import { errorResponse } from '../../contracts/conversations.js';
import { adminGuard, type StaffOf } from '../admin-access.js';
import { announceRelease } from '../redis.js';
import type { ServerDeps } from '../server-deps.js';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export function adminReleaseRoutes(deps: ServerDeps, staffOf: StaffOf): FastifyPluginAsyncZod {
  const adminOf = adminGuard(staffOf, 'publishing');
  return async (app) => {
    app.get('/api/v1/admin/shops/:shop/draft', { schema: { tags: ['admin'], summary: 'What publishing the draft would change; with check=true also its problems that span items (compiles the draft)', params: adminShopParams, querystring: draftQuery, response: { 200: draftSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      const shopId = request.params.shop;
      await ensureDraft(deps, shopId);
      const live = (await deps.store.shops.get(shopId))?.currentReleaseId ?? null;
      const changes = diffHashes(live ? await releaseHashes(deps, live) : new Map(), await draftHashes(deps, shopId));
      // Problems only when asked and the draft differs from what is live: checking compiles the
      // draft (in a worker, tens of seconds for a flagship), too much for every edit's refresh.
      const differs = Object.values(changes).some((c) => c.added.length + c.changed.length + c.removed.length > 0);
      let problems: string[] = [];
      if (request.query.check === 'true' && differs) {
        try {
          await compileDraft(deps, shopId);
        } catch (err) {
          if (!(err instanceof XiaoerError) || err.code !== 'XIAOER_DRAFT_INVALID') throw err;
          problems = [...err.details];
        }
      }
      return { basedOn: live, changes, problems };
    });
    app.post('/api/v1/admin/shops/:shop/try', { schema: { tags: ['admin'], summary: 'A shopper message answered by the draft and by the live release, with intent, entities and trace (nothing is recorded)', params: adminShopParams, body: tryBody, response: { 200: tryResultSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      return tryText(deps, request.params.shop, request.body.text, request.body.productId);
    });
    app.post('/api/v1/admin/shops/:shop/simulate', { schema: { tags: ['admin'], summary: "A whole conversation (the shopper's messages so far) answered by the draft, each reply with its flow, step and template", params: adminShopParams, body: simulateBody, response: { 200: simulateResultSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      const b = request.body;
      return simulateDraft(deps, request.params.shop, b.messages, { ...(b.productId ? { productId: b.productId } : {}), ...(b.customerId ? { customerId: b.customerId } : {}) });
    });
    app.post('/api/v1/admin/shops/:shop/publish/check', { schema: { tags: ['admin'], summary: "What publishing would do: the changes and the shop's tests on the draft against the live release (publishes nothing)", params: adminShopParams, response: { 200: publishResultSchema, ...errors } } }, async (request) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      return publishDraft(deps, request.params.shop, actor, { confirm: false, dryRun: true });
    });
    app.post(
      '/api/v1/admin/shops/:shop/publish',
      { schema: { tags: ['admin'], summary: 'Publishes the draft after its tests: 201; 409 XIAOER_PUBLISH_NEW_FAILURES with the new failures unless {"confirm": true}', params: adminShopParams, body: publishBody, response: { 201: publishResultSchema, ...errors } } },
      async (request, reply) => {
        const actor = await adminOf(request.headers.cookie, request.params.shop);
        const r = await publishDraft(deps, request.params.shop, actor, { confirm: request.body.confirm, dryRun: false, ...(request.body.note ? { note: request.body.note } : {}) });
        // Every node loads the new release before its shoppers need it (else noticed within a minute).
        if (deps.redis) void announceRelease(deps.redis, request.params.shop, r.releaseId).catch(() => false);
        return reply.code(201).send(r);
      },
    );
    app.get('/api/v1/admin/shops/:shop/releases', { schema: { tags: ['admin'], summary: 'Releases, newest first: who published each, which is live, and the open conversations pinned to each', params: adminShopParams, response: { 200: releaseListSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      return { releases: await listReleases(deps, request.params.shop) };
    });
    app.get('/api/v1/admin/shops/:shop/releases/:release/diff', { schema: { tags: ['admin'], summary: 'What changed from `against` (default: the release before it) to this release', params: releaseParams, querystring: releaseDiffQuery, response: { 200: changesSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      return diffRelease(deps, request.params.shop, request.params.release, request.query.against);
    });
    app.post('/api/v1/admin/shops/:shop/releases/:release/rollback', { schema: { tags: ['admin'], summary: 'Makes an older release live again (new conversations start on it; running ones keep theirs; the draft stays)', params: releaseParams, response: { 200: rollbackResultSchema, ...errors } } }, async (request) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      const r = await rollbackRelease(deps, request.params.shop, actor, request.params.release);
      if (deps.redis) void announceRelease(deps.redis, request.params.shop, r.releaseId).catch(() => false);
      return r;
    });
  };
}
