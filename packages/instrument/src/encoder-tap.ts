import type { EncodedPackets, SocketIoPacket } from './encoded-packets.js';

interface Encoder {
  encode(packet: SocketIoPacket): EncodedPackets;
}

/**
 * What the server's encoder produced last. Socket.IO encodes a packet once, synchronously,
 * right where it writes it: a hook around that write reads here what went out, without
 * encoding or parsing anything itself.
 */
export class EncoderTap {
  last: EncodedPackets | null = null;

  /** Wraps `io.encoder` (shared by every client and adapter of the server). */
  attach(io: unknown): () => void {
    const encoder = (io as { encoder: Encoder }).encoder;
    const hadOwn = Object.prototype.hasOwnProperty.call(encoder, 'encode');
    const encode = encoder.encode;
    encoder.encode = (packet: SocketIoPacket): EncodedPackets => {
      const encoded = encode.call(encoder, packet);
      this.last = encoded;
      return encoded;
    };
    return () => {
      if (hadOwn) encoder.encode = encode;
      else delete (encoder as Partial<Encoder>).encode;
      this.last = null;
    };
  }
}
