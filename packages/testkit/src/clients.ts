import type { ClientToServerEvents, ServerToClientEvents } from '@sockscope/contracts';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectClientOptions extends Partial<ManagerOptions & SocketOptions> {
  /** JWT sent as `handshake.auth.token`. */
  token?: string;
  /** Reject when not connected within this long. @default 10000 */
  connectTimeoutMs?: number;
}

/**
 * A typed socket.io-client socket (`forceNew`, so each call is its own connection) that
 * resolves once connected; rejects on `connect_error` when reconnection is off, or on timeout.
 * The caller closes it (`socket.disconnect()`).
 */
export function connectClient(
  url: string,
  options: ConnectClientOptions = {},
): Promise<ClientSocket> {
  const { token, connectTimeoutMs = 10_000, ...socketOptions } = options;
  const socket: ClientSocket = io(url, {
    forceNew: true,
    auth: token === undefined ? {} : { token },
    ...socketOptions,
  });
  return new Promise((resolve, reject) => {
    let lastError: Error | undefined;
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(
        new Error(
          `not connected to ${url} within ${connectTimeoutMs}ms${lastError ? `: ${lastError.message}` : ''}`,
        ),
      );
    }, connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('connect_error');
      resolve(socket);
    });
    socket.on('connect_error', (error) => {
      lastError = error;
      if (socket.io.opts.reconnection === false) {
        clearTimeout(timer);
        socket.disconnect();
        reject(error);
      }
    });
  });
}

/** The node id of a connected socket: the prefix of its engine.io sid (`<nodeId>.<random>`). */
export function nodeOf(socket: ClientSocket): string | undefined {
  const sid = socket.io.engine?.id;
  return sid?.includes('.') ? sid.slice(0, sid.indexOf('.')) : undefined;
}
