// Who owns a conversation: one owner at a time, as an explicit state machine. The AI answers
// only when it owns the conversation (or while it waits in the queue); once an agent owns it, the
// AI says nothing to the shopper until the agent hands it back. Pure.

export type Owner = 'ai' | 'queued' | 'agent' | 'closed';

export interface Ownership {
  owner: Owner;
  /** The agent who owns it (owner agent). */
  agentId: string | null;
  /** The agent group whose queue it waits in, or that its agent belongs to for it. */
  group: string | null;
  /** Why it went to a person: explicit_request, angry, consecutive_fallbacks, sop:<reason>, vip, keyword… */
  reason: string | null;
  /** Higher first in the queue (value and intent); ties go to the longest wait. */
  priority: number;
  /** When the current owner got it. */
  since: string;
}

/** A move between owners. */
export type OwnershipAction =
  | { kind: 'request'; reason: string; group: string | null; priority: number }
  | { kind: 'assign'; agentId: string }
  | { kind: 'transfer_to_agent'; agentId: string }
  | { kind: 'transfer_to_group'; group: string }
  | { kind: 'hand_back' }
  | { kind: 'close' }
  | { kind: 'reopen' };

/** Which moves each owner allows. */
const ALLOWED: Record<Owner, readonly OwnershipAction['kind'][]> = {
  ai: ['request', 'close'],
  queued: ['assign', 'transfer_to_group', 'close'],
  agent: ['transfer_to_agent', 'transfer_to_group', 'hand_back', 'close'],
  closed: ['reopen'],
};

export const AI_OWNED = (since: string): Ownership => ({ owner: 'ai', agentId: null, group: null, reason: null, priority: 0, since });

/** The ownership after `action`, or why the move is not allowed from here. */
export function transition(o: Ownership, action: OwnershipAction, now: string): { ok: true; ownership: Ownership } | { ok: false; from: Owner; action: OwnershipAction['kind'] } {
  if (!ALLOWED[o.owner].includes(action.kind)) return { ok: false, from: o.owner, action: action.kind };
  switch (action.kind) {
    case 'request':
      return { ok: true, ownership: { owner: 'queued', agentId: null, group: action.group, reason: action.reason, priority: action.priority, since: now } };
    case 'assign':
    case 'transfer_to_agent':
      if (action.kind === 'transfer_to_agent' && action.agentId === o.agentId) return { ok: false, from: o.owner, action: action.kind };
      return { ok: true, ownership: { ...o, owner: 'agent', agentId: action.agentId, since: now } };
    case 'transfer_to_group':
      return { ok: true, ownership: { ...o, owner: 'queued', agentId: null, group: action.group, since: now } };
    case 'hand_back':
      return { ok: true, ownership: AI_OWNED(now) };
    case 'close':
      return { ok: true, ownership: { ...o, owner: 'closed', since: now } };
    case 'reopen':
      return { ok: true, ownership: AI_OWNED(now) };
  }
}

/** Whether the AI may write to the shopper. */
export function aiMaySpeak(o: Ownership): boolean {
  return o.owner === 'ai' || o.owner === 'queued';
}
