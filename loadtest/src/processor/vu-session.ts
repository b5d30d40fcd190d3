/**
 * One virtual user's measured Socket.IO connection: connect time, delivery latency, loss and
 * duplicates by seq, reconnect time and recovery, disconnects by client-side reason.
 */
import { io, Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, RoomMessage, ServerToClientEvents } from '@sockscope/contracts';
import { CLIENT_COUNTERS, CLIENT_HISTOGRAMS, disconnectCounter } from '../client-metrics.js';
import type { ArtilleryEvents } from './artillery-types.js';
import { SeqTracker } from './seq-tracker.js';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface VuSessionOptions {
  target: string;
  userId: string;
  token: string;
  /** Adopt this already connected socket (Artillery's) instead of opening one. */
  socket?: AppSocket;
  /** @default ['websocket'] */
  transports?: ('websocket' | 'polling')[];
  /** @default 10000 */
  timeoutMs?: number;
}

/** Payload every published message carries, so receivers know where it came from. */
export interface ProbePayload {
  node: string;
  pad?: string;
}

const RECONNECT_BOUND_MS = 10_000;

export class VuSession {
  readonly socket: AppSocket;
  readonly tracker = new SeqTracker();
  private closing = false;
  private droppedAt: number | null = null;
  private pendingReconnect: Promise<void> | null = null;
  private resolveReconnect: (() => void) | null = null;
  /** Rooms joined, for a rejoin after an unrecovered reconnect (created on the first join). */
  private rooms: Set<string> | null = null;
  private lastMessageAt = 0;

