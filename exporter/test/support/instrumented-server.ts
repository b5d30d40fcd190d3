import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { instrument, type InstrumentHandle, type InstrumentOptions } from '@sockscope/instrument';
import { Server, type ServerOptions } from 'socket.io';

export const TARGET_TOKEN = 'instrument-token-0123456789';

export interface InstrumentedServer {
  io: Server;
  url: string;
  handle: InstrumentHandle;
  /** Server-side connect and disconnect times and reasons, by socket id (the ground truth). */
  connectedAt: Map<string, number>;
  disconnected: Map<string, { at: number; reason: string; user: string | null }>;
  close(): Promise<void>;
}

/** A plain Socket.IO server with `instrument(io)`; `auth.user` becomes `socket.data.userId` (`refused` is refused). */
export async function startInstrumentedServer(
  node: string,
  options: Partial<ServerOptions> = {},
  instrumentOptions: Partial<InstrumentOptions> = {},
): Promise<InstrumentedServer> {
  const http = createServer();
  const io = new Server(http, options);
  const handle = instrument(io, {
    token: TARGET_TOKEN,
    node,
    batchIntervalMs: 250,
    ...instrumentOptions,
  });
  const connectedAt = new Map<string, number>();
  const disconnected = new Map<string, { at: number; reason: string; user: string | null }>();
  io.use((socket, next) => {
    const user = (socket.handshake.auth as { user?: unknown }).user;
    if (user === 'refused') return next(new Error('invalid token'));
    if (typeof user === 'string') (socket.data as { userId?: string }).userId = user;
    next();
  });
  io.on('connection', (socket) => {
    connectedAt.set(socket.id, Date.now());
    socket.on('disconnect', (reason) => {
      disconnected.set(socket.id, {
        at: Date.now(),
        reason,
        user: (socket.data as { userId?: string }).userId ?? null,
      });
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  let closed = false;
  return {
    io,
    url,
    handle,
    connectedAt,
    disconnected,
    async close() {
      if (closed) return;
      closed = true;
      // io.close() first: the instrument flushes the shutdown's disconnects to the sidecar.
      await new Promise<void>((r) => io.close(() => r()));
      handle.close();
    },
  };
}
