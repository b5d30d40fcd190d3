import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** realtime/dist/main.js, found through the @sockscope/realtime package. */
export function realtimeMainPath(): string {
  const path = join(dirname(fileURLToPath(import.meta.resolve('@sockscope/realtime'))), 'main.js');
  if (!existsSync(path)) throw new Error(`${path} not found: run npm run build first`);
  return path;
}
