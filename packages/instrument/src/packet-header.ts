/**
 * Reads the header of an encoded Socket.IO packet (`<type>[<n>-][/nsp,][id][json]`) in place,
 * without allocating: the result goes into the module-level `header` slots.
 * @see https://github.com/socketio/socket.io-protocol
 */

export const PACKET_EVENT = 2;
export const PACKET_BINARY_EVENT = 5;

export interface PacketHeader {
  /** Socket.IO packet type (0–6), or -1 when the data is not a Socket.IO packet. */
  type: number;
  /** Start/end of the namespace in the data; -1 for the main namespace `/`. */
  nspStart: number;
  nspEnd: number;
  /** Start/end of the event name (inside its quotes); -1 when there is none. */
  nameStart: number;
  nameEnd: number;
  /** The event name contains a JSON escape and must be decoded. */
  nameEscaped: boolean;
}

export const header: PacketHeader = {
  type: -1,
  nspStart: -1,
  nspEnd: -1,
  nameStart: -1,
  nameEnd: -1,
  nameEscaped: false,
};

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const DASH = 45;
const SLASH = 47;
const BRACKET = 91;
const QUOTE = 34;
const BACKSLASH = 92;

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

export function readHeader(data: string): PacketHeader {
  header.nspStart = -1;
  header.nspEnd = -1;
  header.nameStart = -1;
  header.nameEnd = -1;
  header.nameEscaped = false;
  const type = data.charCodeAt(0) - DIGIT_0;
  if (!(type >= 0 && type <= 6)) {
    header.type = -1;
    return header;
  }
  header.type = type;
  const length = data.length;
  let i = 1;
  if (type === PACKET_BINARY_EVENT || type === 6) {
    while (i < length && isDigit(data.charCodeAt(i))) i++;
    if (data.charCodeAt(i) === DASH) i++;
  }
  if (data.charCodeAt(i) === SLASH) {
    const comma = data.indexOf(',', i);
    header.nspStart = i;
    header.nspEnd = comma === -1 ? length : comma;
    if (comma === -1) return header;
    i = comma + 1;
  }
  if (type !== PACKET_EVENT && type !== PACKET_BINARY_EVENT) return header;
  while (i < length && isDigit(data.charCodeAt(i))) i++;
  if (data.charCodeAt(i) !== BRACKET || data.charCodeAt(i + 1) !== QUOTE) return header;
  const start = i + 2;
  const end = data.indexOf('"', start);
  if (end === -1) return header;
  header.nameStart = start;
  header.nameEnd = end;
  // Only the name's own characters are scanned for an escape: never the payload.
  let escaped = false;
  for (let k = start; k < end; k++) {
    if (data.charCodeAt(k) === BACKSLASH) {
      escaped = true;
      break;
    }
  }
  if (escaped) {
    header.nameEscaped = true;
    // An escaped quote ends the name later: find the real closing quote.
    let j = start;
    while (j < length) {
      const code = data.charCodeAt(j);
      if (code === BACKSLASH) j += 2;
      else if (code === QUOTE) break;
      else j++;
    }
    header.nameEnd = j < length ? j : -1;
    if (header.nameEnd === -1) header.nameStart = -1;
  }
  return header;
}

/** The text at `start..end` of `data` equals `text` (compared in place, allocating nothing). */
export function spanIs(data: string, start: number, end: number, text: string): boolean {
  return end - start === text.length && data.startsWith(text, start);
}

/** Decodes an escaped event name (cold path: names with `\` are rare). */
export function decodeEscapedName(data: string, start: number, end: number): string | null {
  try {
    const value: unknown = JSON.parse(data.slice(start - 1, end + 1));
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
