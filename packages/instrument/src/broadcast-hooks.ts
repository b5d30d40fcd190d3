import type { EngineSocket } from './conn-state.js';
import { encodedSize, type EncodedPackets, type SocketIoPacket } from './encoded-packets.js';
import type { NamespaceEvents } from './event-names.js';
import type { SessionState } from './session-state.js';
import type { WireMeter } from './wire-meter.js';

interface BroadcastPacketOptions {
  volatile?: boolean;
}

interface Receiver {
  id: string;
  conn: EngineSocket;
}

/**
 * The two steps of every local broadcast in socket.io-adapter (`broadcast`,
 * `broadcastWithAck`, and a cluster adapter's deliveries from other nodes): `_encode` the
 * packet once, then `apply` a write to each receiving socket.
 */
export interface BroadcastingAdapter {
  _encode(packet: SocketIoPacket, opts: BroadcastPacketOptions): EncodedPackets;
  apply(opts: unknown, callback: (socket: Receiver) => void): void;
}

/**
 * Counts an adapter's broadcasts: the packet is read and sized once, at `_encode`; the `apply`
 * that follows counts its receivers with an increment each. Any other `apply` (fetchSockets,
 * socketsJoin…) passes through untouched.
 */
export function hookBroadcasts(
  adapter: BroadcastingAdapter,
  events: NamespaceEvents,
  meter: WireMeter,
  sessionOf: (id: string) => SessionState | undefined,
): () => void {
  const own = {
    encode: Object.prototype.hasOwnProperty.call(adapter, '_encode'),
    apply: Object.prototype.hasOwnProperty.call(adapter, 'apply'),
  };
  const encode = adapter._encode;
  const apply = adapter.apply;
  let packet: SocketIoPacket | null = null;
  let encoded: EncodedPackets | null = null;
  let volatile = false;

  adapter._encode = function (this: BroadcastingAdapter, next, opts) {
    const result = encode.call(this, next, opts);
    packet = next;
    encoded = result;
    volatile = opts.volatile === true;
    return result;
  };
  adapter.apply = function (this: BroadcastingAdapter, opts, callback) {
    const sent = packet;
    const copies = encoded;
    if (sent === null || copies === null) return apply.call(this, opts, callback);
    packet = null;
    encoded = null;
    const packets = copies.length;
    const size = encodedSize(copies);
    const onlyWhenWritable = volatile;
    let deliveries = 0;
    apply.call(this, opts, (socket) => {
      if (reaches(socket.conn, onlyWhenWritable)) {
        deliveries++;
        const session = sessionOf(socket.id);
        if (session !== undefined) {
          session.packetsOut += packets;
          session.bytesOut += size;
        }
      }
      callback(socket);
    });
    meter.sentBroadcast(events, sent, deliveries, packets, size);
  };
  return () => {
    restore(adapter, '_encode', encode, own.encode);
    restore(adapter, 'apply', apply, own.apply);
  };
}

/** Whether engine.io will write to this connection (its `sendPacket` and volatile checks). */
function reaches(conn: EngineSocket, onlyWhenWritable: boolean): boolean {
  const state = conn.readyState;
  if (state === 'closing' || state === 'closed') return false;
  return !onlyWhenWritable || conn.transport.writable;
}

function restore<K extends keyof BroadcastingAdapter>(
  adapter: BroadcastingAdapter,
  key: K,
  original: BroadcastingAdapter[K],
  hadOwn: boolean,
): void {
  if (hadOwn) adapter[key] = original;
  else delete (adapter as Partial<BroadcastingAdapter>)[key];
}
