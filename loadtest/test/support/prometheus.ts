/** A real Prometheus (Debian package `prometheus`) scraping given targets every second. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, requireBinary, waitFor } from '@sockscope/testkit';

export interface PrometheusServer {
  url: string;
  stop(): Promise<void>;
}

export async function startPrometheus(targets: string[], bearer: string): Promise<PrometheusServer> {
  const binary = requireBinary('prometheus', 'prometheus');
  const dir = await mkdtemp(join(tmpdir(), 'sockscope-prometheus-'));
  const config = [
    'global:',
    '  scrape_interval: 1s',
    'scrape_configs:',
    '  - job_name: exporters',
    '    authorization:',
    `      credentials: ${bearer}`,
    '    static_configs:',
    `      - targets: [${targets.map((t) => `'${new URL(t).host}'`).join(', ')}]`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const child = spawn(binary, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // Ready once it has scraped every target at least once.
    await waitFor(
      async () => {
        const body = (await (await fetch(`${url}/api/v1/query?query=up`)).json()) as { data?: { result: unknown[] } };
        return (body.data?.result.length ?? 0) >= targets.length || undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, message: 'Prometheus scraping the exporters' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
