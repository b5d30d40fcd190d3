import type { Socket } from 'socket.io';
import { SIDECAR_QUERY, type Transport } from '@sockscope/contracts';
import {
  clientReasonLabel,
  clientVersionOf,
  lastDisconnectOf,
  triedRecovery,
} from './client-report.js';
import { hookClientWrites, type WritingClient } from './client-writes.js';
import { ConnState, engineIdOf, type EngineSocket } from './conn-state.js';
import { CounterStore } from './counter-store.js';
import { describe } from './describe.js';
import { EncoderTap } from './encoder-tap.js';
import { EventLog } from './event-log.js';
import type { ResolvedInstrumentOptions } from './instrument-options.js';
import { tapMessages } from './message-tap.js';
import { watchPings } from './ping-watch.js';
import { remoteAddressOf } from './remote-address.js';
import { SessionState } from './session-state.js';
import { WireMeter } from './wire-meter.js';

/** What engine.io's `connection_error` event carries. */
export interface EngineConnectionError {
  req?: {
    headers?: Record<string, string | string[] | undefined>;
    _query?: Record<string, string>;
  };
  code?: number;
  message?: string;
  context?: unknown;
}

const SIDECAR_FLAG = Object.entries(SIDECAR_QUERY)[0] as [string, string];

/**
 * Turns engine.io and Socket.IO events into counters, session records and sequenced lifecycle
 * events. It only records: serving them to the sidecar is `SidecarServer`'s job.
 */
export class Recorder {
  readonly store: CounterStore;
  readonly log: EventLog;
  readonly meter: WireMeter;
  readonly tap = new EncoderTap();
  private readonly conns = new WeakMap<EngineSocket, ConnState>();
  /** Undoes the write hook of each connection's Socket.IO client, while it is open. */
  private readonly clientHooks = new Map<EngineSocket, () => void>();
  private readonly sessions = new Map<string, SessionState>();
  private dirtyRooms: SessionState[] = [];

  constructor(private readonly options: ResolvedInstrumentOptions) {
    this.store = new CounterStore(options.maxEventNames);
    this.log = new EventLog(options.bufferSize);
    this.meter = new WireMeter(this.store, options.namespace);
  }

  get liveSessions(): number {
    return this.sessions.size;
  }

  /** The live session of a socket id. */
  session(id: string): SessionState | undefined {
    return this.sessions.get(id);
  }

  sessionRecords() {
    return [...this.sessions.values()].map((session) => session.toRecord());
  }

  /** An engine.io connection opened (or was found already open): meter it from now on. */
  attachConnection(conn: EngineSocket, counted = true): ConnState {
    const known = this.conns.get(conn);
    if (known !== undefined) return known;
    const query = (conn.request as { _query?: Record<string, string> } | undefined)?._query;
    const excluded = query?.[SIDECAR_FLAG[0]] === SIDECAR_FLAG[1];
    const state = new ConnState(engineIdOf(conn), conn.transport.name, excluded);
    this.conns.set(conn, state);
    if (!excluded && counted) this.store.countConnection(state.transport);
    const meter = this.meter;
    tapMessages(conn, (data) => meter.onMessage(state, data));
    conn.on('heartbeat', () => meter.onHeartbeat(state));
    watchPings(conn, () => meter.pingSent(state));
    conn.on('upgrade', (transport: { name: string }) => this.upgraded(state, transport.name));
    conn.once('close', (reason: string) => {
      this.clientHooks.delete(conn);
      if (!state.excluded) this.store.countEngineClose(reason);
    });
    return state;
  }

  /**
   * A socket is about to connect (its middlewares are running): meter what its Socket.IO
   * client writes from now on, the CONNECT answer included. Once per connection.
   */
  attachClient(socket: Socket): void {
    const conn = socket.conn;
    if (this.clientHooks.has(conn) || conn.readyState === 'closed') return;
    const state = this.attachConnection(conn);
    const client = socket.client as unknown as WritingClient;
    this.clientHooks.set(conn, hookClientWrites(client, state, this.meter, this.tap));
  }

  /** Undoes every client's write hook (instrument's close). */
  detachClients(): void {
    for (const unhook of this.clientHooks.values()) unhook();
    this.clientHooks.clear();
  }

  /** The sidecar namespace accepted this connection: stop counting its traffic. */
  excludeConnection(conn: EngineSocket): void {
    const state = this.conns.get(conn);
    if (state !== undefined) state.excluded = true;
  }

  handshakeError(error: EngineConnectionError): void {
    const code = typeof error.code === 'number' ? error.code : -1;
    const message = typeof error.message === 'string' ? error.message : 'unknown';
    this.store.countHandshakeError(code);
    const headers = error.req?.headers ?? {};
    const ua = headers['user-agent'];
    const peer = (error.req as { socket?: { remoteAddress?: string } } | undefined)?.socket
      ?.remoteAddress;
    this.log.append({
      ts: Date.now(),
      type: 'handshake-error',
      code,
      message,
      transport: error.req?._query?.transport ?? null,
      remoteAddress:
        error.req === undefined
          ? null
          : remoteAddressOf(peer, headers, this.options.trustProxy) || null,
      userAgent: typeof ua === 'string' ? ua : null,
    });
  }

