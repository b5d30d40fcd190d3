import { createAdapter as createClusterAdapter } from '@socket.io/cluster-adapter';
import { createAdapter as createRedisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import type { Logger } from '../logger.js';
import { createClusterSequences } from '../sequences/cluster-sequences.js';
import { createRedisSequences } from '../sequences/redis-sequences.js';
import { createLocalSequences, type SequenceSource } from '../sequences/sequence-source.js';

/** How long a starting node waits for Redis (ioredis keeps retrying meanwhile). */
const REDIS_READY_TIMEOUT_MS = 15_000;

function waitUntilReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.disconnect();
      reject(new Error(`REDIS_URL: Redis not reachable within ${timeoutMs} ms`));
    }, timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export type AdapterKind = 'memory' | 'redis' | 'cluster';

export interface AdapterSetup {
  kind: AdapterKind;
  /** Socket.IO `adapter` option; undefined = the in-memory one. */
  adapter: ServerOptions['adapter'] | undefined;
  sequences: SequenceSource;
  /** Releases connections; call after io.close() so recovery sessions are written first. */
  close(): Promise<void>;
}

/** Picks the adapter and the matching sequence source. */
export async function createAdapterSetup(
  kind: AdapterKind,
  redisUrl: string | undefined,
  logger: Logger,
): Promise<AdapterSetup> {
  if (kind === 'redis') {
    if (redisUrl === undefined) throw new Error('REDIS_URL is required with ADAPTER=redis');
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
    redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis error'));
    await waitUntilReady(redis, REDIS_READY_TIMEOUT_MS);
    return {
      kind,
      adapter: createRedisStreamsAdapter(redis) as ServerOptions['adapter'],
      sequences: createRedisSequences(redis),
      async close() {
        // QUIT is queued after pending commands (the sessions persisted by io.close()).
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  }
  if (kind === 'cluster') {
    const sequences = createClusterSequences();
    return {
      kind,
      adapter: createClusterAdapter() as ServerOptions['adapter'],
      sequences,
      close: () => sequences.close(),
    };
  }
  const sequences = createLocalSequences();
  return { kind, adapter: undefined, sequences, close: () => sequences.close() };
}
