import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { spawnTracked, tail } from './processes.js';
import { requireBinary } from './require-binary.js';
import { waitFor } from './wait-for.js';

export interface StartPrometheusOptions {
  /** The whole `prometheus.yml` (an object is written as JSON, which is YAML). */
  config: string | Record<string, unknown>;
  /** How long to wait for `/-/ready`. @default 30000 */
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
 * resolves once it is ready. Fails naming the Debian package when it is missing.
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
  const stop = async (): Promise<void> => {
    await child.stop('SIGTERM', 5000);
    await rm(dir, { recursive: true, force: true });
  };
  // An early exit (a config it refuses) fails at once, with what it said.
  let started = false;
  const exitedEarly = new Promise<never>((_, reject) => {
    child.process.once('close', () => {
      if (!started) reject(new Error(`prometheus exited:\n${tail(child.logs)}`));
    });
  });
  exitedEarly.catch(() => undefined);
  try {
    await Promise.race([
      exitedEarly,
      waitFor(
        async () => {
          const response = await fetch(`${url}/-/ready`).catch(() => undefined);
          await response?.body?.cancel();
          return response?.ok === true;
        },
        {
          timeoutMs: options.startTimeoutMs ?? 30_000,
          intervalMs: 100,
          message: 'prometheus ready',
        },
      ),
    ]);
    started = true;
  } catch (error) {
    started = true;
    await stop();
    throw error;
  }
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}/api/v1/${path}`);
    const body = (await response.json()) as { status: string; data?: T; error?: string };
    if (body.status !== 'success' || body.data === undefined)
      throw new Error(`prometheus /api/v1/${path}: ${body.error ?? response.status}`);
    return body.data;
  };
  return {
    url,
    async query<T>(expr: string) {
      return (await api<{ result: T[] }>(`query?query=${encodeURIComponent(expr)}`)).result;
    },
    async alerts() {
      return (await api<{ alerts: { labels: Record<string, string>; state: string }[] }>('alerts'))
        .alerts;
    },
    stop,
  };
}
