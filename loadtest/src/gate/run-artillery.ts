/**
 * Runs `artillery run --output <json>` as a child process and reads its JSON report. Its stdout
 * is parsed only for the progress line (counters of each 10 s period).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ArtilleryPeriod {
  period: number;
  counters: Record<string, number>;
  summaries: Record<string, Record<string, number>>;
}

export interface ArtilleryReport {
  aggregate: ArtilleryPeriod & { firstMetricAt?: number; lastMetricAt?: number };
  intermediate: ArtilleryPeriod[];
}

export interface RunArtilleryOptions {
  scriptPath: string;
  outputPath: string;
  env: NodeJS.ProcessEnv;
  /** Called with each line Artillery prints. */
  onLine?: (line: string) => void;
  /** Last lines of output, kept for the error message when Artillery fails. */
  tail?: string[];
  signal?: AbortSignal;
}

export function artilleryBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('artillery/package.json')), 'bin', 'run');
}

export async function runArtillery(options: RunArtilleryOptions): Promise<ArtilleryReport> {
  const child = spawn(process.execPath, [artilleryBin(), 'run', '--output', options.outputPath, options.scriptPath], {
    env: { ...options.env, ARTILLERY_DISABLE_TELEMETRY: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = options.tail ?? [];
  const onAbort = (): void => {
    child.kill('SIGTERM');
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      options.onLine?.(line);
    });
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  options.signal?.removeEventListener('abort', onAbort);
  let text: string;
  try {
    text = await readFile(options.outputPath, 'utf8');
  } catch {
    throw new Error(`Artillery exited ${String(code)} without a report:\n${tail.slice(-15).join('\n')}`);
  }
  return JSON.parse(text) as ArtilleryReport;
}
