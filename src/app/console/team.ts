// The shop's team in the console: staff accounts created, changed (role, groups, capacity,
// display name), disabled (their sessions end) and given a new password; the agent groups
// routing knows. The last enabled admin cannot be disabled or made an agent.
import { XiaoerError } from '../errors.js';
import type { StaffRecord } from '../ports.js';
import { createStaff, hashPassword, passwordProblem } from '../staff/accounts.js';
import { audit, type Actor, type ConsoleDeps } from './console-deps.js';

type Deps = Pick<ConsoleDeps, 'store' | 'clock' | 'ids'>;

export type StaffView = Omit<StaffRecord, 'passwordHash' | 'shopId'>;
const view = ({ passwordHash: _p, shopId: _s, ...rest }: StaffRecord): StaffView => rest;

/** The shop's accounts and the agent groups of its live settings. */
export async function listTeam(deps: Deps, shopId: string): Promise<{ staff: StaffView[]; groups: { id: string; name: string }[] }> {
  const [staff, shop] = await Promise.all([deps.store.staff.list(shopId), deps.store.shops.get(shopId)]);
  if (!shop) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `no shop ${shopId}`);
  return { staff: staff.map(view), groups: (shop.bundle.shop.handoff?.groups ?? []).map((g) => ({ id: g.id, name: g.name })) };
}

export async function addStaff(deps: Deps, shopId: string, actor: Actor, s: { username: string; displayName?: string; role: 'admin' | 'agent'; groups: string[]; password: string; capacity?: number }): Promise<StaffView> {
  const created = await createStaff(deps, { shopId, ...s });
  await audit(deps, shopId, actor, 'staff.create', `staff/${created.username}`, `${created.role}${created.groups.length ? ` in ${created.groups.join(', ')}` : ''}`);
  return view(created);
}

async function member(deps: Deps, shopId: string, id: string): Promise<StaffRecord> {
  const s = await deps.store.staff.get(id);
  if (!s || s.shopId !== shopId) throw new XiaoerError('XIAOER_STAFF_NOT_FOUND', `no staff ${id} in shop ${shopId}`);
  return s;
}

/** Changes an account; disabling it ends its sessions. */
export async function updateStaff(deps: Deps, shopId: string, actor: Actor, id: string, patch: { displayName?: string; role?: 'admin' | 'agent'; groups?: string[]; capacity?: number | null; disabled?: boolean }): Promise<StaffView> {
  const s = await member(deps, shopId, id);
  if (patch.groups?.some((g) => !/^[a-z0-9][a-z0-9-]{0,63}$/.test(g))) throw new XiaoerError('XIAOER_INVALID_STAFF', 'group ids are lowercase letters, digits and "-" (at most 64)');
  const losesAdmin = s.role === 'admin' && !s.disabled && (patch.role === 'agent' || patch.disabled === true);
  if (losesAdmin) {
    const admins = (await deps.store.staff.list(shopId)).filter((x) => x.role === 'admin' && !x.disabled);
    if (admins.length <= 1) throw new XiaoerError('XIAOER_LAST_ADMIN', 'the shop needs at least one enabled admin; make another admin first');
  }
  await deps.store.staff.update(id, patch);
  if (patch.disabled === true) await deps.store.staff.deleteSessionsOf(id);
  const changed = Object.entries(patch).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`).join(', ');
  await audit(deps, shopId, actor, 'staff.update', `staff/${s.username}`, changed);
  return view(await member(deps, shopId, id));
}

/** Sets a new password; every session of the account ends. */
export async function resetPassword(deps: Deps, shopId: string, actor: Actor, id: string, password: string): Promise<void> {
  const s = await member(deps, shopId, id);
  const weak = passwordProblem(password);
  if (weak) throw new XiaoerError('XIAOER_INVALID_STAFF', weak);
  await deps.store.staff.update(id, { passwordHash: await hashPassword(password) });
  await deps.store.staff.deleteSessionsOf(id);
  await audit(deps, shopId, actor, 'staff.password', `staff/${s.username}`, 'password reset');
}
