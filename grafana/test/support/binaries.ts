import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Finds a binary on PATH or in the system directories; fails naming the Debian package. */
export function findBinary(name: string, debianPackage: string): string {
  const dirs = [
    ...(process.env.PATH ?? '').split(path.delimiter),
    '/usr/sbin',
    '/usr/bin',
    '/usr/local/bin',
    '/sbin',
  ];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(
    `${name} not found: install the Debian package "${debianPackage}" (apt-get install ${debianPackage})`,
  );
}

export interface RunResult {
  status: number | null;
  output: string;
}

/** Runs a binary with a deadline and returns its status and combined output. */
export function run(
  binary: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): RunResult {
  const result = spawnSync(binary, args, { ...options, encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
