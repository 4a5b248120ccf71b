// What a chat page does after a 202: it keeps a Socket.IO connection open on its conversation and
// the reply is pushed to it. One socket per shopper (to the nodes in turn), resumed on its
// conversation; every reply pushed is kept by the message it answers, so a 202 waits for the push
// instead of reading the transcript again and again.
import { io, type Socket } from 'socket.io-client';
import type { Shopper } from './load.js';

interface Pushed {
  createdAt: string;
  source: string | undefined;
}

export interface Pushes {
  /** The reply to `messageId` once pushed (undefined after `ms` without it). */
  replyTo(messageId: string, ms: number): Promise<Pushed | undefined>;
  /** Sockets connected and resumed. */
  connected: number;
  close(): void;
}

export async function listenForPushes(nodes: string[], shoppers: Shopper[], timeoutMs: number): Promise<Pushes> {
  const seen = new Map<string, Pushed>();
  const waiting = new Map<string, (p: Pushed) => void>();
  const sockets: Socket[] = [];
  let connected = 0;
  const deadline = Date.now() + timeoutMs;
  // A few hundred at a time: thousands of handshakes at once would overflow the nodes' accept queue.
  for (let i = 0; i < shoppers.length; i += 200) {
    await Promise.all(
      shoppers.slice(i, i + 200).map(async (s) => {
        const socket = io(nodes[s.index % nodes.length] ?? '', { transports: ['websocket'], forceNew: true, reconnectionDelay: 500 });
        sockets.push(socket);
        socket.on('message:new', (p: { messages?: { direction?: string; replyTo?: string | null; createdAt?: string; trace?: { source?: string } | null }[] }) => {
          for (const m of p.messages ?? []) {
            if (m.direction !== 'out' || !m.replyTo || seen.has(m.replyTo)) continue;
            const pushed = { createdAt: m.createdAt ?? new Date().toISOString(), source: m.trace?.source };
            seen.set(m.replyTo, pushed);
            waiting.get(m.replyTo)?.(pushed);
            waiting.delete(m.replyTo);
          }
        });
        // (Re)joins the conversation's room on every connect, as the chat page does.
        const resume = () => void socket.timeout(10_000).emitWithAck('conversation:resume', { id: s.conversationId, token: s.token }).then(() => undefined, () => undefined);
        socket.on('connect', resume);
        const ok = await new Promise<boolean>((resolve) => {
          socket.once('connect', () => resolve(true));
          setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
        });
        if (ok) connected++;
      }),
    );
  }
  return {
    connected,
    replyTo: (messageId, ms) => {
      const known = seen.get(messageId);
      if (known) return Promise.resolve(known);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(messageId);
          resolve(undefined);
        }, ms);
        waiting.set(messageId, (p) => {
          clearTimeout(timer);
          resolve(p);
        });
      });
    },
    close: () => {
      for (const s of sockets) s.close();
    },
  };
}
