// Customer profiles and the CDP dead-letter list for a shop's staff: read and edit preferences
// (agents and admins), see and re-drive dead deliveries (admins). Same session and shop checks as
// the workspace.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { customerProfile, editPreferences } from '../../app/customers/profile.js';
import { XiaoerError } from '../../app/errors.js';
import type { StaffRecord } from '../../app/ports.js';
import { errorResponse } from '../../contracts/conversations.js';
import { customerParams, customerProfileSchema, deadLettersSchema, editPreferencesBody, redriveSchema } from '../../contracts/agent.js';
import type { ServerDeps } from '../server-deps.js';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

/** Registers the routes; `staffOf` resolves the signed-in staff member (401 otherwise). */
export function customerRoutes(deps: ServerDeps, staffOf: (cookie: string | undefined) => Promise<StaffRecord>): FastifyPluginAsyncZod {
  const admin = async (cookie: string | undefined) => {
    const s = await staffOf(cookie);
    if (s.role !== 'admin') throw new XiaoerError('XIAOER_FORBIDDEN', 'only an admin may do this');
    return s;
  };
  const profileOf = async (shopId: string, key: string) => {
    const p = await customerProfile(deps, shopId, key);
    return { key, customer: p.customer ? { id: p.customer.id, name: p.customer.name, segment: p.customer.segment, tags: p.customer.tags } : null, preferences: p.preferences, tags: p.tags, purchases: p.purchases, lastConversation: p.lastConversation };
  };
  return async (app) => {
    app.get('/api/v1/agent/customers/:key', { schema: { tags: ['staff'], summary: "A customer's profile: preferences with provenance, tags with evidence, purchases, last conversation", params: customerParams, response: { 200: customerProfileSchema, ...errors } } }, async (request) => {
      const staff = await staffOf(request.headers.cookie);
      return profileOf(staff.shopId, request.params.key);
    });
    app.patch('/api/v1/agent/customers/:key/preferences', { schema: { tags: ['staff'], summary: 'Set preferences by hand (source "edit"); streamed to the CDP', params: customerParams, body: editPreferencesBody, response: { 200: customerProfileSchema, ...errors } } }, async (request) => {
      const staff = await staffOf(request.headers.cookie);
      await editPreferences(deps, staff.shopId, request.params.key, request.body.preferences);
      return profileOf(staff.shopId, request.params.key);
    });
    app.get('/api/v1/agent/cdp/dead', { schema: { tags: ['staff'], summary: "The shop's CDP dead-letter list (admins)", response: { 200: deadLettersSchema, ...errors } } }, async (request) => {
      const staff = await admin(request.headers.cookie);
      const dead = await deps.store.outbox.listDeadCdpDeliveries(staff.shopId);
      return { deliveries: dead.map((d) => ({ sinkId: d.sinkId, eventId: d.eventId, type: d.event.event.type, customerKey: d.customerKey, attempts: d.attempts, deadAt: d.deadAt, lastError: d.lastError })) };
    });
    app.post('/api/v1/agent/cdp/redrive', { schema: { tags: ['staff'], summary: "Send the shop's dead-letter list again (admins)", response: { 200: redriveSchema, ...errors } } }, async (request) => {
      const staff = await admin(request.headers.cookie);
      return { redriven: await deps.store.outbox.redriveCdpDeliveries(staff.shopId, deps.clock.now()) };
    });
  };
}
