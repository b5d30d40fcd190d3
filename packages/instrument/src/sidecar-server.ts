import * as v from 'valibot';
import { Adapter } from 'socket.io-adapter';
import type { Namespace, Server, Socket } from 'socket.io';
import {
  SIDECAR_CONNECT_ERRORS,
  SIDECAR_HEARTBEAT_MS,
  type Batch,
  type CounterState,
  type Hello,
  type InstrumentToSidecarEvents,
  type SidecarToInstrumentEvents,
  type Snapshot,
} from '@sockscope/contracts';
import { healthSignal, type HealthSampler } from './health-sampler.js';
import type { ResolvedInstrumentOptions } from './instrument-options.js';
import type { Recorder } from './recorder.js';
import { forwardedFor, isLoopback, remoteAddressOf } from './remote-address.js';
import { SidecarAuth } from './sidecar-auth.js';

/** Replays are cut into batches of at most this many events. */
const MAX_BATCH_EVENTS = 2000;

const authSchema = v.object({
  instance: v.optional(v.pipe(v.string(), v.maxLength(128))),
  resumeFrom: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

type SidecarSocket = Socket<SidecarToInstrumentEvents, InstrumentToSidecarEvents>;

interface Peer {
  socket: SidecarSocket;
  /** The highest sequence number sent to this sidecar. */
  cursor: number;
  lastSentAt: number;
  lastFingerprint: number;
  /** `healthSignal` of the last state sent. */
  lastHealth: string;
  acked: number;
}

/**
 * The token-protected namespace the exporter sidecar reads: `hello`, `snapshot`, then a
 * `batch` per interval with the events it has not seen yet (one message per interval,
 * never one per socket event).
 */
export class SidecarServer {
  private readonly peers = new Set<Peer>();
  private readonly auth: SidecarAuth;
  private readonly nsp: Namespace<SidecarToInstrumentEvents, InstrumentToSidecarEvents>;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly io: Server,
    private readonly recorder: Recorder,
    private readonly health: HealthSampler,
    private readonly options: ResolvedInstrumentOptions,
    private readonly hello: () => Hello,
  ) {
    this.auth = new SidecarAuth(options.token);
    this.nsp = io.of(options.namespace) as unknown as Namespace<
      SidecarToInstrumentEvents,
      InstrumentToSidecarEvents
    >;
    this.useLocalAdapter();
    this.nsp.use((socket, next) => {
      const refusal = this.refusal(socket);
      next(refusal === null ? undefined : new Error(refusal));
    });
    this.nsp.on('connection', (socket) => this.accept(socket));
    this.timer = setInterval(() => this.tick(), options.batchIntervalMs);
    this.timer.unref();
  }

  get sidecars(): number {
    return this.peers.size;
  }

  /** Sends what is pending now (e.g. before a graceful shutdown). */
  tick(): void {
    if (this.closed) return;
    this.recorder.flushRooms();
    // Nobody to send to: nothing more to do (health is sampled for readers only).
    if (this.peers.size === 0) return;
    const now = Date.now();
    this.health.sample(now);
    let state: CounterState | null = null;
    for (const peer of this.peers) {
      state = this.send(peer, now, state, false);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const peer of this.peers) peer.socket.disconnect(true);
    this.peers.clear();
    this.nsp.removeAllListeners();
    this.io._nsps.delete(this.options.namespace);
  }

  /**
   * Batches go to one socket each and are never replayed by Socket.IO itself: a plain
   * in-memory adapter keeps connection-state recovery and cluster adapters from storing or
   * forwarding them.
   */
  private useLocalAdapter(): void {
    const previous = this.nsp.adapter;
    if (previous.constructor === Adapter) return;
    this.nsp.adapter = new Adapter(this.nsp as unknown as Namespace);
    void Promise.resolve(previous.close()).catch(() => undefined);
  }

  private refusal(socket: Socket): string | null {
    const headers = socket.handshake.headers;
    const peer = socket.conn.remoteAddress;
    const address = remoteAddressOf(peer, headers, this.options.trustProxy);
    if (!this.options.allowRemote) {
      // Loopback only: the peer itself and everyone a proxy says it forwards for (trusted
      // or not: a local proxy in front of this node must not open the namespace to the world).
      const local = isLoopback(peer) && forwardedFor(headers).every(isLoopback);
      if (!local) return SIDECAR_CONNECT_ERRORS.remoteRefused;
    }
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    return this.auth.check(address, auth?.token);
  }

  private accept(socket: SidecarSocket): void {
    if (this.closed) {
      socket.disconnect(true);
      return;
    }
    this.recorder.excludeConnection(socket.conn);
    const hello = this.hello();
    const log = this.recorder.log;
    const parsed = v.safeParse(authSchema, socket.handshake.auth);
    const auth = parsed.success ? parsed.output : {};
    let cursor = log.seq;
    if (auth.instance !== undefined && auth.instance !== hello.instance) cursor = 0;
    else if (auth.instance === hello.instance && auth.resumeFrom !== undefined)
      cursor = Math.min(auth.resumeFrom, log.seq);
    const state = this.counterState();
    const peer: Peer = {
      socket,
      cursor,
      lastSentAt: 0,
      lastFingerprint: -1,
      lastHealth: healthSignal(state.health),
      acked: cursor,
    };
    socket.emit('hello', hello);
    const snapshot: Snapshot = { seq: log.seq, sessions: this.recorder.sessionRecords(), state };
    socket.emit('snapshot', snapshot);
    peer.lastSentAt = Date.now();
    peer.lastFingerprint = this.recorder.store.fingerprint();
    this.peers.add(peer);
    if (peer.cursor < log.seq) this.send(peer, Date.now(), state, false);
    socket.on('ack', (seq: unknown) => {
      if (typeof seq === 'number' && Number.isInteger(seq) && seq > peer.acked && seq <= log.seq)
        peer.acked = seq;
    });
    // A server shutting down closes this socket before its engine connection: what its last
    // moments recorded still goes out, ahead of the close.
    socket.once('disconnecting', () => {
      if (socket.conn.readyState === 'open') this.send(peer, Date.now(), null, true);
    });
    socket.once('disconnect', () => this.peers.delete(peer));
  }

  /** Sends pending events (in chunks) or a heartbeat; returns the state it built, for reuse. */
  private send(
    peer: Peer,
    now: number,
    built: CounterState | null,
    force: boolean,
  ): CounterState | null {
    const log = this.recorder.log;
    let state = built;
    const fingerprint = this.recorder.store.fingerprint();
    // Read once: the signal remembered is the one of the health that goes out.
    const current = state?.health ?? this.health.current;
    const health = healthSignal(current);
    const due =
      force ||
      peer.cursor < log.seq ||
      fingerprint !== peer.lastFingerprint ||
      health !== peer.lastHealth ||
      now - peer.lastSentAt >= SIDECAR_HEARTBEAT_MS;
    if (!due) return state;
    state ??= this.recorder.store.state(current);
    do {
      const { events, upTo } = log.since(peer.cursor, MAX_BATCH_EVENTS);
      const batch: Batch = { events, state };
      peer.socket.emit('batch', batch);
      peer.cursor = upTo;
    } while (peer.cursor < log.seq);
    peer.lastSentAt = now;
    peer.lastFingerprint = fingerprint;
    peer.lastHealth = health;
    return state;
  }

  private counterState(): CounterState {
    return this.recorder.store.state(this.health.current);
  }
}
