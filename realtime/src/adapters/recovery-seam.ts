import type { Namespace, Socket } from 'socket.io';
import type { Logger } from '../logger.js';

/** How long broadcasts are kept for the replay (far longer than a restore takes). */
const RING_MS = 5000;
/** How long a recovered socket keeps dropping late duplicates. */
const FLOOR_MS = 10_000;

interface Packet {
  type: number;
  data: unknown[];
}
interface BroadcastOpts {
  rooms: Set<string>;
  except?: Set<string>;
}
interface AdapterInternals {
  _encode(packet: Packet, packetOpts: unknown): unknown[];
  apply(opts: BroadcastOpts, callback: (socket: Socket) => void): void;
  restoreSession(
    pid: string,
    offset: string,
  ): Promise<{ missedPackets?: unknown[][] } | null | undefined>;
}
interface SocketInternals {
  pid?: string;
  packet(packet: Packet): void;
}
interface Entry {
  offset: string;
  packet: Packet;
  opts: BroadcastOpts;
  at: number;
}

/** Redis stream ids `<ms>-<seq>`. */
const STREAM_ID = /^(\d+)-(\d+)$/;
const compareIds = (a: string, b: string): number => {
  const [, am = '0', as = '0'] = STREAM_ID.exec(a) ?? [];
  const [, bm = '0', bs = '0'] = STREAM_ID.exec(b) ?? [];
  return am.length !== bm.length
    ? am.length - bm.length
    : am !== bm
      ? am < bm
        ? -1
        : 1
      : Number(as) - Number(bs);
};
const offsetOf = (data: readonly unknown[] | undefined): string | undefined => {
  const last = data?.at(-1);
  return typeof last === 'string' && STREAM_ID.test(last) ? last : undefined;
};

/**
 * Closes the seam of connection state recovery with the Redis Streams adapter. socket.io reads
 * the missed packets (XRANGE) and only later puts the socket among the broadcast targets; a
 * broadcast in between is lost, and one read by XRANGE may also arrive live (a duplicate).
 * Here every broadcast is kept a few seconds with its stream offset; when a recovered socket
 * connects it gets those newer than what it already has, and live packets at or below that
 * offset are dropped for it. Uses socket.io-adapter 2.5 internals (_encode, apply).
 */
export function closeRecoverySeam(nsp: Namespace, logger: Logger): void {
  const adapter = nsp.adapter as unknown as AdapterInternals;
  const ring: Entry[] = [];
  const floors = new Map<string, string>();
  const restoredUpTo = new Map<string, string>();
  let current: Packet | undefined;

  const encode = adapter._encode.bind(adapter);
  adapter._encode = (packet, packetOpts) => {
    current = packet;
    return encode(packet, packetOpts);
  };

  const apply = adapter.apply.bind(adapter);
  adapter.apply = (opts, callback) => {
    const packet = current;
    current = undefined;
    const offset = offsetOf(packet?.data);
    if (!packet || offset === undefined) {
      apply(opts, callback);
      return;
    }
    const now = Date.now();
    ring.push({ offset, packet, opts, at: now });
    while (ring.length > 0 && (ring[0]?.at ?? now) < now - RING_MS) ring.shift();
    if (floors.size === 0) {
      apply(opts, callback);
      return;
    }
    apply(opts, (socket) => {
      const floor = floors.get(socket.id);
      if (floor !== undefined && compareIds(offset, floor) <= 0) return; // already delivered
      callback(socket);
    });
  };

  const restoreSession = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restoreSession(pid, offset);
    if (session) restoredUpTo.set(pid, offsetOf(session.missedPackets?.at(-1)) ?? offset);
    return session;
  };

  nsp.on('connection', (socket: Socket) => {
    if (!socket.recovered) return;
    const internals = socket as unknown as SocketInternals;
    const pid = internals.pid ?? '';
    let upTo = restoredUpTo.get(pid);
    restoredUpTo.delete(pid);
    if (upTo === undefined) return;
    // Everything broadcast before this moment missed the socket; everything after reaches it.
    let replayed = 0;
    for (const entry of ring) {
      if (compareIds(entry.offset, upTo) <= 0 || !targets(entry.opts, socket.rooms)) continue;
      internals.packet({ type: entry.packet.type, data: entry.packet.data });
      replayed++;
    }
    for (const entry of ring) if (compareIds(entry.offset, upTo) > 0) upTo = entry.offset;
    floors.set(socket.id, upTo);
    const timer = setTimeout(() => floors.delete(socket.id), FLOOR_MS);
    timer.unref();
    socket.once('disconnect', () => {
      clearTimeout(timer);
      floors.delete(socket.id);
    });
    if (replayed > 0) logger.debug({ replayed }, 'recovery: replayed broadcasts from the seam');
  });
}

function targets(opts: BroadcastOpts, rooms: ReadonlySet<string>): boolean {
  for (const room of opts.except ?? []) if (rooms.has(room)) return false;
  if (opts.rooms.size === 0) return true;
  for (const room of opts.rooms) if (rooms.has(room)) return true;
  return false;
}
