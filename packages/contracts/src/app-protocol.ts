/**
 * The reference realtime node's application protocol, shared by the node, its clients, the
 * load-test processor and the tests.
 */

export type Ack<T extends object = Record<never, never>> =
  | ({ ok: true } & T)
  | { ok: false; error: string };

export interface RoomMessage {
  /** Unique message id assigned by the server. */
  id: string;
  room: string;
  /** User id of the publisher (the JWT `sub`). */
  from: string;
  payload: unknown;
  /** Epoch milliseconds when the server accepted the publish. */
  sentAt: number;
  /** Increases by one per message in a room, so receivers detect loss and duplicates. */
  seq: number;
  clientMsgId?: string;
}

export interface DirectMessage {
  id: string;
  from: string;
  payload: unknown;
  sentAt: number;
}

export interface TokenExpiringNotice {
  /** Epoch milliseconds of the token's `exp`. */
  exp: number;
}

export interface ServerToClientEvents {
  'room:message': (message: RoomMessage) => void;
  'direct:message': (message: DirectMessage) => void;
  /** Sent just before the server disconnects a socket whose token expired. */
  'auth:expired': (notice: TokenExpiringNotice) => void;
}

export interface ClientToServerEvents {
  'room:join': (input: { room: string }, ack: (result: Ack) => void) => void;
  'room:leave': (input: { room: string }, ack: (result: Ack) => void) => void;
  'room:publish': (
    input: { room: string; payload: unknown; clientMsgId?: string },
    ack: (result: Ack<{ id: string; serverTs: number; seq: number }>) => void,
  ) => void;
  'direct:send': (
    input: { to: string; payload: unknown },
    ack: (result: Ack<{ id: string; serverTs: number }>) => void,
  ) => void;
}

export interface InterServerEvents {
  ping: () => void;
}

export interface SocketData {
  /** The JWT `sub`. */
  userId: string;
  /** Epoch milliseconds of the token's `exp`, when it has one. */
  tokenExp?: number;
}

/** The connect_error message a refused handshake carries (the `message` of the Error). */
export const CONNECT_ERRORS = {
  missingToken: 'missing token',
  invalidToken: 'invalid token',
  expiredToken: 'token expired',
  tokenInQuery: 'token in query string refused',
  rateLimited: 'rate limited',
} as const;

/** The error string of a refused ack. */
export const ACK_ERRORS = {
  invalidPayload: 'invalid payload',
  rateLimited: 'rate limited',
  notInRoom: 'not in room',
  unknownUser: 'unknown user',
  sequenceUnavailable: 'sequence unavailable',
} as const;
