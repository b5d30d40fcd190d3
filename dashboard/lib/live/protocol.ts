/** The dashboard's own live feed to the browser (Socket.IO, default namespace, cookie-authenticated). */

export type NodeState = 'ready' | 'draining' | 'down' | 'unavailable';

/** What the browser knows about one node. No exporter URL or token. */
export interface NodeView {
  node: string;
  state: NodeState;
  /** Whether its exporter answers (metrics and feed). */
  available: boolean;
  targetUp: boolean;
  connected: number;
  byTransport: Record<string, number>;
  liveSessions: number;
  /** Seconds. */
  eventLoopP99: number | null;
  /** Seconds, mean over the last interval (or since start). */
  pingRtt: number | null;
  /** Epoch ms of the last good sample. */
  lastSeen: number | null;
}

export interface NodeTick {
  up: boolean;
  connected: number;
  connectsPerSec: number;
  disconnectsPerSec: number;
  disconnectsByReason: Record<string, number>;
  messagesInPerSec: number;
  messagesOutPerSec: number;
  bytesInPerSec: number;
  bytesOutPerSec: number;
  handshakeErrorsPerSec: number;
  /** The node's cumulative disconnect counters by reason (live ticks only), for exact window totals. */
  disconnectsCumulative?: Record<string, number>;
}

/** One point of the Overview's live history. */
export interface OverviewTick {
  t: number;
  nodes: Record<string, NodeTick>;
}

/** A compact live-session row: [key, id, node, user, transport, namespace, rooms, connectedAt, clientVersion]. */
export type SessionRow = [
  key: string,
  id: string,
  node: string,
  user: string | null,
  transport: string,
  namespace: string,
  rooms: string[],
  connectedAt: number,
  clientVersion: string | null,
];

export interface SessionsDelta {
  /** Drop every row of these nodes before applying `add`. */
  resetNodes: string[];
  add: SessionRow[];
  remove: string[];
}

export type LiveChannel = 'overview' | 'sessions' | 'disconnects';

export interface DashboardServerToBrowser {
  nodes: (nodes: NodeView[]) => void;
  'overview:history': (ticks: OverviewTick[]) => void;
  'overview:tick': (tick: OverviewTick) => void;
  'sessions:snapshot': (rows: SessionRow[]) => void;
  'sessions:delta': (delta: SessionsDelta) => void;
  /** New disconnects arrived (count since the last notice), so the Disconnects page refreshes. */
  'disconnects:new': (count: number) => void;
}

export interface DashboardBrowserToServer {
  subscribe: (channel: LiveChannel) => void;
  unsubscribe: (channel: LiveChannel) => void;
}
