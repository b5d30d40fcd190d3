/**
 * Counts lost and duplicated room messages from their per-room `seq`. Only messages accepted
 * while this receiver was surely in the room count: `sentAt` inside [joinedAt + grace,
 * leftAt - grace]. Edges are ambiguous (a publish racing the join, a delivery still in flight at
 * the end), the middle is not: every seq between the lowest and highest seen must arrive once.
 */
export interface SeqCounts {
  lost: number;
  duplicated: number;
  /** Messages inside the judged window. */
  judged: number;
}

interface RoomLog {
  joinedAt: number;
  /** seq → [sentAt, times received] */
  seen: Map<number, [number, number]>;
}

export class SeqTracker {
  /** Created on the first room: a VU that only holds its connection keeps none. */
  private rooms: Map<string, RoomLog> | null = null;

  constructor(private readonly graceMs = 250) {}

  joined(room: string, at = Date.now()): void {
    this.rooms ??= new Map();
    if (!this.rooms.has(room)) this.rooms.set(room, { joinedAt: at, seen: new Map() });
  }

  /** Returns true when this seq was already received (a duplicate). */
  record(room: string, seq: number, sentAt: number): boolean {
    this.rooms ??= new Map();
    let log = this.rooms.get(room);
    if (!log) {
      log = { joinedAt: sentAt, seen: new Map() };
      this.rooms.set(room, log);
    }
    const entry = log.seen.get(seq);
    if (entry) {
      entry[1] += 1;
      return true;
    }
    log.seen.set(seq, [sentAt, 1]);
    return false;
  }

  counts(leftAt = Date.now()): SeqCounts {
    const total: SeqCounts = { lost: 0, duplicated: 0, judged: 0 };
    for (const log of this.rooms?.values() ?? []) {
      const from = log.joinedAt + this.graceMs;
      const to = leftAt - this.graceMs;
      let min = Infinity;
      let max = -Infinity;
      let unique = 0;
      for (const [seq, [sentAt, times]] of log.seen) {
        if (sentAt < from || sentAt > to) continue;
        unique += 1;
        total.duplicated += times - 1;
        if (seq < min) min = seq;
        if (seq > max) max = seq;
      }
      if (unique === 0) continue;
      // Seqs in the window that never arrived (seqs between min and max were all sent in it).
      let present = 0;
      for (const seq of log.seen.keys()) if (seq >= min && seq <= max) present += 1;
      total.lost += max - min + 1 - present;
      total.judged += max - min + 1;
    }
    return total;
  }
}
