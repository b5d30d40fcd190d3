import { randomUUID } from 'node:crypto';
import type { CounterState, LifecycleEvent, SessionRecord } from '@sockscope/contracts';
import type { Logger } from 'pino';
import { io } from 'socket.io-client';
import { createBackoff } from './backoff.js';
import { isAdminUiSocket, toSession } from './admin-ui-session.js';
import { add, emptyCounterState, observe, sessionDurationHistogram } from './empty-state.js';
import type { TargetSource, TargetSourceOptions } from './target-source.js';

export interface AdminUiSourceOptions extends TargetSourceOptions {
  user: string;
  password: string;
  namespace: string;
  /** Node label from configuration; else admin-ui's serverId. */
  node: string | undefined;
  logger: Logger;
}

interface AggregatedEvent {
  type: string;
  subType?: string;
  count: number;
}

/** Transport label for counts admin-ui cannot attribute to a transport (production mode). */
const UNKNOWN_TRANSPORT = 'unknown';
/** Messages held until the first server_stats (at most 2 s of them). */
const MAX_PENDING = 100_000;

function time(value: unknown, fallback: number): number {
  const t =
    typeof value === 'string' || typeof value === 'number' ? new Date(value).getTime() : NaN;
  return Number.isFinite(t) ? t : fallback;
}

/**
 * Watches a server running only the stock `@socket.io/admin-ui` `instrument()`. Production mode
 * sends `server_stats` only (counts and engine-level close reasons); development mode adds
 * per-socket events (sessions, Socket.IO reasons, rooms, event names). Counters are accumulated
 * here, since admin-ui sends deltas, so they restart from 0 with the exporter.
 */
