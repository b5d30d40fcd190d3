import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../free-port.js';
import type { RunningService, StackContext, StackService } from '../stack-context.js';

/** prometheus/rules/ (same depth from src/services and dist/services). */
const RULES_DIR = fileURLToPath(new URL('../../../prometheus/rules/', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5000;
/** Fixed port: entry port + 90 (3090). */
const PORT_OFFSET = 90;
/** Scrape and rule evaluation interval; SOCKSCOPE_PROMETHEUS_INTERVAL overrides it (tests). */
const DEFAULT_INTERVAL = '5s';

/** Absolute path of an executable on PATH, or undefined. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface PrometheusConfigInput {
  /** host:port of Prometheus itself. */
  self: string;
  /** host:port of every exporter. */
  exporters: string[];
  /** Absolute paths of the rule files. */
  ruleFiles: string[];
  interval: string;
}

/** The generated config, as JSON (which is YAML): the same jobs as prometheus-local.yml. */
export function renderPrometheusConfig(input: PrometheusConfigInput): string {
  const config = {
    global: {
      scrape_interval: input.interval,
      evaluation_interval: input.interval,
      external_labels: { system: 'sockscope' },
    },
    rule_files: input.ruleFiles,
    scrape_configs: [
      { job_name: 'prometheus', static_configs: [{ targets: [input.self] }] },
      {
        job_name: 'sockscope-exporter',
        static_configs: [{ targets: input.exporters, labels: { deployment: 'local' } }],
      },
    ],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

function intervalOf(env: NodeJS.ProcessEnv): string {
  const value = env.SOCKSCOPE_PROMETHEUS_INTERVAL ?? DEFAULT_INTERVAL;
  if (!/^[1-9]\d{0,3}(ms|s|m)$/.test(value))
    throw new Error(
      `SOCKSCOPE_PROMETHEUS_INTERVAL: expected a Prometheus duration such as 5s, got ${value}`,
    );
  return value;
}

async function waitForReady(url: string, child: ChildProcess, recent: string[]): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `prometheus exited (${child.exitCode ?? child.signalCode}) while starting\n${recent.join('\n')}`,
      );
    const ok = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })
      .then(async (res) => {
        await res.body?.cancel();
        return res.ok;
      })
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `prometheus did not get ready within ${START_TIMEOUT_MS}ms\n${recent.join('\n')}`,
  );
}

const hostPort = (url: string): string => new URL(url).host;

/**
 * A real Prometheus when `prometheus` is on PATH: a config generated for this stack (every
 * exporter and itself, the rules of prometheus/rules/), its TSDB in a temp dir removed on stop.
 * Without the binary the stack runs without it (`prometheus: null`). Needs the exporters
 * service before it; the dashboard after it gets its URL.
 */
export const prometheusService: StackService = {
  name: 'prometheus',
  async start(context: StackContext): Promise<RunningService> {
    const { options, logger } = context;
    const binary = findOnPath('prometheus');
    if (binary === undefined) {
      logger.info(
        'prometheus not on PATH, not started (install the Debian package prometheus to get it)',
      );
      return { stop: async () => undefined };
    }
    const interval = intervalOf(process.env);
    const port = options.port === 0 ? await freePort(options.host) : options.port + PORT_OFFSET;
    const self = `${options.host}:${port}`;
    const url = `http://${self}`;
    const dir = await mkdtemp(join(tmpdir(), 'sockscope-prometheus-'));
    const configPath = join(dir, 'prometheus.yml');
    const ruleFiles = readdirSync(RULES_DIR)
      .filter((name) => name.endsWith('.yml'))
      .sort()
      .map((name) => join(RULES_DIR, name));
    await writeFile(
      configPath,
      renderPrometheusConfig({
        self,
        exporters: context.file.exporters.map((exporter) => hostPort(exporter.url)),
        ruleFiles,
        interval,
      }),
    );
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
    if (child.stderr)
      createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
        recent.push(line);
        if (recent.length > 20) recent.shift();
      });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let stopping = false;
    child.once('exit', (code, signal) => {
      if (!stopping) logger.warn({ code, signal }, 'prometheus exited');
    });
    const stop = async (): Promise<void> => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    };
    try {
      await waitForReady(url, child, recent);
    } catch (error) {
      await stop();
      throw error;
    }
    context.file.prometheus = url;
    logger.info({ url, interval, config: configPath }, 'prometheus listening');
    return { urls: [{ label: 'prometheus', url }], stop };
  },
};
