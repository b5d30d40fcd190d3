import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { waitFor } from '@sockscope/testkit';

const MAIN = fileURLToPath(new URL('../../exporter/dist/main.js', import.meta.url));

export interface ExporterProcess {
  url: string;
  pid: number;
  logs: string[];
  stop(): Promise<void>;
}

/** `exporter/dist/main.js` on an ephemeral loopback port, in-memory store. */
export async function spawnExporter(options: {
  target: string;
  token: string;
  apiToken: string;
  nodeOptions?: string;
}): Promise<ExporterProcess> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    [MAIN, '--target', options.target, '--listen', '127.0.0.1:0', '--store', ':memory:'],
    {
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        SOCKSCOPE_EXPORTER_TOKEN: options.token,
        SOCKSCOPE_EXPORTER_API_TOKEN: options.apiToken,
        ...(options.nodeOptions !== undefined && { NODE_OPTIONS: options.nodeOptions }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: string[] = [];
  const collect = (chunk: Buffer): void => {
    logs.push(...chunk.toString().split('\n').filter(Boolean));
    if (logs.length > 5000) logs.splice(0, logs.length - 5000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await waitFor(
      () => {
        if (child.exitCode !== null)
          throw new Error(`exporter exited: ${logs.slice(-3).join(' | ')}`);
        for (const line of logs) {
          if (!line.includes('"listening"')) continue;
          const parsed = JSON.parse(line) as { url?: string };
          if (parsed.url) return parsed.url;
        }
        return undefined;
      },
      { timeoutMs: 20_000, message: 'the exporter listening line' },
    );
    return { url, pid: child.pid as number, logs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
