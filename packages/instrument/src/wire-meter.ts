import { performance } from 'node:perf_hooks';
import type { ConnState } from './conn-state.js';
import type { CounterStore } from './counter-store.js';
import type { EventCounter, NamespaceEvents } from './event-names.js';
import { PACKET_BINARY_EVENT, PACKET_EVENT, namespaceIs, readHeader } from './packet-header.js';
import type { SessionState } from './session-state.js';

/** An engine.io packet as the engine socket's `packet` / `packetCreate` events carry it. */
export interface WirePacket {
  type: string;
  data?: unknown;
}

const IN = 0;
const OUT = 1;
type Direction = typeof IN | typeof OUT;

/**
 * Counts packets, bytes and events on the wire, at the engine.io level, so room broadcasts
 * (written straight to each engine socket by the adapter) are counted like `socket.emit`.
 * Sizes are the engine.io packet encodings: the type character plus the payload's UTF-8 bytes
 * (binary payloads: their byte length). Nothing here allocates on the common path.
 */
export class WireMeter {
  /**
   * The last outgoing Socket.IO packet and what it resolved to. A broadcast writes one encoded
   * string to every receiving socket in a row: after the first, each copy is recognised by
   * identity and costs no sizing or parsing.
   */
  private lastOut: string | null = null;
  private lastOutSize = 0;
  private lastOutNspStart = -1;
  private lastOutNspEnd = -1;
  private lastOutCounter: EventCounter | null = null;

  constructor(
    private readonly store: CounterStore,
    private readonly ownNamespace: string,
  ) {}

  onIncoming(conn: ConnState, packet: WirePacket): void {
    if (conn.excluded) return;
    const store = this.store;
    store.packetsIn++;
    const type = packet.type;
    if (type === 'pong' && conn.pingSentAt !== 0) {
      const rttMs = performance.now() - conn.pingSentAt;
      conn.pingSentAt = 0;
      conn.lastRttMs = rttMs;
      store.pingRtt.observe(rttMs / 1000);
    }
    const data = packet.data;
    if (typeof data === 'string') {
      const size = 1 + Buffer.byteLength(data);
      store.bytesIn += size;
      if (type === 'message') this.socketPacket(conn, data, size, IN);
    } else if (data === undefined) {
      store.bytesIn += 1;
    } else {
      const size = binarySize(data);
      store.bytesIn += size;
      const session = conn.last;
      if (session !== null) {
        session.packetsIn++;
        session.bytesIn += size;
      }
    }
  }

  onOutgoing(conn: ConnState, packet: WirePacket): void {
    if (conn.excluded) return;
    const store = this.store;
    store.packetsOut++;
    const type = packet.type;
    if (type === 'ping') conn.pingSentAt = performance.now();
    const data = packet.data;
    if (typeof data === 'string') {
      if (data === this.lastOut && type === 'message') {
        this.repeatedOut(conn, data);
        return;
      }
      const size = 1 + Buffer.byteLength(data);
      store.bytesOut += size;
      if (type === 'message') this.socketPacket(conn, data, size, OUT);
    } else if (data === undefined) {
      store.bytesOut += 1;
    } else {
      const size = binarySize(data);
      store.bytesOut += size;
      const session = conn.last;
      if (session !== null) {
        session.packetsOut++;
        session.bytesOut += size;
      }
    }
  }

  /** Another copy of the last outgoing packet (a broadcast's next receiver). */
  private repeatedOut(conn: ConnState, data: string): void {
    const size = this.lastOutSize;
    this.store.bytesOut += size;
    const session = sessionOf(conn, data, this.lastOutNspStart, this.lastOutNspEnd);
    conn.last = session;
    if (session !== null) {
      session.packetsOut++;
      session.bytesOut += size;
    }
    const counter = this.lastOutCounter;
    if (counter !== null) counter.out++;
  }

  /** A Socket.IO packet: attribute it to its session and count its event name. */
  private socketPacket(conn: ConnState, data: string, size: number, direction: Direction): void {
    const h = readHeader(data);
    if (direction === OUT) {
      this.lastOut = data;
      this.lastOutSize = size;
      this.lastOutNspStart = h.nspStart;
      this.lastOutNspEnd = h.nspEnd;
      this.lastOutCounter = null;
    }
    if (h.type === -1) return;
    const session = sessionOf(conn, data, h.nspStart, h.nspEnd);
    conn.last = session;
    if (session !== null) {
      if (direction === IN) {
        session.packetsIn++;
        session.bytesIn += size;
      } else {
        session.packetsOut++;
        session.bytesOut += size;
      }
    }
    if (h.type !== PACKET_EVENT && h.type !== PACKET_BINARY_EVENT) return;
    let events: NamespaceEvents;
    if (session !== null) {
      events = session.events;
    } else {
      // No live session for it (a packet racing a connect or disconnect): the cold path.
      const namespace = h.nspStart === -1 ? '/' : data.slice(h.nspStart, h.nspEnd);
      if (namespace === this.ownNamespace) return;
      events = this.store.eventsOf(namespace);
    }
    if (direction === IN) {
      events.incoming(data, h.nameStart, h.nameEnd, h.nameEscaped).in++;
    } else {
      const counter = events.outgoing(data, h.nameStart, h.nameEnd, h.nameEscaped);
      counter.out++;
      this.lastOutCounter = counter;
    }
  }
}

/** The connection's session for the namespace at `start..end` of `data` (-1: the main one). */
function sessionOf(conn: ConnState, data: string, start: number, end: number): SessionState | null {
  if (start === -1) return conn.root;
  const others = conn.others;
  for (let i = 0; i < others.length; i++) {
    const candidate = others[i] as SessionState;
    if (namespaceIs(data, start, end, candidate.namespace)) return candidate;
  }
  return null;
}

function binarySize(data: unknown): number {
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}
