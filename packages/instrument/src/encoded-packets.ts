import { PACKET_BINARY_EVENT, PACKET_EVENT } from './packet-header.js';

/**
 * What socket.io-parser's encoder makes of one Socket.IO packet: the engine.io messages that
 * carry it (a string, then one binary message per attachment).
 */
export type EncodedPackets = readonly unknown[];

/** A Socket.IO packet as the server builds it, before encoding. */
export interface SocketIoPacket {
  type: number;
  nsp: string;
  data?: unknown;
}

/** The event name of an EVENT or BINARY_EVENT packet; undefined for any other packet. */
export function eventNameOf(packet: SocketIoPacket): unknown {
  if (packet.type !== PACKET_EVENT && packet.type !== PACKET_BINARY_EVENT) return undefined;
  const data = packet.data;
  return Array.isArray(data) ? (data[0] as unknown) : null;
}

/**
 * Bytes of engine.io messages as sent: a string costs its type character plus its UTF-8
 * bytes, a binary message its byte length.
 */
export function messageSize(data: unknown): number {
  if (typeof data === 'string') return 1 + Buffer.byteLength(data);
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}

export function encodedSize(encoded: EncodedPackets): number {
  let size = 0;
  for (let i = 0; i < encoded.length; i++) size += messageSize(encoded[i]);
  return size;
}
