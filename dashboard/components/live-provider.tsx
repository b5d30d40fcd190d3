'use client';
/** One Socket.IO connection to the dashboard server per tab, shared by every live component. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type {
  DashboardBrowserToServer,
  DashboardServerToBrowser,
  NodeView,
} from '@/lib/live/protocol';

export type LiveSocket = Socket<DashboardServerToBrowser, DashboardBrowserToServer>;

interface LiveState {
  socket: LiveSocket | null;
  connected: boolean;
  nodes: NodeView[] | null;
}

const LiveContext = createContext<LiveState>({ socket: null, connected: false, nodes: null });
// The socket alone, so components that only subscribe do not re-render on every nodes update.
const SocketContext = createContext<LiveSocket | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<LiveState>({ socket: null, connected: false, nodes: null });
  useEffect(() => {
    const socket: LiveSocket = io({ transports: ['websocket'], withCredentials: true });
    setState((s) => ({ ...s, socket }));
    socket.on('connect', () => setState((s) => ({ ...s, connected: true })));
    socket.on('disconnect', () => setState((s) => ({ ...s, connected: false })));
    socket.on('nodes', (nodes) => setState((s) => ({ ...s, nodes })));
    return () => {
      socket.close();
    };
  }, []);
  return (
    <SocketContext.Provider value={state.socket}>
      <LiveContext.Provider value={state}>{children}</LiveContext.Provider>
    </SocketContext.Provider>
  );
}

export function useLive(): LiveState {
  return useContext(LiveContext);
}

export function useLiveSocket(): LiveSocket | null {
  return useContext(SocketContext);
}