export function createAdminUiSource(options: AdminUiSourceOptions): TargetSource {
  const { ingest, logger } = options;
  const state: CounterState = emptyCounterState();
  const backoff = createBackoff(options.reconnectDelayMs, options.reconnectDelayMaxMs);
  let seq = 0;
  let development = false;
  let serverId: string | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;
  let identified = false;
  const pending: Array<() => void> = [];
  const node = (): string => options.node ?? serverId ?? 'unknown';

  const socket = io(`${options.url}${options.namespace}`, {
    transports: ['websocket'],
    reconnectionDelay: options.reconnectDelayMs,
    reconnectionDelayMax: options.reconnectDelayMaxMs,
    randomizationFactor: 0.5,
    auth: { username: options.user, password: options.password },
  });

  const apply = (events: LifecycleEvent[]): void => {
    try {
      ingest.applyBatch({ events, state });
    } catch (error) {
      logger.error({ err: error }, 'could not apply an admin-ui event');
      options.onBadMessage(error);
    }
  };
  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => void) =>
    (...args: A): void => {
      if (!identified && name !== 'server_stats' && name !== 'config') {
        if (pending.length < MAX_PENDING) pending.push(() => fn(...args));
        return;
      }
      try {
        fn(...args);
      } catch (error) {
        logger.error({ err: error, message: name }, 'could not apply an admin-ui message');
        options.onBadMessage(error);
      }
    };
  const watched = (nsp: unknown): nsp is string =>
    typeof nsp === 'string' && nsp !== options.namespace;

  socket.on('connect', () => {
    backoff.reset();
    identified = false;
    logger.info(
      { target: options.url },
      'connected to admin-ui; waiting for its first server_stats',
    );
  });
  /** The first server_stats names the server: only then is the target up and its events applied. */
  const identify = (): void => {
    identified = true;
    ingest.applyHello({
      node: node(),
      instance: `admin-ui-${randomUUID()}`,
      startedAt: Date.now(),
      versions: {
        socketio: 'unknown',
        node: 'unknown',
        adapter: 'unknown',
        instrument: 'admin-ui',
      },
      namespaces: [],
    });
    ingest.applySnapshot({ seq, sessions: [], state });
    ingest.setTargetUp(true);
    for (const run of pending.splice(0)) run();
  };
  socket.on('disconnect', (reason) => {
    ingest.setTargetUp(false);
    identified = false;
    pending.length = 0;
    logger.warn({ reason }, 'disconnected from admin-ui');
  });
  socket.on('connect_error', (error) => {
    ingest.setTargetUp(false);
    logger.warn({ error: error.message }, 'cannot connect to admin-ui');
    if (!socket.active && !closed) {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => socket.connect(), backoff.next());
    }
  });

  socket.on(
    'config',
    guard('config', (config: { supportedFeatures?: unknown }) => {
      development =
        Array.isArray(config.supportedFeatures) && config.supportedFeatures.includes('ALL_EVENTS');
      ingest.connectedOverride = development ? null : new Map();
      logger.info({ development }, 'admin-ui mode');
    }),
  );

  socket.on(
    'server_stats',
    guard('server_stats', (stats: Record<string, unknown>) => {
      if (typeof stats.serverId === 'string' && serverId !== stats.serverId) {
        serverId = stats.serverId;
        if (ingest.hello && !options.node) ingest.hello = { ...ingest.hello, node: node() };
      }
      if (!identified) identify();
      const c = state.counters;
      for (const e of (Array.isArray(stats.aggregatedEvents)
        ? stats.aggregatedEvents
        : []) as AggregatedEvent[]) {
        const n = Number(e.count) || 0;
        if (e.type === 'rawConnection') add(c.connections, UNKNOWN_TRANSPORT, development ? 0 : n);
        else if (e.type === 'rawDisconnection') {
          const reason = e.subType ?? 'unknown';
          add(c.engineCloses, reason, n);
          // Without per-socket events, engine close reasons are the only disconnect reasons there are.
          if (!development) add(c.disconnects, `${reason}\u0000${UNKNOWN_TRANSPORT}`, n);
        } else if (e.type === 'packetsIn') add(c.packets, 'in', n);
        else if (e.type === 'packetsOut') add(c.packets, 'out', n);
        else if (e.type === 'bytesIn') add(c.bytes, 'in', n);
        else if (e.type === 'bytesOut') add(c.bytes, 'out', n);
      }
      if (!development) {
        const total = Number(stats.clientsCount) || 0;
        const polling = Number(stats.pollingClientsCount) || 0;
        // The exporter's own admin-ui connection is a websocket client of that server.
        ingest.connectedOverride = new Map([
          ['polling', polling],
          ['websocket', Math.max(0, total - polling - (socket.connected ? 1 : 0))],
        ]);
      }
      apply([]);
    }),
  );

  socket.on(
    'all_sockets',
    guard('all_sockets', (sockets: unknown[]) => {
      const now = Date.now();
      const sessions: SessionRecord[] = (Array.isArray(sockets) ? sockets : [])
        .filter(isAdminUiSocket)
        .filter((s) => watched(s.nsp))
        .map((s) => toSession(s, node(), now));
      ingest.applySnapshot({ seq, sessions, state });
    }),
  );

  socket.on(
    'socket_connected',
    guard('socket_connected', (raw: unknown, ts: unknown) => {
      if (!isAdminUiSocket(raw) || !watched(raw.nsp)) return;
      const at = time(ts, Date.now());
      const session = toSession(raw, node(), at);
      session.connectedAt = at;
      add(state.counters.connections, session.transport);
      apply([{ seq: ++seq, ts: at, type: 'connect', session }]);
    }),
  );

  socket.on(
    'socket_disconnected',
    guard('socket_disconnected', (nsp: unknown, id: unknown, reason: unknown, ts: unknown) => {
      if (!watched(nsp) || typeof id !== 'string') return;
      const at = time(ts, Date.now());
      const r = typeof reason === 'string' ? reason : 'unknown';
      const live = ingest.liveSession(id);
      const session: SessionRecord = live
        ? { ...live, rooms: [...live.rooms], upgrades: [...live.upgrades] }
        : toSession({ id, nsp }, node(), at);
      // serverId may have arrived (server_stats) after the session was first seen.
      session.node = node();
      session.disconnectedAt = at;
      session.reason = r;
      session.durationMs = Math.max(0, at - session.connectedAt);
      add(state.counters.disconnects, `${r}\u0000${session.transport}`);
      const h = (state.sessionDuration[r] ??= sessionDurationHistogram());
      observe(h, session.durationMs / 1000);
      apply([
        { seq: ++seq, ts: at, type: 'disconnect', id, reason: r, description: null, session },
      ]);
    }),
  );

  const roomChange = (joined: boolean) =>
    guard(
      joined ? 'room_joined' : 'room_left',
      (nsp: unknown, room: unknown, id: unknown, ts: unknown) => {
        if (!watched(nsp) || typeof id !== 'string' || typeof room !== 'string' || room === id)
          return;
        const live = ingest.liveSession(id);
        if (!live) return;
        const rooms = joined
          ? [...new Set([...live.rooms, room])]
          : live.rooms.filter((r) => r !== room);
        apply([{ seq: ++seq, ts: time(ts, Date.now()), type: 'rooms', id, rooms }]);
      },
    );
  socket.on('room_joined', roomChange(true));
  socket.on('room_left', roomChange(false));

  socket.on(
    'socket_updated',
    guard('socket_updated', (update: { id?: unknown; nsp?: unknown; transport?: unknown }) => {
      if (!watched(update.nsp) || typeof update.id !== 'string') return;
      if (
        update.transport === 'websocket' ||
        update.transport === 'polling' ||
        update.transport === 'webtransport'
      ) {
        apply([
          {
            seq: ++seq,
            ts: Date.now(),
            type: 'upgrade',
            id: update.id,
            transport: update.transport,
          },
        ]);
      }
    }),
  );

  const eventCount = (direction: 'in' | 'out') =>
    guard(`event_${direction}`, (nsp: unknown, _id: unknown, args: unknown) => {
      if (!watched(nsp) || !Array.isArray(args)) return;
      const name = typeof args[0] === 'string' ? args[0] : 'other';
      add(state.counters.events, `${nsp}\u0000${name}\u0000${direction}`);
    });
  socket.on('event_received', eventCount('in'));
  socket.on('event_sent', eventCount('out'));

  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket.close();
      ingest.setTargetUp(false);
    },
  };
}
