import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { spawnTracked, tail, type TrackedProcess } from './processes.js';
import { requireBinary } from './require-binary.js';
import { waitFor } from './wait-for.js';

export interface StartPrometheusOptions {
  /** The whole `prometheus.yml` (an object is written as JSON, which is YAML). */
  config: string | Record<string, unknown>;
  /** Also wait until this many scrape targets are up (`count(up == 1)`). @default 0 */
  targetsUp?: number;
  /** How long to wait for `/-/ready`, and then for the targets. @default 30000 */
  startTimeoutMs?: number;
}

export interface PrometheusServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Runs an instant query; the `data.result` of the answer. */
  query<T = { metric: Record<string, string>; value: [number, string] }>(
    expr: string,
  ): Promise<T[]>;
  /** Alerts pending or firing now. */
  alerts(): Promise<{ labels: Record<string, string>; state: string }[]>;
  /** Stops prometheus (SIGTERM, then SIGKILL) and removes its TSDB. */
  stop(): Promise<void>;
}

/**
 * Debian's `prometheus` on a free loopback port with `options.config`, its TSDB in a temp dir;
 * resolves once it is ready (and scraping `targetsUp` targets). Fails at once, with what it
 * printed, when it exits (e.g. a config it refuses); names the Debian package when missing.
 */
export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusServer> {
  const binary = requireBinary('prometheus', 'prometheus');
  const dir = await mkdtemp(join(tmpdir(), 'sockscope-prometheus-'));
  const configPath = join(dir, 'prometheus.yml');
  const { config } = options;
  await writeFile(configPath, typeof config === 'string' ? config : JSON.stringify(config));
  const url = `http://127.0.0.1:${await freePort()}`;
  const child = spawnTracked(binary, [
    `--config.file=${configPath}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=${new URL(url).host}`,
    '--log.level=warn',
  ]);
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}/api/v1/${path}`);
    const body = (await response.json()) as { status: string; data?: T; error?: string };
    if (body.status !== 'success' || body.data === undefined)
      throw new Error(`prometheus /api/v1/${path}: ${body.error ?? response.status}`);
    return body.data;
  };
  const server: PrometheusServer = {
    url,
    async query<T>(expr: string) {
      return (await api<{ result: T[] }>(`query?query=${encodeURIComponent(expr)}`)).result;
    },
    async alerts() {
      return (await api<{ alerts: { labels: Record<string, string>; state: string }[] }>('alerts'))
        .alerts;
    },
    async stop() {
      await child.stop('SIGTERM', 5000);
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await untilExit(child, waitUntilServing(server, options));
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilServing(
  server: PrometheusServer,
  options: StartPrometheusOptions,
): Promise<void> {
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  await waitFor(
    async () => {
      const response = await fetch(`${server.url}/-/ready`).catch(() => undefined);
      await response?.body?.cancel();
      return response?.ok === true;
    },
    { timeoutMs, intervalMs: 100, message: 'prometheus ready' },
  );
  const targetsUp = options.targetsUp ?? 0;
  if (targetsUp === 0) return;
  // Ready is not scraping yet (target discovery settles after a few seconds).
  await waitFor(
    async () => {
      const [up] = await server.query('count(up == 1)');
      return Number(up?.value[1] ?? 0) >= targetsUp;
    },
    { timeoutMs, intervalMs: 250, message: `prometheus scraping ${targetsUp} target(s)` },
  );
}

/** `work`, or a rejection with the process's last lines as soon as it exits first. */
async function untilExit<T>(child: TrackedProcess, work: Promise<T>): Promise<T> {
  let settled = false;
  const exited = new Promise<never>((_, reject) => {
    child.process.once('close', () => {
      if (!settled) reject(new Error(`prometheus exited:\n${tail(child.logs)}`));
    });
  });
  exited.catch(() => undefined);
  try {
    return await Promise.race([work, exited]);
  } finally {
    settled = true;
  }
}
