// The fields of a team member that an edit actually changed: a PATCH carries only those.
import type { StaffAdminDto, StaffPatch } from '../../../../src/contracts/admin.js';

export interface StaffEdit {
  displayName: string;
  role: 'admin' | 'agent';
  groups: string[];
  /** null (or an emptied input) for the default capacity. */
  capacity: number | null | undefined;
}

export function staffChanges(before: StaffAdminDto, after: StaffEdit): StaffPatch {
  const patch: StaffPatch = {};
  const name = after.displayName.trim();
  if (name && name !== before.displayName) patch.displayName = name;
  if (after.role !== before.role) patch.role = after.role;
  const groups = after.groups ?? [];
  if (groups.length !== before.groups.length || groups.some((g, i) => g !== before.groups[i])) patch.groups = groups;
  const capacity = after.capacity ?? null;
  if (capacity !== before.capacity) patch.capacity = capacity;
  return patch;
}
