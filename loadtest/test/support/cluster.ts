/**
 * A real cluster for the gate's tests: realtime nodes (optionally over a real Redis with the
 * Streams adapter, behind a sticky HAProxy), their exporters when they can run, and a stack file
 * describing it all so the gate runs with `--stack` like it does against `npm start`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackFile } from '@sockscope/contracts';
import {
  freePort,
  spawnRealtimeNode,
  startHaproxy,
  startRedis,
  waitFor,
  type Haproxy,
  type RealtimeNodeProcess,
  type RedisServer,
} from '@sockscope/testkit';
import { spawnExporter, type ExporterProcess } from './exporter.js';

export const JWT = {
  alg: 'HS256' as const,
  secret: 'loadtest-test-secret-0123456789abcdef',
  issuer: 'sockscope-test',
  audience: 'sockscope',
};

export interface ClusterOptions {
  /** @default 1 */
  nodes?: number;
  /** Redis Streams adapter across nodes (needed for recovery on another node). @default false */
  redis?: boolean;
  /** Sticky HAProxy in front (the entry); otherwise the entry is the first node. @default false */
  haproxy?: boolean;
  /** One exporter per node. @default false */
  exporters?: boolean;
  /** Extra environment of every node. */
  env?: Record<string, string>;
}

export interface Cluster {
  stack: StackFile;
  stackPath: string;
  nodes: RealtimeNodeProcess[];
  exporters: ExporterProcess[];
  entry: string;
  stop(): Promise<void>;
}

const INSTRUMENT_TOKEN = 'loadtest-instrument-token-0123456789';
const API_TOKEN = 'loadtest-api-token-0123456789';

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    let redis: RedisServer | null = null;
    if (options.redis) {
      redis = await startRedis();
      const r = redis;
      cleanups.push(() => r.stop());
    }
    const nodes: RealtimeNodeProcess[] = [];
    const count = options.nodes ?? 1;
    const spawned = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        spawnRealtimeNode({
          NODE_ID: `lt-${i}`,
          JWT_SECRET: JWT.secret,
          JWT_ISSUER: JWT.issuer,
          JWT_AUDIENCE: JWT.audience,
          LOG_LEVEL: 'warn',
          DRAIN_TIMEOUT_MS: '5000',
          RATE_LIMIT_RATE: '200',
          RATE_LIMIT_BURST: '400',
          ...(options.exporters ? { INSTRUMENT_TOKEN } : {}),
          ...(redis ? { REDIS_URL: redis.url, ADAPTER: 'redis' } : {}),
          ...options.env,
        }),
      ),
    );
    for (const node of spawned) {
      nodes.push(node);
      cleanups.push(() => node.stop('SIGKILL'));
    }
    let haproxy: Haproxy | null = null;
    if (options.haproxy) {
      haproxy = await startHaproxy({ backends: nodes.map((n) => ({ id: n.id, url: n.url })), sticky: true });
      const h = haproxy;
      cleanups.push(() => h.stop());
    }
    const exporters: ExporterProcess[] = [];
    if (options.exporters) {
      for (const node of nodes) {
        const exporter = await spawnExporter({ target: node.url, token: INSTRUMENT_TOKEN, apiToken: API_TOKEN, port: await freePort() });
        exporters.push(exporter);
        cleanups.push(() => exporter.stop());
      }
    }
    const entry = haproxy?.url ?? (nodes[0] as RealtimeNodeProcess).url;
    const dir = await mkdtemp(join(tmpdir(), 'sockscope-loadtest-'));
    cleanups.unshift(() => rm(dir, { recursive: true, force: true }));
    const stack: StackFile = {
      entry,
      nodes: nodes.map((n) => ({ id: n.id, url: n.url, pid: n.pid })),
      exporters: exporters.map((e, i) => ({ node: (nodes[i] as RealtimeNodeProcess).id, url: e.url, token: API_TOKEN, pid: e.pid })),
      dashboard: null,
      prometheus: null,
      jwt: JWT,
      pid: process.pid,
      startedAt: new Date().toISOString(),
    };
    const stackPath = join(dir, 'stack.json');
    await writeFile(stackPath, JSON.stringify(stack, null, 2), { mode: 0o600 });
    if (haproxy) {
      const url = haproxy.url;
      await waitFor(async () => (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) || undefined, { timeoutMs: 15_000, message: 'HAProxy entry' });
    }
    return { stack, stackPath, nodes, exporters, entry, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function exporterAvailable(): boolean {
  return existsSync(join(import.meta.dirname, '..', '..', '..', 'exporter', 'dist', 'main.js'));
}
