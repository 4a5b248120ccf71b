// /api/v1/admin/shops/:shop/flows…, /settings and /tags: the shop's SOP flows, shop.yaml and
// tags.yaml in its draft, edited as YAML and checked at their lines.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkFlow, deleteFlow, getFlow, listFlows, putFlow } from '../../app/console/edit-flows.js';
import { getSettings, getTags, putSettings, putTags } from '../../app/console/edit-settings.js';
import { flowJsonSchema } from '../../app/shops/sop-schema.js';
import { adminItemParams, adminShopParams, deletedSchema, flowBody, flowCheckSchema, flowListSchema, flowSchema, settingsBody, settingsSchema, tagsBody, tagsSchema } from '../../contracts/admin.js';
import { errorResponse } from '../../contracts/conversations.js';
import { adminGuard, etag, ifMatch, type StaffOf } from '../admin-access.js';
import type { ServerDeps } from '../server-deps.js';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
/** YAML documents are small; shop.yaml with thousands of dictionary words is the largest. */
const YAML_BYTES = 1024 * 1024;

export function adminFlowRoutes(deps: ServerDeps, staffOf: StaffOf): FastifyPluginAsyncZod {
  const adminOf = adminGuard(staffOf, 'the flows and settings');
  const schema = flowJsonSchema();
  const settingsView = (s: Awaited<ReturnType<typeof getSettings>>) => ({ greeting: s.settings.greeting, fallback: s.settings.fallback, answerThreshold: s.settings.answerThreshold, yaml: s.yaml, version: s.version, updatedAt: s.updatedAt, updatedBy: s.updatedBy });
  return async (app) => {
    app.get('/api/v1/admin/shops/:shop/sop-schema', { schema: { tags: ['admin'], summary: 'The JSON Schema of a flow file (docs/sop.schema.json), for editor completion', params: adminShopParams, response: { 200: z.unknown(), ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      return schema;
    });
    app.get('/api/v1/admin/shops/:shop/flows', { schema: { tags: ['admin'], summary: 'The flows of the draft', params: adminShopParams, response: { 200: flowListSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      return { flows: (await listFlows(deps, request.params.shop)).map(({ yaml: _y, ...f }) => f) };
    });
    app.post('/api/v1/admin/shops/:shop/flows/validate', { bodyLimit: YAML_BYTES, schema: { tags: ['admin'], summary: "Checks a flow's YAML against the draft: problems at their line and column, or the flow's diagram", params: adminShopParams, body: flowBody, response: { 200: flowCheckSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      const r = await checkFlow(deps, request.params.shop, request.body.yaml);
      return { ok: r.ok, problems: r.problems, diagram: r.diagram };
    });
    app.get('/api/v1/admin/shops/:shop/flows/:id', { schema: { tags: ['admin'], summary: 'One flow of the draft, its YAML (ETag: its version)', params: adminItemParams, response: { 200: flowSchema, ...errors } } }, async (request, reply) => {
      await adminOf(request.headers.cookie, request.params.shop);
      const f = await getFlow(deps, request.params.shop, request.params.id);
      void reply.header('etag', etag(f.version));
      return f;
    });
    app.put('/api/v1/admin/shops/:shop/flows/:id', { bodyLimit: YAML_BYTES, schema: { tags: ['admin'], summary: 'Saves a flow (refused with its problems at their lines when invalid; If-Match: its version, 0 for a new one)', params: adminItemParams, body: flowBody, response: { 200: flowSchema, ...errors } } }, async (request, reply) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      const f = await putFlow(deps, request.params.shop, actor, request.params.id, request.body.yaml, ifMatch(request.headers['if-match']));
      void reply.header('etag', etag(f.version));
      return f;
    });
    app.delete('/api/v1/admin/shops/:shop/flows/:id', { schema: { tags: ['admin'], summary: 'Deletes a flow from the draft', params: adminItemParams, response: { 200: deletedSchema, ...errors } } }, async (request) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      await deleteFlow(deps, request.params.shop, actor, request.params.id, ifMatch(request.headers['if-match']));
      return { id: request.params.id, deleted: true as const };
    });
    app.get('/api/v1/admin/shops/:shop/settings', { schema: { tags: ['admin'], summary: "The draft's shop.yaml and its form fields", params: adminShopParams, response: { 200: settingsSchema, ...errors } } }, async (request, reply) => {
      await adminOf(request.headers.cookie, request.params.shop);
      const s = await getSettings(deps, request.params.shop);
      void reply.header('etag', etag(s.version));
      return settingsView(s);
    });
    app.put('/api/v1/admin/shops/:shop/settings', { bodyLimit: YAML_BYTES, schema: { tags: ['admin'], summary: 'Saves shop.yaml whole, or the form fields into it (checked as an import is; If-Match: its version)', params: adminShopParams, body: settingsBody, response: { 200: settingsSchema, ...errors } } }, async (request, reply) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      const b = request.body;
      const change = b.yaml !== undefined ? { yaml: b.yaml } : { ...(b.greeting !== undefined ? { greeting: b.greeting } : {}), ...(b.fallback !== undefined ? { fallback: b.fallback } : {}), ...(b.answerThreshold !== undefined ? { answerThreshold: b.answerThreshold } : {}) };
      const s = await putSettings(deps, request.params.shop, actor, change, ifMatch(request.headers['if-match']));
      void reply.header('etag', etag(s.version));
      return settingsView(s);
    });
    app.get('/api/v1/admin/shops/:shop/tags', { schema: { tags: ['admin'], summary: "The draft's tags.yaml ('' and version 0 when it has none)", params: adminShopParams, response: { 200: tagsSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      return getTags(deps, request.params.shop);
    });
    app.put('/api/v1/admin/shops/:shop/tags', { bodyLimit: YAML_BYTES, schema: { tags: ['admin'], summary: "Saves tags.yaml, checked against the draft's intents and flows (If-Match: its version)", params: adminShopParams, body: tagsBody, response: { 200: tagsSchema, ...errors } } }, async (request) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      return putTags(deps, request.params.shop, actor, request.body.yaml, ifMatch(request.headers['if-match']));
    });
  };
}
