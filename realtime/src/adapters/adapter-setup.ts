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

/** The adapter's link to its broker, for /readyz, /healthz and the instrument. */
export interface AdapterHealthReading {
  kind: AdapterKind;
  /** False while cross-node broadcasts cannot go out (Redis not `ready`). */
  up: boolean;
  /** Epoch ms since which it is down; undefined while up. */
  downSince?: number;
}

export interface AdapterSetup {
  kind: AdapterKind;
  /** Socket.IO `adapter` option; undefined = the in-memory one. */
  adapter: ServerOptions['adapter'] | undefined;
  sequences: SequenceSource;
  /** Reads the link to the broker now (memory and cluster: always up). */
  health(): AdapterHealthReading;
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
    // ioredis status: 'ready' only while commands go out; anything else ('reconnecting',
    // 'connecting', 'connect' before ready, 'end') means the Streams adapter is cut off.
    let downSince: number | undefined;
    const health = (): AdapterHealthReading => {
      const up = redis.status === 'ready';
      if (up) downSince = undefined;
      else downSince ??= Date.now();
      return { kind, up, ...(downSince !== undefined && { downSince }) };
    };
    redis.on('close', () => void health());
    redis.on('ready', () => {
      if (downSince !== undefined)
        logger.info({ downMs: Date.now() - downSince }, 'redis ready again');
      health();
    });
    return {
      kind,
      adapter: createRedisStreamsAdapter(redis) as ServerOptions['adapter'],
      sequences: createRedisSequences(redis),
      health,
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
      health: () => ({ kind, up: true }),
      close: () => sequences.close(),
    };
  }
  const sequences = createLocalSequences();
  return {
    kind,
    adapter: undefined,
    sequences,
    health: () => ({ kind, up: true }),
    close: () => sequences.close(),
  };
}
