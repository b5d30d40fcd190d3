import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StackFile } from '@sockscope/contracts';

/** Writes the stack file atomically with mode 0600 (it holds the dev JWT secret and tokens). */
export async function writeStackFile(path: string, file: StackFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}

export async function removeStackFile(path: string): Promise<void> {
  await rm(path, { force: true });
}
