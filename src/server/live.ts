// Pushes what happens to connected clients: shoppers (their conversation's room on the default
// namespace) and agents (their shop's room on /agent): new messages and ownership changes. Keeps
// which agents have a workspace open, and which of them stepped away, for automatic assignment.
import type { Server as SocketServer } from 'socket.io';
import type { ConversationRecord, MessageRecord } from '../app/ports.js';
import type { HandledMessage } from '../app/conversations/handle-inbound-message.js';
import { autoAssign, workspaceSummary } from '../app/staff/workspace.js';
import type { ConversationSummary } from '../contracts/agent.js';
import { presentMessage, presentWorkspaceMessage } from './presenters.js';
import type { ServerDeps } from './server-deps.js';

export interface Live {
  attach(io: SocketServer): void;
  /** Messages of a shop's conversation: to its shopper (notes never) and to the shop's agents. */
  messages(shopId: string, conversationId: string, messages: readonly MessageRecord[], options?: { toShopper?: boolean }): void;
  /** The conversation's owner changed: the agents' lists update; returns the summary they got. */
  ownership(c: ConversationRecord): Promise<ConversationSummary>;
  /** After a shopper's message: agents see it (and the AI's replies) once a person is involved. */
  shopperTurn(r: HandledMessage): Promise<void>;
  /** Agents with a workspace open (this process's sockets): who auto-assignment may pick. */
  agentOnline(shopId: string, staffId: string, online: boolean): Promise<void>;
  /** An agent stepped away (auto-assignment passes them by) or is available again. */
  agentAway(shopId: string, staffId: string, away: boolean): Promise<void>;
  /** Gives the shop's queue to available agents when the shop auto-assigns. */
  assign(shopId: string): Promise<void>;
}

export function createLive(deps: ServerDeps): Live {
  let io: SocketServer | undefined;
  /** Open workspace sockets per shop and staff member, and who of them stepped away. */
  const sockets = new Map<string, Map<string, number>>();
  const away = new Map<string, Set<string>>();
  return {
    attach(server) {
      io = server;
    },
    messages(shopId, conversationId, messages, options = {}) {
      if (!io || messages.length === 0) return;
      const shopper = messages.filter((m) => m.direction !== 'note');
      if (options.toShopper !== false && shopper.length) io.to(conversationId).emit('message:new', { messages: shopper.map(presentMessage) });
      io.of('/agent').to(`shop:${shopId}`).emit('message:new', { conversationId, messages: messages.map(presentWorkspaceMessage) });
    },
    async ownership(c) {
      const summary = await workspaceSummary(deps, c);
      io?.of('/agent').to(`shop:${c.shopId}`).emit('queue:changed', { conversation: summary });
      return summary;
    },
    async shopperTurn(r) {
      if (r.duplicate || (r.ownership.owner === 'ai' && !r.ownershipChanged)) return;
      this.messages(r.shopId, r.message.conversationId, [r.message, ...r.replies], { toShopper: false });
      if (!r.ownershipChanged) return;
      const c = await deps.store.getConversation(r.message.conversationId);
      if (c) await this.ownership(c);
      if (r.ownership.owner === 'queued') await this.assign(r.shopId);
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
      const available = new Set([...(sockets.get(shopId)?.keys() ?? [])].filter((id) => !away.get(shopId)?.has(id)));
      for (const { conversation, joined } of await autoAssign(deps, shopId, available)) {
        await this.ownership(conversation);
        this.messages(shopId, conversation.id, [joined]);
      }
    },
  };
}
