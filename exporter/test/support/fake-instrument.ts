import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  INSTRUMENT_NAMESPACE,
  type CounterState,
  type InstrumentToSidecarEvents,
  type LifecycleEvent,
  type SessionRecord,
  type SidecarAuth,
  type SidecarToInstrumentEvents,
} from '@sockscope/contracts';
import { Server } from 'socket.io';
import { emptyCounterState } from '../../src/target/empty-state.js';

/**
 * A synthetic target speaking the sidecar protocol (hello, snapshot, batches, resume), for tests
 * and benchmarks of the exporter alone. The real `instrument(io)` is exercised in integration tests.
 */
/** A lifecycle event before the target numbers it. */
export type Unsequenced = LifecycleEvent extends infer E
  ? E extends LifecycleEvent
    ? Omit<E, 'seq'>
    : never
  : never;

export interface FakeInstrument {
  url: string;
  io: Server<SidecarToInstrumentEvents, InstrumentToSidecarEvents>;
  state: CounterState;
  live: Map<string, SessionRecord>;
  acks: number[];
  /** Assigns seq numbers, updates the live table and sends one batch. */
  emit(events: Unsequenced[]): void;
  close(): Promise<void>;
}

export function sessionRecord(id: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id,
    engineId: `e-${id}`,
    user: null,
    node: 'fake-node',
    namespace: '/',
    transport: 'websocket',
    upgrades: ['websocket'],
    remoteAddress: '127.0.0.1',
    userAgent: 'node',
    clientProtocol: 4,
    clientVersion: null,
    connectedAt: Date.now(),
    rooms: [],
    packetsIn: 0,
    packetsOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    recovered: false,
    lastDisconnect: null,
    disconnectedAt: null,
    reason: null,
    description: null,
    durationMs: null,
    ...overrides,
  };
}

export async function startFakeInstrument(options: {
  token: string;
  node?: string;
  instance?: string;
}): Promise<FakeInstrument> {
  const http = createServer();
  const io = new Server<SidecarToInstrumentEvents, InstrumentToSidecarEvents>(http, {
    maxHttpBufferSize: 1e8,
  });
  const nsp = io.of(INSTRUMENT_NAMESPACE);
  const instance = options.instance ?? `fake-${Math.random().toString(36).slice(2)}`;
  const log: LifecycleEvent[] = [];
  const live = new Map<string, SessionRecord>();
  const acks: number[] = [];
  const state = emptyCounterState();
  let seq = 0;

  nsp.use((socket, next) => {
    const auth = socket.handshake.auth as SidecarAuth;
    next(auth.token === options.token ? undefined : new Error('invalid token'));
  });
  nsp.on('connection', (socket) => {
    const auth = socket.handshake.auth as SidecarAuth;
    socket.on('ack', (n) => acks.push(n));
    socket.emit('hello', {
      node: options.node ?? 'fake-node',
      instance,
      startedAt: Date.now(),
      versions: { socketio: '4.8.4', node: process.version, adapter: 'memory', instrument: 'fake' },
      namespaces: ['/'],
    });
    socket.emit('snapshot', { seq, sessions: [...live.values()], state });
    const from = auth.instance === instance ? (auth.resumeFrom ?? seq) : auth.instance ? 0 : seq;
    const replay = log.filter((e) => e.seq > from);
    if (replay.length > 0) socket.emit('batch', { events: replay, state });
  });

  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    io,
    state,
    live,
    acks,
    emit(partial) {
      const events = partial.map((e) => ({ ...e, seq: ++seq }) as LifecycleEvent);
      for (const e of events) {
        log.push(e);
        if (e.type === 'connect') live.set(e.session.id, e.session);
        if (e.type === 'disconnect') live.delete(e.id);
      }
      nsp.emit('batch', { events, state });
    },
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((r) => io.close(() => r()));
    },
  };
}
