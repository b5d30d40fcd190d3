import type { Redis } from 'ioredis';
import { createSequenceFloors } from './sequence-floors.js';
import type { SequenceSource } from './sequence-source.js';

/** Key prefix of the per-room counters in Redis. */
export const SEQUENCE_KEY_PREFIX = 'sockscope:seq:';

/**
 * INCR with a floor: a Redis that restarted without its data counts from 1 again, so a result
 * at or below the highest seq this node handed out or delivered is lifted just above it.
 */
const INCR_WITH_FLOOR = `
local seq = redis.call('INCR', KEYS[1])
local floor = tonumber(ARGV[1])
if seq <= floor then
  seq = floor + 1
  redis.call('SET', KEYS[1], seq)
end
return seq
`;

export interface RedisSequencesOptions {
  /** Rooms whose highest seq the node remembers (least recently used forgotten). @default 100000 */
  maxRooms?: number;
}

/**
 * Redis INCR per room: atomic across nodes. Replies come back in request order, so one node
 * emits its messages of a room in `seq` order. While Redis is not connected the request fails
 * at once instead of waiting in ioredis's offline queue (where it would hang the publish and
 * then spend a number after reconnecting).
 */
export function createRedisSequences(
  redis: Redis,
  options: RedisSequencesOptions = {},
): SequenceSource {
  const floors = createSequenceFloors(options.maxRooms);
  return {
    async next(room) {
      if (redis.status !== 'ready') throw new Error(`redis is ${redis.status}`);
      const reply = await redis.eval(
        INCR_WITH_FLOOR,
        1,
        `${SEQUENCE_KEY_PREFIX}${room}`,
        floors.get(room),
      );
      const seq = Number(reply);
      if (!Number.isSafeInteger(seq)) throw new Error(`unexpected INCR reply ${String(reply)}`);
      floors.raise(room, seq);
      return seq;
    },
    observe: (room, seq) => floors.raise(room, seq),
    close: () => Promise.resolve(),
  };
}
