/** Runs the built `sockscope-gate` bin as a child process, like CI does. */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GateReport } from '../../src/gate/report-types.js';

export const GATE_BIN = join(import.meta.dirname, '..', '..', 'dist', 'gate', 'main.js');

export interface GateRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  out: string;
  report(): Promise<GateReport>;
}

export async function outDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sockscope-gate-'));
}

export async function runGateCli(args: string[], options: { env?: NodeJS.ProcessEnv; out?: string; timeoutMs?: number } = {}): Promise<GateRun> {
  const out = options.out ?? (await outDir());
  const started = Date.now();
  const child = spawn(process.execPath, [GATE_BIN, ...args, '--out', out], {
    env: { ...process.env, CI: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return {
    code,
    stdout,
    stderr,
    ms: Date.now() - started,
    out,
    report: async () => JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as GateReport,
  };
}
