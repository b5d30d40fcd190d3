import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { instrument, type InstrumentHandle } from '@sockscope/instrument';

export const TOKEN = 'client-test-token-0123456789';

export interface TestServer {
  io: Server;
  url: string;
  handle: InstrumentHandle;
  /** Handshake auth of every connection, in order. */
  handshakes: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A real instrumented Socket.IO server on an ephemeral loopback port. */
export async function startTestServer(): Promise<TestServer> {
  const http: HttpServer = createServer();
  const io = new Server(http);
  const handle = instrument(io, { token: TOKEN, node: 'client-test', batchIntervalMs: 250 });
  const handshakes: Record<string, unknown>[] = [];
  io.on('connection', (socket: Socket) => {
    handshakes.push(socket.handshake.auth as Record<string, unknown>);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    io,
    url,
    handle,
    handshakes,
    async close() {
      handle.close();
      await io.close();
      http.closeAllConnections();
    },
  };
}
