// Pushes what happens to connected clients: shoppers (their conversation's room on the default
// namespace) and agents (their shop's room on /agent): new messages and ownership changes. Which
// agents have a workspace open, and which of them stepped away, is read off their sockets
// (`socket.data`), on every node through the Socket.IO adapter, for automatic assignment.
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
  messages(shopId: string, conversationId: string, messages: readonly MessageRecord[], options?: { toShopper?: boolean; toAgents?: boolean }): void;
  /** The conversation's owner changed: the agents' lists update; returns the summary they got. */
  ownership(c: ConversationRecord): Promise<ConversationSummary>;
  /** After a shopper's message: agents see it (and the AI's replies) once a person is involved. */
  shopperTurn(r: HandledMessage): Promise<void>;
  /** A turn answered after its message was acknowledged (202, or by the sweep): its replies to the shopper's sockets, and to agents as any turn's. */
  answeredLate(r: HandledMessage): Promise<void>;
  /** An agent opened a workspace: the shop's queue may go to them. */
  agentOnline(shopId: string, staffId: string): Promise<void>;
  /** An agent stepped away (auto-assignment passes them by) or is available again. */
  agentAway(shopId: string, staffId: string, away: boolean): Promise<void>;
  /** Gives the shop's queue to available agents when the shop auto-assigns. */
  assign(shopId: string): Promise<void>;
}

/** What an agent's socket carries, on whichever node it is connected. */
export interface AgentSocketData {
  staffId: string;
  shopId: string;
  away: boolean;
}

/** Sockets of the /agent namespace with their data, on every node (this node's only when the others cannot be asked). */
type AgentSockets = { data: AgentSocketData }[];

export function createLive(deps: ServerDeps, log: { warn(obj: object, msg: string): void } = { warn: () => {} }): Live {
  let io: SocketServer | undefined;
  const agentSockets = async (room: string): Promise<AgentSockets> => {
    if (!io) return [];
    const agents = io.of('/agent');
    try {
      return (await agents.in(room).fetchSockets()) as unknown as AgentSockets;
    } catch (err) {
      // Another node did not answer in time (Redis down): assign among this node's agents.
      log.warn({ event: 'agents.fetch_failed', room, err: { message: err instanceof Error ? err.message : String(err) } }, 'could not ask other nodes for their agents; using this node’s');
      return (await agents.local.in(room).fetchSockets()) as unknown as AgentSockets;
    }
  };
  return {
    attach(server) {
      io = server;
      // Another node's agent stepped away or came back: mark their sockets here too.
      server.of('/agent').on('agent:away', (staffId: unknown, isAway: unknown) => {
        if (typeof staffId === 'string' && typeof isAway === 'boolean') void markAway(server, staffId, isAway);
      });
    },
    messages(shopId, conversationId, messages, options = {}) {
      if (!io || messages.length === 0) return;
      const shopper = messages.filter((m) => m.direction !== 'note');
      if (options.toShopper !== false && shopper.length) io.to(conversationId).emit('message:new', { messages: shopper.map(presentMessage) });
      if (options.toAgents !== false) io.of('/agent').to(`shop:${shopId}`).emit('message:new', { conversationId, messages: messages.map(presentWorkspaceMessage) });
    },
    async ownership(c) {
      const summary = await workspaceSummary(deps, c);
      io?.of('/agent').to(`shop:${c.shopId}`).emit('queue:changed', { conversation: summary });
      // The shopper's sockets learn that the conversation has ended (the widget then asks for a rating).
      if (c.ownership.owner === 'closed') io?.to(c.id).emit('conversation:closed', { conversationId: c.id });
      return summary;
    },
    async shopperTurn(r) {
      if (r.duplicate || (r.ownership.owner === 'ai' && !r.ownershipChanged)) return;
      this.messages(r.shopId, r.message.conversationId, [r.message, ...r.replies], { toShopper: false });
      if (!r.ownershipChanged) return;
      const c = await deps.store.conversations.get(r.message.conversationId);
      if (c) await this.ownership(c);
      if (r.ownership.owner === 'queued') await this.assign(r.shopId);
    },
    async answeredLate(r) {
      this.messages(r.shopId, r.message.conversationId, r.replies, { toAgents: false });
      await this.shopperTurn(r);
    },
    async agentOnline(shopId) {
      await this.assign(shopId);
    },
    async agentAway(shopId, staffId, isAway) {
      if (io) {
        await markAway(io, staffId, isAway);
        // The agent's tabs on other nodes (the in-memory adapter of a single node has none to tell).
        if (deps.redis) io.of('/agent').serverSideEmit('agent:away', staffId, isAway);
      }
      if (!isAway) await this.assign(shopId);
    },
    async assign(shopId) {
      const available = new Set((await agentSockets(`shop:${shopId}`)).filter((s) => !s.data.away).map((s) => s.data.staffId));
      for (const { conversation, joined } of await autoAssign(deps, shopId, available)) {
        await this.ownership(conversation);
        this.messages(shopId, conversation.id, [joined]);
      }
    },
  };
}

/** Sets `away` on this node's sockets of an agent. */
async function markAway(io: SocketServer, staffId: string, isAway: boolean): Promise<void> {
  for (const s of await io.of('/agent').local.in(`staff:${staffId}`).fetchSockets()) (s.data as AgentSocketData).away = isAway;
}
