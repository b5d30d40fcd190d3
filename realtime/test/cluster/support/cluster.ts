import { randomBytes } from 'node:crypto';
import {
  mintToken,
  spawnRealtimeNode,
  startRedis,
  type RealtimeNodeProcess,
  type RedisServer,
} from '@sockscope/testkit';

export const ISSUER = 'sockscope-cluster-test';
export const AUDIENCE = 'sockscope';

export interface TestCluster {
  nodes: RealtimeNodeProcess[];
  /** The redis-server the nodes share, when started with `redis: true`. */
  redis: RedisServer | undefined;
  /** A valid token for user `sub`. */
  token(sub: string): Promise<string>;
}

export interface StartClusterOptions {
  /** Nodes to spawn (ids `<prefix>-a`, `<prefix>-b`, …). @default 3 */
  count?: number;
  /** Start a real redis-server and use the Redis Streams adapter; else the in-memory adapter. */
  redis: boolean;
  /** Node id prefix. @default 'n' */
  prefix?: string;
  /** Extra environment for every node. */
  env?: Record<string, string>;
}

/**
 * N realtime nodes as separate processes (`realtime/dist/main.js`) on ephemeral loopback
 * ports, sharing a real redis-server when asked. Rate limits are lifted so a test client can
 * publish thousands of messages; the testkit's stopAll() stops everything.
 */
export async function startCluster(options: StartClusterOptions): Promise<TestCluster> {
  const { count = 3, prefix = 'n' } = options;
  const secret = randomBytes(32).toString('base64url');
  const redis = options.redis ? await startRedis() : undefined;
  const nodes = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      spawnRealtimeNode({
        NODE_ID: `${prefix}-${String.fromCharCode(97 + i)}`,
        JWT_SECRET: secret,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        ADAPTER: redis ? 'redis' : 'memory',
        REDIS_URL: redis?.url,
        RATE_LIMIT_RATE: '1000000',
        RATE_LIMIT_BURST: '1000000',
        DRAIN_TIMEOUT_MS: '5000',
        LOG_LEVEL: 'info',
        TEST_HOOKS: undefined,
        INSTRUMENT_TOKEN: undefined,
        ...options.env,
      }),
    ),
  );
  return {
    nodes,
    redis,
    token: (sub) => mintToken({ secret, issuer: ISSUER, audience: AUDIENCE, sub }),
  };
}

/** Seqs seen twice or more, and seqs of `expected` never seen. */
export function lossAndDuplicates(
  seen: readonly number[],
  expected: readonly number[],
): { lost: number[]; duplicated: number[] } {
  const counts = new Map<number, number>();
  for (const seq of seen) counts.set(seq, (counts.get(seq) ?? 0) + 1);
  return {
    lost: expected.filter((seq) => !counts.has(seq)),
    duplicated: [...counts].filter(([, n]) => n > 1).map(([seq]) => seq),
  };
}

/** `from`, `from + 1`, … `to`. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
