/**
 * Highest `seq` this node has handed out or delivered per room, bounded: the least recently used rooms are
 * forgotten first. A Map keeps insertion order, so re-inserting on use makes it an LRU.
 */
export interface SequenceFloors {
  get(room: string): number;
  raise(room: string, seq: number): void;
  readonly size: number;
}

export function createSequenceFloors(maxRooms = 100_000): SequenceFloors {
  const floors = new Map<string, number>();
  return {
    get: (room) => floors.get(room) ?? 0,
    raise(room, seq) {
      const current = floors.get(room) ?? 0;
      floors.delete(room);
      floors.set(room, Math.max(current, seq));
      if (floors.size > maxRooms) {
        const oldest = floors.keys().next().value;
        if (oldest !== undefined) floors.delete(oldest);
      }
    },
    get size() {
      return floors.size;
    },
  };
}
