/** Hands out the next `seq` of a room: +1 per message, across every node that shares it. */
export interface SequenceSource {
  next(room: string): Promise<number>;
  /** A `seq` this node delivered (from any node): the Redis source keeps it as the room's floor. */
  observe?(room: string, seq: number): void;
  close(): Promise<void>;
}

/** One process only (the memory adapter). */
export function createLocalSequences(): SequenceSource {
  const counters = new Map<string, number>();
  return {
    next(room) {
      const seq = (counters.get(room) ?? 0) + 1;
      counters.set(room, seq);
      return Promise.resolve(seq);
    },
    close: () => Promise.resolve(),
  };
}
