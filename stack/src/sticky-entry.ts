import {
  Agent,
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createProxyServer } from 'http-proxy-3';
import type { Logger } from './logger.js';

/** A backend the entry can route to; `ready` is read on every new handshake. */
export interface EntryBackend {
  /** The node id: the prefix of the engine.io sids it issues (`<id>.<random>`). */
  id: string;
  url: string;
  ready: boolean;
}

export interface StickyEntryOptions {
  /** The nodes, shared with the code that keeps `ready` up to date. */
  backends: readonly EntryBackend[];
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 = ephemeral. @default 3000 */
  port?: number;
  logger: Logger;
}

/** What the entry has routed, served on GET /stats. */
export interface EntryStats {
  requests: number;
  upgrades: number;
  /** Node responses by status code (400 on /socket.io/ = engine.io error such as `Session ID unknown`). */
  byStatus: Record<string, number>;
  /** Requests carrying an engine.io `sid` (long-polling requests and upgrades of a session). */
  withSid: number;
  /** Requests of a session sent to another node than the one that issued its sid (unknown node id). */
  misrouted: number;
  /** Misrouted requests answered 400: `Session ID unknown` from a node that never had the session. */
  misroutedSessionIdUnknown: number;
  /** Handshakes answered 503 because no node was ready. */
  noNodeReady: number;
  /** Requests whose node could not be reached (answered 502). */
  proxyErrors: number;
}

export interface StickyEntry {
  url: string;
  port: number;
  server: Server;
  stats: EntryStats;
  close(): Promise<void>;
}

/** The node a request belongs to: the prefix of its `sid` query parameter, if any. */
export function sidNodeOf(rawUrl: string | undefined): string | undefined {
  const query = rawUrl?.split('?')[1];
  if (!query) return undefined;
  const sid = new URLSearchParams(query).get('sid');
  const dot = sid?.indexOf('.') ?? -1;
  return sid && dot > 0 ? sid.slice(0, dot) : undefined;
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/**
 * The local stack's sticky entry point (HTTP and WebSocket upgrades). A request carrying
 * `sid=<nodeId>.…` (every long-polling request and the upgrade of a session) goes to that node,
 * so sessions never meet `Session ID unknown`; a new handshake goes round-robin to a ready node,
 * or gets 503 when none is. GET /healthz, /readyz and /stats are answered by the entry itself.
 */
export async function createStickyEntry(options: StickyEntryOptions): Promise<StickyEntry> {
  const { backends, logger, host = '127.0.0.1', port = 3000 } = options;
  const agent = new Agent({ keepAlive: true, maxFreeSockets: 256 });
  const proxy = createProxyServer({ xfwd: true, agent });
  const stats: EntryStats = {
    requests: 0,
    upgrades: 0,
    byStatus: {},
    withSid: 0,
    misrouted: 0,
    misroutedSessionIdUnknown: 0,
    noNodeReady: 0,
    proxyErrors: 0,
  };
  const misroutedRequests = new WeakSet<IncomingMessage>();
  let next = 0;

  const pick = (req: IncomingMessage): EntryBackend | undefined => {
    const sidNode = sidNodeOf(req.url);
    const owner = sidNode === undefined ? undefined : backends.find((b) => b.id === sidNode);
    if (sidNode !== undefined) stats.withSid += 1;
    // Even a draining node still owns its sessions; it answers for them itself.
    if (owner) return owner;
    const ready = backends.filter((b) => b.ready);
    if (ready.length === 0) return undefined;
    next = (next + 1) % ready.length;
    if (sidNode !== undefined) {
      stats.misrouted += 1;
      misroutedRequests.add(req);
    }
    return ready[next];
  };

  proxy.on('proxyRes', (proxyRes, req) => {
    const status = String(proxyRes.statusCode ?? 0);
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    if (proxyRes.statusCode === 400 && misroutedRequests.has(req))
      stats.misroutedSessionIdUnknown += 1;
  });

  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (req.method === 'GET' && (path === '/healthz' || path === '/readyz' || path === '/stats')) {
      const readyCount = backends.filter((b) => b.ready).length;
      if (path === '/stats') return json(res, 200, stats);
      if (path === '/healthz') return json(res, 200, { status: 'ok', nodesReady: readyCount });
      return json(res, readyCount > 0 ? 200 : 503, {
        status: readyCount > 0 ? 'ready' : 'no node ready',
      });
    }
    stats.requests += 1;
    const backend = pick(req);
    if (!backend) {
      stats.noNodeReady += 1;
      return json(res, 503, { error: 'no realtime node is ready' });
    }
    proxy.web(req, res, { target: backend.url }, (error) => {
      stats.proxyErrors += 1;
      logger.warn({ node: backend.id, err: error.message }, 'proxy error');
      json(res, 502, { error: `node ${backend.id} unavailable` });
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    stats.upgrades += 1;
    socket.on('error', () => socket.destroy());
    const backend = pick(req);
    if (!backend) {
      stats.noNodeReady += 1;
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    proxy.ws(req, socket, head, { target: backend.url }, (error) => {
      stats.proxyErrors += 1;
      logger.warn({ node: backend.id, err: error.message }, 'websocket proxy error');
      socket.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is in use: pass --port <another port> or --port 0`)
          : error,
      );
    });
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    server,
    stats,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      proxy.close();
      agent.destroy();
      await closed;
    },
  };
}
