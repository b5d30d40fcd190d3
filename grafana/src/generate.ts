import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dashboardJson, dashboardPath, dashboards } from './catalog.js';

/** Writes every dashboard to grafana/dashboards/<folder>/<file>.json. */
export function generate(outDir: string): string[] {
  return dashboards().map((generated) => {
    const file = path.join(outDir, dashboardPath(generated));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, dashboardJson(generated));
    return file;
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const outDir = path.resolve(import.meta.dirname, '..', 'dashboards');
  for (const file of generate(outDir)) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
