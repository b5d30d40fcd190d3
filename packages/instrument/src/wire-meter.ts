import { performance } from 'node:perf_hooks';
import type { ConnState } from './conn-state.js';
import type { CounterStore } from './counter-store.js';
import {
  encodedSize,
  eventNameOf,
  messageSize,
  type EncodedPackets,
  type SocketIoPacket,
} from './encoded-packets.js';
import type { NamespaceEvents } from './event-names.js';
import { PACKET_BINARY_EVENT, PACKET_EVENT, readHeader, spanIs } from './packet-header.js';
import type { SessionState } from './session-state.js';

/** Bytes of a ping or pong packet (`2`, `3`). */
const HEARTBEAT_SIZE = 1;

/**
 * Counts packets, bytes and events on the wire. Sizes are the engine.io packet encodings: the
 * type character plus the payload's UTF-8 bytes (binary payloads: their byte length).
 *
 * Incoming messages are read as engine.io hands them to Socket.IO, heartbeats from engine.io's
 * `heartbeat` event. Outgoing packets are counted where Socket.IO writes them, already built: a
 * direct packet (`socket.emit`, an ack) once, a room broadcast once per broadcast plus a bare
 * increment per receiver, so nothing is parsed or sized per delivery. Nothing here allocates on
 * the common path.
 */
export class WireMeter {
  constructor(
    private readonly store: CounterStore,
    private readonly ownNamespace: string,
  ) {}

  /** An engine.io message arrived (a Socket.IO packet, or a binary attachment of one). */
  onMessage(conn: ConnState, data: unknown): void {
    if (conn.excluded) return;
    const store = this.store;
    store.packetsIn++;
    if (typeof data === 'string') {
      const size = 1 + Buffer.byteLength(data);
      store.bytesIn += size;
      this.incomingSocketPacket(conn, data, size);
      return;
    }
    const size = messageSize(data);
    store.bytesIn += size;
    const session = conn.last;
    if (session !== null) {
      session.packetsIn++;
      session.bytesIn += size;
    }
  }

  /** A heartbeat arrived: the client's pong (or, from a protocol 3 client, its ping). */
  onHeartbeat(conn: ConnState): void {
    if (conn.excluded) return;
    const store = this.store;
    store.packetsIn++;
    store.bytesIn += HEARTBEAT_SIZE;
    if (conn.pingSentAt === 0) return;
    const rttMs = performance.now() - conn.pingSentAt;
    conn.pingSentAt = 0;
    conn.lastRttMs = rttMs;
    store.pingRtt.observe(rttMs / 1000);
  }

  /** The server is sending a ping on this connection. */
  pingSent(conn: ConnState): void {
    if (conn.excluded) return;
    conn.pingSentAt = performance.now();
    this.store.packetsOut++;
    this.store.bytesOut += HEARTBEAT_SIZE;
  }

  /** Socket.IO wrote `packet`, encoded as `encoded`, to this one connection. */
  sentDirect(conn: ConnState, packet: SocketIoPacket, encoded: EncodedPackets): void {
    if (conn.excluded) return;
    const store = this.store;
    const size = encodedSize(encoded);
    store.packetsOut += encoded.length;
    store.bytesOut += size;
    const session = sessionNamed(conn, packet.nsp);
    if (session !== null) {
      session.packetsOut += encoded.length;
      session.bytesOut += size;
    }
    const name = eventNameOf(packet);
    if (name === undefined) return;
    if (session !== null) session.events.outgoingName(name).out++;
    else if (packet.nsp !== this.ownNamespace) store.eventsOf(packet.nsp).outgoingName(name).out++;
  }

  /** Socket.IO wrote already encoded packets with no packet to attribute them to. */
  sentEncoded(conn: ConnState, encoded: EncodedPackets): void {
    if (conn.excluded) return;
    this.store.packetsOut += encoded.length;
    this.store.bytesOut += encodedSize(encoded);
  }

  /**
   * A room broadcast of `packet` (`packets` engine.io messages of `size` bytes in all) reached
   * `deliveries` connections of the namespace whose counters are `events`.
   */
  sentBroadcast(
    events: NamespaceEvents,
    packet: SocketIoPacket,
    deliveries: number,
    packets: number,
    size: number,
  ): void {
    if (deliveries === 0) return;
    const store = this.store;
    store.packetsOut += deliveries * packets;
    store.bytesOut += deliveries * size;
    const name = eventNameOf(packet);
    if (name !== undefined) events.outgoingName(name).out += deliveries;
  }

  /** A Socket.IO packet read off the wire: attribute it to its session, count its event. */
  private incomingSocketPacket(conn: ConnState, data: string, size: number): void {
    const h = readHeader(data);
    if (h.type === -1) return;
    const session = sessionAt(conn, data, h.nspStart, h.nspEnd);
    conn.last = session;
    if (session !== null) {
      session.packetsIn++;
      session.bytesIn += size;
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
    events.incoming(data, h.nameStart, h.nameEnd, h.nameEscaped).in++;
  }
}

/** The connection's session for the namespace at `start..end` of `data` (-1: the main one). */
function sessionAt(conn: ConnState, data: string, start: number, end: number): SessionState | null {
  if (start === -1) return conn.root;
  const others = conn.others;
  for (let i = 0; i < others.length; i++) {
    const candidate = others[i] as SessionState;
    if (spanIs(data, start, end, candidate.namespace)) return candidate;
  }
  return null;
}

/** The connection's session of namespace `nsp`. */
function sessionNamed(conn: ConnState, nsp: string): SessionState | null {
  if (nsp === '/') return conn.root;
  const others = conn.others;
  for (let i = 0; i < others.length; i++) {
    const candidate = others[i] as SessionState;
    if (candidate.namespace === nsp) return candidate;
  }
  return null;
}
