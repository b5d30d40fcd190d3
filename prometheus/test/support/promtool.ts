import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface RunResult {
  status: number | null;
  output: string;
}

/** Finds promtool on PATH (or in /usr/bin); fails naming the Debian package when it is missing. */
export function findPromtool(): string {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'promtool');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(
    'promtool not found on PATH: install the Debian package "prometheus" (apt-get install prometheus)',
  );
}

/** Runs promtool with a deadline; returns its exit status and combined output. */
export function promtool(args: string[], cwd: string): RunResult {
  const result = spawnSync(findPromtool(), args, { cwd, encoding: 'utf8', timeout: 20_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
