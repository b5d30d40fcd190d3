import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * Runs a binary with a deadline and returns its status and combined output. Output goes to a
 * file rather than a pipe, so configs that log to /dev/stdout (as containers do) can open it.
 */
export function run(
  binary: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): RunResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'sockscope-run-'));
  const file = path.join(dir, 'output');
  const fd = openSync(file, 'w');
  try {
    const result = spawnSync(binary, args, {
      ...options,
      stdio: ['ignore', fd, fd],
      timeout: 30_000,
    });
    if (result.error) throw result.error;
    return { status: result.status, output: readFileSync(file, 'utf8') };
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}
