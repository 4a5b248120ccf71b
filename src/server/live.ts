// Pushes what happens to connected clients: shoppers (their conversation's room on the default
// namespace) and agents (their shop's room on /agent): new messages and ownership changes.
import type { Server as SocketServer } from 'socket.io';
import type { MessageRecord } from '../app/ports.js';
import type { HandledMessage } from '../app/conversations/handle-inbound-message.js';
import { autoAssign, workspaceSummary } from '../app/staff/workspace.js';
import { presentMessage, presentWorkspaceMessage } from './presenters.js';
import type { ServerDeps } from './server-deps.js';

export interface Live {
  attach(io: SocketServer): void;
  /** Messages of a conversation: to its shopper (notes never) and to its shop's agents. */
  messages(conversationId: string, messages: readonly MessageRecord[], options?: { toShopper?: boolean }): Promise<void>;
  /** The conversation's owner changed: the agents' lists update. */
  ownership(conversationId: string): Promise<void>;
  /** After a shopper's message: agents see it (and the AI's replies) once a person is involved. */
  shopperTurn(r: HandledMessage): Promise<void>;
  /** Agents with a workspace open (this process's sockets): who auto-assignment may pick. */
  agentOnline(shopId: string, staffId: string, online: boolean): Promise<void>;
  /** An agent stepped away (auto-assignment passes them by) or is available again. */
  agentAway(shopId: string, staffId: string, away: boolean): Promise<void>;
  /** Gives the shop's queue to online agents when the shop auto-assigns. */
  assign(shopId: string): Promise<void>;
}

export function createLive(deps: ServerDeps): Live {
  let io: SocketServer | undefined;
  /** Open workspace sockets per shop and staff member, and who of them stepped away. */
  const sockets = new Map<string, Map<string, number>>();
  const away = new Map<string, Set<string>>();
  const shopOf = async (conversationId: string) => (await deps.store.getConversation(conversationId))?.shopId;
  return {
    attach(server) {
      io = server;
    },
    async messages(conversationId, messages, options = {}) {
      if (!io || messages.length === 0) return;
      const shopper = messages.filter((m) => m.direction !== 'note');
      if (options.toShopper !== false && shopper.length) io.to(conversationId).emit('message:new', { messages: shopper.map(presentMessage) });
      const shopId = await shopOf(conversationId);
      if (shopId) io.of('/agent').to(`shop:${shopId}`).emit('message:new', { conversationId, messages: messages.map(presentWorkspaceMessage) });
    },
    async shopperTurn(r) {
      if (r.duplicate || (r.ownership.owner === 'ai' && !r.ownershipChanged)) return;
      await this.messages(r.message.conversationId, [r.message, ...r.replies], { toShopper: false });
      if (r.ownershipChanged) {
        await this.ownership(r.message.conversationId);
        const shopId = await shopOf(r.message.conversationId);
        if (shopId && r.ownership.owner === 'queued') await this.assign(shopId);
      }
    },
    async agentOnline(shopId, staffId, online) {
      const shop = sockets.get(shopId) ?? new Map<string, number>();
      const n = (shop.get(staffId) ?? 0) + (online ? 1 : -1);
      if (n > 0) shop.set(staffId, n);
      else {
        shop.delete(staffId);
        away.get(shopId)?.delete(staffId);
      }
      sockets.set(shopId, shop);
      if (online) await this.assign(shopId);
    },
    async agentAway(shopId, staffId, isAway) {
      const set = away.get(shopId) ?? new Set<string>();
      if (isAway) set.add(staffId);
      else set.delete(staffId);
      away.set(shopId, set);
      if (!isAway) await this.assign(shopId);
    },
    async assign(shopId) {
      const online = new Set([...(sockets.get(shopId)?.keys() ?? [])].filter((id) => !away.get(shopId)?.has(id)));
      for (const c of await autoAssign(deps, shopId, online)) {
        await this.ownership(c.id);
        // The "agent joined" notice autoAssign wrote: to the shopper and the workspace.
        const joined = (await deps.store.listMessages(c.id, 5)).filter((m) => m.trace?.rule === 'agent_joined').at(-1);
        if (joined) await this.messages(c.id, [joined]);
      }
    },
    async ownership(conversationId) {
      const c = await deps.store.getConversation(conversationId);
      if (!io || !c) return;
      io.of('/agent').to(`shop:${c.shopId}`).emit('queue:changed', { conversation: await workspaceSummary(deps, c) });
    },
  };
}
