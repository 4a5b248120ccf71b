// Live updates from the /agent Socket.IO namespace (authenticated by the session cookie). Handlers
// are read through a ref so that re-rendering never reconnects.
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { AgentMessageEvent, QueueChangedEvent } from './api.js';

interface ServerEvents {
  'queue:changed': (e: QueueChangedEvent) => void;
  'message:new': (e: AgentMessageEvent) => void;
}

interface ClientEvents {
  /** away: automatic assignment passes me by; available: it may give me conversations. */
  'agent:status': (status: 'available' | 'away') => void;
}

export interface AgentSocketHandlers {
  onQueueChanged: (e: QueueChangedEvent) => void;
  onMessages: (e: AgentMessageEvent) => void;
  /** After every connection: events sent before it (or while disconnected) are lost, so reload what is shown. */
  onConnected: () => void;
}

export type SocketStatus = 'connecting' | 'online' | 'offline';

export function useAgentSocket(handlers: AgentSocketHandlers): { status: SocketStatus; away: boolean; setAway: (away: boolean) => void } {
  const ref = useRef(handlers);
  ref.current = handlers;
  const [status, setStatus] = useState<SocketStatus>('connecting');
  const [away, setAwayState] = useState(false);
  const awayRef = useRef(false);
  const socketRef = useRef<Socket<ServerEvents, ClientEvents> | null>(null);

  useEffect(() => {
    const socket: Socket<ServerEvents, ClientEvents> = io('/agent', { withCredentials: true, transports: ['websocket', 'polling'] });
    socketRef.current = socket;
    socket.on('connect', () => {
      setStatus('online');
      // A new connection starts available on the server: say again if I am away.
      if (awayRef.current) socket.emit('agent:status', 'away');
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

  const setAway = (value: boolean) => {
    awayRef.current = value;
    setAwayState(value);
    socketRef.current?.emit('agent:status', value ? 'away' : 'available');
  };
  return { status, away, setAway };
}
