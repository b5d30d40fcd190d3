import {
  io as connect,
  type ManagerOptions,
  type Socket,
  type SocketOptions,
} from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@sockscope/contracts';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const open = new Set<TestClient>();

/** A socket.io-client that does not reconnect by itself (tests decide). */
export function client(
  url: string,
  token: string | undefined,
  options: Partial<ManagerOptions & SocketOptions> = {},
): TestClient {
  const socket: TestClient = connect(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
    ...options,
  });
  open.add(socket);
  return socket;
}

/** Resolves when connected, rejects with the connect_error. */
export function connected(socket: TestClient, timeoutMs = 10_000): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out connecting')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The connect_error message of a refused handshake (fails if it connects). */
export async function refusal(socket: TestClient, timeoutMs = 10_000): Promise<string> {
  try {
    await connected(socket, timeoutMs);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected connect_error, but the socket connected');
}

/** Closes every client created by client(). */
export function closeClients(): void {
  for (const socket of open) socket.disconnect();
  open.clear();
}
