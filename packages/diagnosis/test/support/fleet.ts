import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  mintToken,
  spawnRealtimeNode,
  startHaproxy,
  startPrometheus,
  waitFor,
  type Haproxy,
  type HaproxyBackend,
  type PrometheusServer,
  type RealtimeNodeProcess,
} from '@sockscope/testkit';
import type { DisconnectRecord } from '@sockscope/contracts';
import { collectDiagnosisInput } from '../../src/collect/collect-input.js';
import type { ExporterTarget } from '../../src/collect/exporter-api.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..', '..');
const NODE_MAIN = join(here, 'instrumented-node.mjs');
const EXPORTER_MAIN = join(repo, 'exporter', 'dist', 'main.js');

export const JWT = {
  secret: 'diagnosis-test-secret-0123456789abcdef',
  issuer: 'sockscope-test',
  audience: 'sockscope',
};
export const INSTRUMENT_TOKEN = 'diagnosis-instrument-token-0123456789';
export const API_TOKEN = 'diagnosis-api-token-0123';

export interface NodeWithExporter {
  id: string;
  node: RealtimeNodeProcess;
  exporter: RealtimeNodeProcess;
  target: ExporterTarget;
}

/** A realtime node with instrument(io) and its exporter (a real `exporter/dist/main.js` process). */
export async function startNodeWithExporter(
  id: string,
  env: Record<string, string> = {},
): Promise<NodeWithExporter> {
  const node = await spawnRealtimeNode(
    {
      NODE_ID: id,
      JWT_SECRET: JWT.secret,
      JWT_ISSUER: JWT.issuer,
      JWT_AUDIENCE: JWT.audience,
      SOCKSCOPE_TEST_INSTRUMENT_TOKEN: INSTRUMENT_TOKEN,
      LOG_LEVEL: 'warn',
      ...env,
    },
    { mainPath: NODE_MAIN, startTimeoutMs: 30_000 },
  );
  // The exporter prints the same `{"msg":"listening",url,port}` line, so the node spawner
  // (tracked, killed by stopAll) runs it too; it reads its flags from SOCKSCOPE_EXPORTER_*.
  const exporter = await spawnRealtimeNode(
    {
      SOCKSCOPE_EXPORTER_TARGET: node.url,
      SOCKSCOPE_EXPORTER_TOKEN: INSTRUMENT_TOKEN,
      SOCKSCOPE_EXPORTER_API_TOKEN: API_TOKEN,
      SOCKSCOPE_EXPORTER_LISTEN: '127.0.0.1:0',
      SOCKSCOPE_EXPORTER_STORE: ':memory:',
      LOG_LEVEL: 'warn',
    },
    { mainPath: EXPORTER_MAIN, startTimeoutMs: 30_000 },
  );
  await waitFor(async () => (await fetch(`${exporter.url}/readyz`)).status === 200, {
    timeoutMs: 30_000,
    message: `exporter of ${id} ready`,
  });
  return { id, node, exporter, target: { node: id, url: exporter.url, token: API_TOKEN } };
}

export function token(sub: string, expiresIn: string | number = '1h'): Promise<string> {
  return mintToken({ ...JWT, sub, expiresIn });
}

/** Disconnect records of one exporter in the window (newest first). */
export async function disconnectsOf(
  target: ExporterTarget,
  from: number,
): Promise<DisconnectRecord[]> {
  const url = new URL('/api/disconnects', target.url);
  url.searchParams.set('from', String(from));
  url.searchParams.set('to', String(Date.now() + 1000));
  url.searchParams.set('limit', '1000');
  const response = await fetch(url, { headers: { authorization: `Bearer ${target.token}` } });
  if (!response.ok) throw new Error(`disconnects: ${response.status}`);
  return ((await response.json()) as { items: DisconnectRecord[] }).items;
}

/** Waits until the exporters logged `count` disconnects since `from` matching `filter`. */
export async function waitForDisconnects(
  targets: ExporterTarget[],
  from: number,
  count: number,
  filter: (d: DisconnectRecord) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<DisconnectRecord[]> {
  let seen: DisconnectRecord[] = [];
  await waitFor(
    async () => {
      seen = (await Promise.all(targets.map((t) => disconnectsOf(t, from)))).flat().filter(filter);
      return seen.length >= count;
    },
    { timeoutMs, intervalMs: 200, message: `${count} disconnects (saw ${seen.length})` },
  );
  return seen;
}

/** collectDiagnosisInput over [from, now] from the given exporters. */
export function collect(targets: ExporterTarget[], from: number) {
  return collectDiagnosisInput({ exporters: targets, from, to: Date.now() });
}

/**
 * A sticky HAProxy that cuts connections idle for `tunnelTimeout`, shorter than the nodes'
 * heartbeat; resolved once it reaches a ready node.
 */
export async function startShortTunnelHaproxy(
  backends: HaproxyBackend[],
  tunnelTimeout: string,
): Promise<Haproxy> {
  const proxy = await startHaproxy({ backends, sticky: true, idleTimeout: tunnelTimeout });
  try {
    await waitFor(
      async () => (await fetch(`${proxy.url}/readyz`).catch(() => null))?.status === 200,
      { timeoutMs: 15_000, message: 'haproxy (short tunnel timeout) reaching a node' },
    );
  } catch (error) {
    await proxy.stop();
    throw error;
  }
  return proxy;
}

/** Waits until none of the (reachable, connected) exporters has a live session left. */
export async function settle(targets: ExporterTarget[]): Promise<void> {
  await waitFor(
    async () => {
      const statuses = await Promise.all(
        targets.map(async (t) => {
          const response = await fetch(new URL('/api/status', t.url), {
            headers: { authorization: `Bearer ${t.token}` },
          }).catch(() => null);
          if (!response?.ok) return null;
          return (await response.json()) as { targetUp: boolean; liveSessions: number };
        }),
      );
      return statuses.every((s) => s === null || !s.targetUp || s.liveSessions === 0);
    },
    { timeoutMs: 20_000, intervalMs: 200, message: 'no live session left on the exporters' },
  );
}

/** A real Prometheus (Debian package `prometheus`) scraping `targets` (`host:port`) every 300 ms. */
export function startScrapingPrometheus(targets: string[]): Promise<PrometheusServer> {
  return startPrometheus({
    config: {
      global: { scrape_interval: '300ms', scrape_timeout: '300ms' },
      scrape_configs: [{ job_name: 'sockscope-exporter', static_configs: [{ targets }] }],
    },
    targetsUp: targets.length,
  });
}
