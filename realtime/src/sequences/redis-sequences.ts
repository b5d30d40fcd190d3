import type { Redis } from 'ioredis';
import type { SequenceSource } from './sequence-source.js';

/** Key prefix of the per-room counters in Redis. */
export const SEQUENCE_KEY_PREFIX = 'sockscope:seq:';

/**
 * Redis INCR per room: atomic across nodes. Replies come back in request order, so one node
 * emits its messages of a room in `seq` order.
 */
export function createRedisSequences(redis: Redis): SequenceSource {
  return {
    next: (room) => redis.incr(`${SEQUENCE_KEY_PREFIX}${room}`),
    close: () => Promise.resolve(),
  };
}
