import type { ConnState, EngineSocket } from './conn-state.js';
import type { EncodedPackets, SocketIoPacket } from './encoded-packets.js';
import type { EncoderTap } from './encoder-tap.js';
import type { WireMeter } from './wire-meter.js';

interface PacketOptions {
  preEncoded?: boolean;
  volatile?: boolean;
}

/** Socket.IO's per-connection `Client`: `_packet` writes one packet of any of its sockets. */
export interface WritingClient {
  conn: EngineSocket;
  _packet(packet: SocketIoPacket | EncodedPackets, opts?: PacketOptions): void;
}

/**
 * Counts every packet Socket.IO writes to one connection itself (emits, acks, connects) by
 * wrapping that client's `_packet`: the packet is there whole, and its encoding is read off
 * the encoder tap. Room broadcasts bypass `_packet`: see broadcast-hooks.ts.
 */
export function hookClientWrites(
  client: WritingClient,
  conn: ConnState,
  meter: WireMeter,
  tap: EncoderTap,
): () => void {
  const hadOwn = Object.prototype.hasOwnProperty.call(client, '_packet');
  const write = client._packet;
  client._packet = function (
    this: WritingClient,
    packet: SocketIoPacket | EncodedPackets,
    opts?: PacketOptions,
  ): void {
    // writeToEngine drops a volatile packet when the transport is busy: judge before writing.
    const dropped = opts?.volatile === true && !this.conn.transport.writable;
    tap.last = null;
    write.call(this, packet, opts);
    if (dropped) return;
    if (opts?.preEncoded === true) {
      if (this.conn.readyState === 'open') meter.sentEncoded(conn, packet as EncodedPackets);
      return;
    }
    const encoded = tap.last;
    tap.last = null;
    // Nothing encoded: the connection was no longer open, nothing was written.
    if (encoded !== null) meter.sentDirect(conn, packet as SocketIoPacket, encoded);
  };
  return () => {
    if (hadOwn) client._packet = write;
    else delete (client as Partial<WritingClient>)._packet;
  };
}
