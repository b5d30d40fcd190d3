import type { ClientDisconnectReason, DisconnectReason } from './disconnect-reasons.js';
import type { Transport } from './metric-names.js';

/** What a client helper reports about its previous connection (`handshake.auth.lastDisconnect`). */
export interface ClientLastDisconnect {
  /** socket.io-client's reason, e.g. `ping timeout`, `transport close`. */
  reason: ClientDisconnectReason | string;
  /** Epoch milliseconds when the client saw the disconnect. */
  at: number;
  /** The socket id of the previous connection. */
  previousId?: string;
}

/** One Socket.IO session (a socket in a namespace), live or closed. */
export interface SessionRecord {
  /** Socket id. */
  id: string;
  /** engine.io connection id (shared by sockets of one connection). */
  engineId: string;
  user: string | null;
  node: string;
  namespace: string;
  transport: Transport;
  /** Transports this session went through, in order (e.g. polling then websocket). */
  upgrades: Transport[];
  remoteAddress: string;
  userAgent: string | null;
  /** engine.io protocol version the client speaks (`EIO` query parameter). */
  clientProtocol: number | null;
  /** Client library version when the client sends it (`handshake.auth.clientVersion`). */
  clientVersion: string | null;
  /** Epoch milliseconds. */
  connectedAt: number;
  rooms: string[];
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  bytesOut: number;
  recovered: boolean;
  /** The client's side of its previous disconnect, and the gap until this connect. */
  lastDisconnect: (ClientLastDisconnect & { gapMs: number }) | null;
  /** Epoch milliseconds; null while live. */
  disconnectedAt: number | null;
  reason: DisconnectReason | string | null;
  description: string | null;
  /** Milliseconds; null while live. */
  durationMs: number | null;
}

/** A closed session as stored in the disconnect log. */
export type DisconnectRecord = SessionRecord & {
  disconnectedAt: number;
  reason: DisconnectReason | string;
  durationMs: number;
};
