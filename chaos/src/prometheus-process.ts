import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, requireBinary, waitFor } from '@sockscope/testkit';

/** prometheus/rules/ of this repository (same depth from src/ and dist/). */
const RULES_DIR = fileURLToPath(new URL('../../prometheus/rules/', import.meta.url));

export interface PrometheusProcess {
  url: string;
  /** Alerts pending or firing now, `alertname` → labels and state. */
  alerts(): Promise<{ labels: Record<string, string>; state: string }[]>;
  stop(): Promise<void>;
}

/**
 * Debian's `prometheus` on a free loopback port, scraping `exporters` (host:port) and evaluating
 * the shipped rules every `interval`; its TSDB in a temp dir removed on stop.
 */
export async function spawnPrometheus(options: {
  exporters: string[];
  interval: string;
}): Promise<PrometheusProcess> {
  const binary = requireBinary('prometheus', 'prometheus');
  const dir = await mkdtemp(join(tmpdir(), 'sockscope-chaos-prometheus-'));
  const port = await freePort();
  const self = `127.0.0.1:${port}`;
  const rules = (await readdir(RULES_DIR))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => join(RULES_DIR, name));
  const config = {
    global: { scrape_interval: options.interval, evaluation_interval: options.interval },
    rule_files: rules,
    scrape_configs: [
      { job_name: 'sockscope-exporter', static_configs: [{ targets: options.exporters }] },
    ],
  };
  const configPath = join(dir, 'prometheus.yml');
  await writeFile(configPath, JSON.stringify(config));
  const child = spawn(
    binary,
    [
      `--config.file=${configPath}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${self}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const recent: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    recent.push(...chunk.toString().split('\n').filter(Boolean));
    if (recent.length > 20) recent.splice(0, recent.length - 20);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://${self}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited: ${recent.join(' | ')}`);
        const res = await fetch(`${url}/-/ready`).catch(() => undefined);
        await res?.body?.cancel();
        return res?.ok === true;
      },
      { timeoutMs: 30_000, intervalMs: 100, message: 'prometheus ready' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    async alerts() {
      const res = await fetch(`${url}/api/v1/alerts`);
      const body = (await res.json()) as {
        data?: { alerts?: { labels: Record<string, string>; state: string }[] };
      };
      return body.data?.alerts ?? [];
    },
    stop,
  };
}
