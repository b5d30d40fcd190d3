import type { Server as HttpServer } from 'node:http';
import type { ExporterStatus, FeedEvents, LifecycleEvent } from '@sockscope/contracts';
import { Server } from 'socket.io';
import type { ApiAuth } from '../http/api-auth.js';

export interface FeedOptions {
  httpServer: HttpServer;
  /** Token check with the per-address failure limit, shared with `/api`. */
  auth: ApiAuth;
  status: () => ExporterStatus;
  /** @default 250 */
  intervalMs: number;
  /** Events buffered per interval at most; the excess is dropped and reported as a gap. @default 10000 */
  maxBuffered?: number;
}

export const FEED_NAMESPACE = '/feed';

/** The dashboard's live feed: Socket.IO `/feed`, api token in `auth.token`, batched `events` and `status`. */
export function createFeed(options: FeedOptions) {
  const io = new Server<Record<string, never>, FeedEvents>(options.httpServer, {
    serveClient: false,
    cors: { origin: false },
  });
  const maxBuffered = options.maxBuffered ?? 10_000;
  let buffer: LifecycleEvent[] = [];
  let dropped: { from: number; to: number } | null = null;
  let lastStatus = '';

  io.use((_socket, next) => next(new Error('use the /feed namespace')));
  const feed = io.of(FEED_NAMESPACE);
  feed.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown };
    const result = options.auth(
      socket.handshake.address,
      typeof auth.token === 'string' ? auth.token : null,
    );
    next(result.ok ? undefined : new Error(result.reason));
  });
  feed.on('connection', (socket) => {
    socket.emit('status', options.status());
  });

  const timer = setInterval(() => {
    const status = options.status();
    const statusText = JSON.stringify(status);
    if (statusText !== lastStatus) {
      lastStatus = statusText;
      feed.emit('status', status);
    }
    if (buffer.length === 0 && !dropped) return;
    const events = buffer;
    if (dropped)
      events.push({
        seq: dropped.to,
        ts: Date.now(),
        type: 'gap',
        from: dropped.from,
        to: dropped.to,
      });
    buffer = [];
    dropped = null;
    if (feed.sockets.size > 0) feed.emit('events', events);
  }, options.intervalMs);
  timer.unref();

  return {
    io,
    push(events: LifecycleEvent[]): void {
      if (feed.sockets.size === 0) return;
      for (const e of events) {
        if (buffer.length < maxBuffered) buffer.push(e);
        else dropped = { from: dropped?.from ?? e.seq, to: e.seq };
      }
    },
    async close(): Promise<void> {
      clearInterval(timer);
      feed.disconnectSockets(true);
      io.engine.close();
    },
  };
}
