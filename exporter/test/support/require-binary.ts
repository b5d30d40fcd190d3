import { spawnSync } from 'node:child_process';

/** Fails (never skips) when a binary is missing, naming the Debian package that provides it. */
export function requireBinary(name: string, debianPackage: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || !path) {
    throw new Error(
      `${name} not found: install the Debian package "${debianPackage}" (apt-get install -y ${debianPackage})`,
    );
  }
  return path;
}