  constructor(
    private readonly options: VuSessionOptions,
    private readonly events: ArtilleryEvents,
  ) {
    if (options.socket) restoreOnevent(options.socket);
    this.socket = options.socket ?? io(options.target, {
      auth: { token: options.token, clientVersion: 'sockscope-loadtest' },
      transports: options.transports ?? ['websocket'],
      forceNew: true,
      autoConnect: false,
      timeout: options.timeoutMs ?? 10_000,
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
      randomizationFactor: 0.5,
    });
    this.socket.on('room:message', (message) => this.onMessage(message));
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason));
    this.socket.on('connect', () => this.onReconnect());
  }

  /** The node that serves this VU (engine.io ids are `<node>.<random>`). */
  get node(): string {
    const sid = this.socket.io.engine?.id ?? '';
    const dot = sid.indexOf('.');
    return dot > 0 ? sid.slice(0, dot) : 'unknown';
  }

  /** Reports the connect time of an adopted socket (measured by engine-socket.ts). */
  adopted(connectMs: number | null): void {
    if (connectMs !== null) this.events.emit('histogram', CLIENT_HISTOGRAMS.connectTime, connectMs);
    this.events.emit('counter', CLIENT_COUNTERS.connected, 1);
  }

  /** Connects once; rejects with the server's connect_error message. */
  connect(): Promise<number> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        this.socket.off('connect', onConnect);
        this.closing = true;
        this.socket.disconnect();
        this.events.emit('counter', CLIENT_COUNTERS.connectFailed, 1);
        reject(error);
      };
      const onConnect = (): void => {
        this.socket.off('connect_error', onError);
        const ms = performance.now() - started;
        this.events.emit('histogram', CLIENT_HISTOGRAMS.connectTime, ms);
        this.events.emit('counter', CLIENT_COUNTERS.connected, 1);
        resolve(ms);
      };
      this.socket.once('connect', onConnect);
      this.socket.once('connect_error', onError);
      this.socket.connect();
    });
  }

  async join(room: string): Promise<void> {
    const result = await this.ack<Ack>((cb) => this.socket.emit('room:join', { room }, cb));
    if (!result.ok) throw new Error(`room:join refused: ${result.error}`);
    (this.rooms ??= new Set()).add(room);
    this.tracker.joined(room);
  }

  /** Publishes one probe; counts it sent or failed, and the ack latency. */
  async publish(room: string, pad = ''): Promise<boolean> {
    const started = performance.now();
    const payload: ProbePayload = pad ? { node: this.node, pad } : { node: this.node };
    try {
      const result = await this.ack<Ack<{ id: string; serverTs: number; seq: number }>>((cb) =>
        this.socket.emit('room:publish', { room, payload }, cb),
      );
      if (!result.ok) {
        this.events.emit('counter', `${CLIENT_COUNTERS.publishFailed}.${result.error.replace(/\W+/g, '_')}`, 1);
        return false;
      }
      this.events.emit('histogram', CLIENT_HISTOGRAMS.ackLatency, performance.now() - started);
      this.events.emit('counter', CLIENT_COUNTERS.messagesSent, 1);
      return true;
    } catch {
      this.events.emit('counter', `${CLIENT_COUNTERS.publishFailed}.timeout`, 1);
      return false;
    }
  }

  /** Waits until an ongoing reconnection finishes (or the bound passes). */
  async settle(quietMs = 500, boundMs = RECONNECT_BOUND_MS + 5000): Promise<void> {
    const deadline = Date.now() + boundMs;
    if (this.pendingReconnect) {
      await Promise.race([this.pendingReconnect, delay(Math.max(0, deadline - Date.now()))]);
    }
    // Let in-flight deliveries (and replays after recovery) arrive.
    while (Date.now() < deadline && Date.now() - this.lastMessageAt < quietMs) await delay(quietMs / 4);
  }

  /** Reports loss and duplicates, then closes. */
  finish(): void {
    const counts = this.tracker.counts();
    this.events.emit('counter', CLIENT_COUNTERS.messagesLost, counts.lost);
    this.events.emit('counter', CLIENT_COUNTERS.messagesDuplicated, counts.duplicated);
    this.events.emit('counter', CLIENT_COUNTERS.messagesJudged, counts.judged);
    this.close();
  }

  close(): void {
    this.closing = true;
    this.resolveReconnect?.();
    this.socket.disconnect();
  }

  private ack<T>(send: (cb: (result: T) => void) => void): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('ack timeout')), this.options.timeoutMs ?? 10_000);
      send((result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
  }

  private onMessage(message: RoomMessage): void {
    const now = Date.now();
    this.lastMessageAt = now;
    const duplicate = this.tracker.record(message.room, message.seq, message.sentAt);
    if (duplicate) return;
    const latency = now - message.sentAt;
    this.events.emit('counter', CLIENT_COUNTERS.messagesReceived, 1);
    this.events.emit('histogram', CLIENT_HISTOGRAMS.deliveryLatency, latency);
    const from = (message.payload as Partial<ProbePayload> | null)?.node;
    if (typeof from === 'string' && from !== this.node) {
      this.events.emit('histogram', CLIENT_HISTOGRAMS.deliveryLatencyCrossNode, latency);
    }
  }

  private onDisconnect(reason: string): void {
    if (this.closing) return;
    this.events.emit('counter', disconnectCounter(reason), 1);
    this.events.emit('counter', CLIENT_COUNTERS.affected, 1);
    this.droppedAt = Date.now();
    this.pendingReconnect = new Promise((resolve) => {
      this.resolveReconnect = resolve;
    });
    // The server ended the session on purpose (kick, drain): socket.io-client does not retry
    // on its own then, but a real client would.
    if (reason === 'io server disconnect') this.socket.connect();
  }

  private onReconnect(): void {
    if (this.droppedAt === null) return;
    const ms = Date.now() - this.droppedAt;
    this.droppedAt = null;
    this.events.emit('histogram', CLIENT_HISTOGRAMS.reconnectTime, ms);
    this.events.emit('counter', CLIENT_COUNTERS.reconnected, 1);
    if (ms <= RECONNECT_BOUND_MS) this.events.emit('counter', CLIENT_COUNTERS.reconnectedWithin10s, 1);
    this.events.emit('counter', this.socket.recovered ? CLIENT_COUNTERS.recovered : CLIENT_COUNTERS.notRecovered, 1);
    // Without recovery the rooms are gone on the new node: join them again (loss is then counted).
    if (!this.socket.recovered) {
      for (const room of this.rooms ?? []) this.socket.emit('room:join', { room }, () => undefined);
    }
    this.resolveReconnect?.();
    this.pendingReconnect = null;
  }
}

/**
 * Artillery's engine replaces `socket.onevent` (socketio-wildcard) with one that never updates
 * the socket's recovery offset, so connection state recovery could not work on its sockets:
 * give the socket back socket.io-client's own handler. Assigned rather than deleted: a delete
 * would turn every VU's socket into a slow dictionary-mode object (about 0.8 KB more each).
 */
function restoreOnevent(socket: AppSocket): void {
  const own = socket as unknown as { onevent: unknown };
  if (Object.prototype.hasOwnProperty.call(own, 'onevent')) own.onevent = (Socket.prototype as unknown as { onevent: unknown }).onevent;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
