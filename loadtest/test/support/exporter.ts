/** Spawns the real exporter (exporter/dist/main.js) beside a node and waits until it is ready. */
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { waitFor } from '@sockscope/testkit';

export interface ExporterProcess {
  url: string;
  pid: number;
  logs: string[];
  stop(): Promise<void>;
}

export interface SpawnExporterOptions {
  target: string;
  token: string;
  apiToken: string;
  port: number;
}

export async function spawnExporter(options: SpawnExporterOptions): Promise<ExporterProcess> {
  const main = join(import.meta.dirname, '..', '..', '..', 'exporter', 'dist', 'main.js');
  const child = spawn(
    process.execPath,
    [main, '--target', options.target, '--token', options.token, '--api-token', options.apiToken, '--listen', `127.0.0.1:${options.port}`, '--store', ':memory:'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  const logs: string[] = [];
  child.stdout.on('data', (d: Buffer) => logs.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => logs.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`exporter exited ${child.exitCode}: ${logs.join('')}`);
        const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
        return ok || undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, message: `exporter for ${options.target} ready` },
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${logs.join('').slice(-2000)}`);
  }
  return { url, pid: child.pid as number, logs, stop };
}
