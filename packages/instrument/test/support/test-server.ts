import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type ServerOptions } from 'socket.io';
import {
  io as connect,
  type ManagerOptions,
  type Socket as ClientSocket,
  type SocketOptions,
} from 'socket.io-client';
import { instrument, type InstrumentHandle, type InstrumentOptions } from '../../src/index.js';
import { nextEvent } from './wait-for.js';

export const TOKEN = 'test-token-0123456789abcdef';

export interface TestServer {
  io: Server;
  http: HttpServer;
  url: string;
  handle: InstrumentHandle;
  /** A client that is closed with the server. */
  client(path?: string, options?: Partial<ManagerOptions & SocketOptions>): ClientSocket;
  /** Connects a client and waits for `connect`. */
  connected(
    path?: string,
    options?: Partial<ManagerOptions & SocketOptions>,
  ): Promise<ClientSocket>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  server?: Partial<ServerOptions>;
  instrument?: Partial<InstrumentOptions>;
  /** Runs before `instrument()` (e.g. to register middlewares first). */
  before?: (io: Server) => void;
}

/** A real Socket.IO server on an ephemeral loopback port, instrumented. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const http = createServer();
  const io = new Server(http, options.server);
  options.before?.(io);
  const handle = instrument(io, {
    token: TOKEN,
    node: 'test-node',
    batchIntervalMs: 250,
    ...options.instrument,
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients = new Set<ClientSocket>();
  let closed = false;
  const client = (
    path = '/',
    clientOptions: Partial<ManagerOptions & SocketOptions> = {},
  ): ClientSocket => {
    const socket = connect(`${url}${path}`, {
      forceNew: true,
      reconnection: false,
      ...clientOptions,
    });
    clients.add(socket);
    return socket;
  };
  return {
    io,
    http,
    url,
    handle,
    client,
    async connected(path, clientOptions) {
      const socket = client(path, clientOptions);
      if (!socket.connected) await nextEvent(socket, 'connect');
      return socket;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const socket of clients) socket.disconnect();
      handle.close();
      await io.close();
      http.closeAllConnections();
    },
  };
}
