// Live updates from the /agent Socket.IO namespace (authenticated by the session cookie). Handlers
// are read through a ref so that re-rendering never reconnects.
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { AgentMessageEvent, QueueChangedEvent } from './api.js';

interface ServerEvents {
  'queue:changed': (e: QueueChangedEvent) => void;
  'message:new': (e: AgentMessageEvent) => void;
}

export interface AgentSocketHandlers {
  onQueueChanged: (e: QueueChangedEvent) => void;
  onMessages: (e: AgentMessageEvent) => void;
  /** After every connection: events sent before it (or while disconnected) are lost, so reload what is shown. */
  onConnected: () => void;
}

export type SocketStatus = 'connecting' | 'online' | 'offline';

export function useAgentSocket(handlers: AgentSocketHandlers): SocketStatus {
  const ref = useRef(handlers);
  ref.current = handlers;
  const [status, setStatus] = useState<SocketStatus>('connecting');

  useEffect(() => {
    const socket: Socket<ServerEvents> = io('/agent', { withCredentials: true });
    socket.on('connect', () => {
      setStatus('online');
      ref.current.onConnected();
    });
    socket.on('disconnect', () => setStatus('offline'));
    let retry: ReturnType<typeof setTimeout> | undefined;
    socket.on('connect_error', () => {
      setStatus('offline');
      // A refusal by the server's middleware stops the built-in reconnection; keep trying slowly.
      if (!socket.active) retry = setTimeout(() => socket.connect(), 5_000);
    });
    socket.on('queue:changed', (e) => ref.current.onQueueChanged(e));
    socket.on('message:new', (e) => ref.current.onMessages(e));
    return () => {
      clearTimeout(retry);
      socket.disconnect();
    };
  }, []);

  return status;
}
