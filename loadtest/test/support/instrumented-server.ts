/**
 * A Socket.IO server that calls the real `instrument(io)`, for measuring the gate's server-side
 * window against a real exporter. It checks nothing on connect (the gate's connect-storm only
 * connects, holds and leaves), so it needs none of the realtime node's protocol.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { instrument } from '@sockscope/instrument';

export interface InstrumentedServer {
  url: string;
  stop(): Promise<void>;
}

export async function startInstrumentedServer(token: string, node: string): Promise<InstrumentedServer> {
  const http: HttpServer = createServer();
  const io = new Server(http);
  const handle = instrument(io, { token, node });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      handle.close();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}
