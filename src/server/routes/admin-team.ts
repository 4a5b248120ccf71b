// /api/v1/admin/shops/:shop/staff… and /audit: the shop's team and the record of every change.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addStaff, listTeam, resetPassword, updateStaff } from '../../app/console/team.js';
import { adminShopParams, auditListSchema, auditQuery, newStaffBody, passwordBody, staffAdminSchema, staffListSchema, staffParams, staffPatch } from '../../contracts/admin.js';
import { errorResponse } from '../../contracts/conversations.js';
import { adminGuard, type StaffOf } from '../admin-access.js';
import type { ServerDeps } from '../server-deps.js';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export function adminTeamRoutes(deps: ServerDeps, staffOf: StaffOf): FastifyPluginAsyncZod {
  const adminOf = adminGuard(staffOf, 'the team settings');
  return async (app) => {
    app.get('/api/v1/admin/shops/:shop/staff', { schema: { tags: ['admin'], summary: "The shop's staff accounts and agent groups", params: adminShopParams, response: { 200: staffListSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      return listTeam(deps, request.params.shop);
    });
    app.post('/api/v1/admin/shops/:shop/staff', { schema: { tags: ['admin'], summary: 'Creates an account (password of at least 10 characters)', params: adminShopParams, body: newStaffBody, response: { 201: staffAdminSchema, ...errors } } }, async (request, reply) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      const b = request.body;
      const created = await addStaff(deps, request.params.shop, actor, { username: b.username, role: b.role, groups: b.groups, password: b.password, ...(b.displayName ? { displayName: b.displayName } : {}), ...(b.capacity ? { capacity: b.capacity } : {}) });
      return reply.code(201).send(created);
    });
    app.patch('/api/v1/admin/shops/:shop/staff/:staff', { schema: { tags: ['admin'], summary: 'Changes an account: display name, role, groups, capacity, disabled (its sessions end)', params: staffParams, body: staffPatch, response: { 200: staffAdminSchema, ...errors } } }, async (request) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      const b = request.body;
      const patch = {
        ...(b.displayName !== undefined ? { displayName: b.displayName } : {}),
        ...(b.role !== undefined ? { role: b.role } : {}),
        ...(b.groups !== undefined ? { groups: b.groups } : {}),
        ...(b.capacity !== undefined ? { capacity: b.capacity } : {}),
        ...(b.disabled !== undefined ? { disabled: b.disabled } : {}),
      };
      return updateStaff(deps, request.params.shop, actor, request.params.staff, patch);
    });
    app.post('/api/v1/admin/shops/:shop/staff/:staff/password', { schema: { tags: ['admin'], summary: "Sets a new password; the account's sessions end", params: staffParams, body: passwordBody, response: { 204: z.null().describe('no content'), ...errors } } }, async (request, reply) => {
      const actor = await adminOf(request.headers.cookie, request.params.shop);
      await resetPassword(deps, request.params.shop, actor, request.params.staff, request.body.password);
      return reply.code(204).send(null);
    });
    app.get('/api/v1/admin/shops/:shop/audit', { schema: { tags: ['admin'], summary: 'Every change made in the console, newest first', params: adminShopParams, querystring: auditQuery, response: { 200: auditListSchema, ...errors } } }, async (request) => {
      await adminOf(request.headers.cookie, request.params.shop);
      const r = await deps.store.audit.list(request.params.shop, request.query.offset, request.query.limit);
      return { total: r.total, entries: r.entries.map(({ shopId: _s, ...e }) => e) };
    });
  };
}