  middlewareRejected(socket: Socket, error: Error): void {
    const namespace = socket.nsp.name;
    const message =
      typeof error.message === 'string' && error.message !== ''
        ? error.message.slice(0, 128)
        : 'unknown';
    this.store.countConnectError(namespace, message);
    this.log.append({
      ts: Date.now(),
      type: 'connect-error',
      namespace,
      message,
      remoteAddress: this.addressOf(socket) || null,
    });
  }

  socketConnected(socket: Socket): void {
    if (this.sessions.has(socket.id)) return;
    const conn = this.attachConnection(socket.conn);
    this.attachClient(socket);
    const handshake = socket.handshake;
    const auth: unknown = handshake.auth;
    const now = Date.now();
    const reported = lastDisconnectOf(auth);
    const session = new SessionState({
      id: socket.id,
      engineId: engineIdOf(socket.conn),
      user: this.userOf(socket),
      node: this.options.node,
      namespace: socket.nsp.name,
      transport: conn.transport as Transport,
      remoteAddress: this.addressOf(socket),
      userAgent: handshake.headers['user-agent'] ?? null,
      clientProtocol: typeof socket.conn.protocol === 'number' ? socket.conn.protocol : null,
      clientVersion: clientVersionOf(auth),
      connectedAt: now,
      rooms: socket.rooms,
      recovered: socket.recovered,
      lastDisconnect: reported === null ? null : { ...reported, gapMs: now - reported.at },
      events: this.store.eventsOf(socket.nsp.name),
    });
    conn.add(session);
    this.sessions.set(session.id, session);
    if (socket.recovered) this.store.countRecovery('recovered');
    else if (triedRecovery(auth)) this.store.countRecovery('failed');
    if (reported !== null)
      this.store.countClientReportedDisconnect(clientReasonLabel(reported.reason));
    this.log.append({ ts: now, type: 'connect', session: session.toRecord() });
    socket.once('disconnecting', () => {
      session.closing = true;
    });
    socket.once('disconnect', (reason: string, description?: unknown) => {
      this.socketDisconnected(socket, conn, session, reason, description);
    });
  }

  roomJoined(room: string, id: string): void {
    const session = this.sessions.get(id);
    if (session === undefined || session.closing || room === id || session.rooms.has(room)) return;
    session.rooms.add(room);
    this.markRooms(session);
  }

  roomLeft(room: string, id: string): void {
    const session = this.sessions.get(id);
    if (session === undefined || session.closing || !session.rooms.delete(room)) return;
    this.markRooms(session);
  }

  /** Room changes are coalesced: one `rooms` event per changed session per batch. */
  flushRooms(): void {
    if (this.dirtyRooms.length === 0) return;
    const dirty = this.dirtyRooms;
    this.dirtyRooms = [];
    const now = Date.now();
    for (const session of dirty) {
      session.roomsDirty = false;
      if (session.disconnectedAt !== null) continue;
      this.log.append({ ts: now, type: 'rooms', id: session.id, rooms: [...session.rooms] });
    }
  }

  private markRooms(session: SessionState): void {
    if (session.roomsDirty) return;
    session.roomsDirty = true;
    this.dirtyRooms.push(session);
  }

  private upgraded(conn: ConnState, transport: string): void {
    conn.transport = transport;
    const now = Date.now();
    for (const session of conn.sessions()) {
      session.transport = transport as Transport;
      session.upgrades.push(transport as Transport);
      this.log.append({
        ts: now,
        type: 'upgrade',
        id: session.id,
        transport: transport as Transport,
      });
    }
  }

  private socketDisconnected(
    socket: Socket,
    conn: ConnState,
    session: SessionState,
    reason: string,
    description: unknown,
  ): void {
    const now = Date.now();
    session.disconnectedAt = now;
    session.reason = reason;
    session.description = describe(description);
    if (session.user === null) session.user = this.userOf(socket);
    conn.remove(session);
    this.sessions.delete(session.id);
    this.store.countDisconnect(reason, session.transport, (now - session.connectedAt) / 1000);
    this.log.append({
      ts: now,
      type: 'disconnect',
      id: session.id,
      reason,
      description: session.description,
      session: session.toRecord(),
    });
  }

  private userOf(socket: Socket): string | null {
    try {
      const user = this.options.userOf(socket);
      return user === null || user === undefined ? null : String(user).slice(0, 256);
    } catch {
      return null;
    }
  }

  private addressOf(socket: Socket): string {
    return remoteAddressOf(
      socket.conn.remoteAddress,
      socket.handshake.headers,
      this.options.trustProxy,
    );
  }
}
