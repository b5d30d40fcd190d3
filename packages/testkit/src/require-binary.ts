import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// Debian puts daemons such as haproxy and nginx in sbin, which a non-root PATH often lacks.
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/**
 * The absolute path of executable `name` (searched on PATH, then the sbin directories), or an
 * Error `"<name> not found: install the Debian package <pkg> (apt-get install <pkg>)"`.
 * Tests call it so a missing binary fails loudly instead of being skipped.
 */
export function requireBinary(name: string, debianPackage: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(
    `${name} not found: install the Debian package ${debianPackage} (apt-get install ${debianPackage})`,
  );
}
