/**
 * A stand-in exporter speaking the contract's API (`/api/*`, `/metrics`, `/feed`) on a real
 * HTTP server with a real Socket.IO feed, for tests of the dashboard's data layer and server.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  DisconnectRecord,
  ExporterStatus,
  FeedEvents,
  LifecycleEvent,
  SessionRecord,
} from '@sockscope/contracts';
import { Server } from 'socket.io';

export interface FakeExporter {
  url: string;
  node: string;
  token: string;
  sessions: Map<string, SessionRecord>;
  disconnects: DisconnectRecord[];
  /** Query strings the API received (without the token). */
  requests: string[];
  /** Emits lifecycle events on the feed (and applies them to the tables). */
  emit(events: LifecycleEvent[]): void;
  close(): Promise<void>;
}

let seq = 0;

export function session(
  node: string,
  id: string,
  user: string | null,
  extra: Partial<SessionRecord> = {},
): SessionRecord {
  return {
    id,
    engineId: `e-${id}`,
    user,
    node,
    namespace: '/',
    transport: 'websocket',
    upgrades: ['polling', 'websocket'],
    remoteAddress: '127.0.0.1',
    userAgent: 'test',
    clientProtocol: 4,
    clientVersion: '1.2.3',
    connectedAt: Date.now() - 5000,
    rooms: ['lobby'],
    packetsIn: 1,
    packetsOut: 2,
    bytesIn: 10,
    bytesOut: 20,
    recovered: false,
    lastDisconnect: null,
    disconnectedAt: null,
    reason: null,
    description: null,
    durationMs: null,
    ...extra,
  };
}

export function closed(s: SessionRecord, reason: string, at = Date.now()): DisconnectRecord {
  return { ...s, disconnectedAt: at, reason, durationMs: at - s.connectedAt };
}

export async function startFakeExporter(
  node: string,
  token = `tok-${node}-secret-0123456789`,
): Promise<FakeExporter> {
  const sessions = new Map<string, SessionRecord>();
  const disconnects: DisconnectRecord[] = [];
  const requests: string[] = [];
  const counters = { connections: 0, disconnects: new Map<string, number>() };

  const http: HttpServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (url.pathname === '/metrics') {
      let text = `# TYPE socketio_connected_clients gauge\nsocketio_connected_clients{node="${node}",transport="websocket"} ${sessions.size}\n`;
      text += `socketio_connections_total{node="${node}",transport="websocket"} ${counters.connections}\n`;
      for (const [r, v] of counters.disconnects)
        text += `socketio_disconnects_total{node="${node}",reason="${r}",transport="websocket"} ${v}\n`;
      text += `sockscope_target_up{node="${node}"} 1\n`;
      text += `socketio_node_event_loop_delay_seconds{node="${node}",quantile="0.99"} 0.012\n`;
      return send(200, text, 'text/plain');
    }
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(401, { error: 'unauthorized' });
    requests.push(`${url.pathname}${url.search}`);
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const offset = Number(url.searchParams.get('cursor') ?? 0);
    const page = <T>(items: T[]) => ({
      items: items.slice(offset, offset + limit),
      nextCursor: offset + limit < items.length ? String(offset + limit) : null,
    });
    if (url.pathname === '/api/status') {
      const status: ExporterStatus = {
        node,
        targetUp: true,
        instance: 'i',
        lastSeq: seq,
        liveSessions: sessions.size,
      };
      return send(200, status);
    }
    if (url.pathname === '/api/sessions') {
      const user = url.searchParams.get('user');
      return send(200, page([...sessions.values()].filter((s) => !user || s.user === user)));
    }
    if (url.pathname.startsWith('/api/sessions/')) {
      const id = decodeURIComponent(url.pathname.slice('/api/sessions/'.length));
      const s = sessions.get(id) ?? disconnects.find((d) => d.id === id);
      if (!s) return send(404, { error: 'not found' });
      return send(200, { session: s, events: [], chain: [] });
    }
    if (url.pathname === '/api/disconnects') {
      const p = url.searchParams;
      const items = disconnects
        .filter(
          (d) =>
            (!p.get('user') || d.user === p.get('user')) &&
            (!p.get('reason') || d.reason === p.get('reason')),
        )
        .filter(
          (d) =>
            (!p.get('from') || d.disconnectedAt >= Number(p.get('from'))) &&
            (!p.get('to') || d.disconnectedAt <= Number(p.get('to'))),
        )
        .sort((a, b) => b.disconnectedAt - a.disconnectedAt);
      return send(200, page(items));
    }
    send(404, { error: 'not found' });
  });
  const io = new Server<Record<string, never>, FeedEvents>(http);
  const feed = io.of('/feed');
  feed.use((socket, next) =>
    next(
      (socket.handshake.auth as { token?: string }).token === token
        ? undefined
        : new Error('unauthorized'),
    ),
  );
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  return {
    url,
    node,
    token,
    sessions,
    disconnects,
    requests,
    emit(events) {
      for (const e of events) {
        if (e.type === 'connect') {
          sessions.set(e.session.id, e.session);
          counters.connections += 1;
        }
        if (e.type === 'disconnect') {
          sessions.delete(e.id);
          disconnects.push(closed(e.session, e.reason, e.ts));
          counters.disconnects.set(e.reason, (counters.disconnects.get(e.reason) ?? 0) + 1);
        }
      }
      feed.emit('events', events);
    },
    async close() {
      await io.close();
      http.closeAllConnections();
    },
  };
}

export function connectEvent(s: SessionRecord): LifecycleEvent {
  return { seq: ++seq, ts: Date.now(), type: 'connect', session: s };
}

export function disconnectEvent(s: SessionRecord, reason: string): LifecycleEvent {
  const at = Date.now();
  return {
    seq: ++seq,
    ts: at,
    type: 'disconnect',
    id: s.id,
    reason,
    description: null,
    session: closed(s, reason, at),
  };
}
