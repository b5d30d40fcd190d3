import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPrometheus, type PrometheusServer } from '@sockscope/testkit';

/** prometheus/rules/ of this repository (same depth from src/ and dist/). */
const RULES_DIR = fileURLToPath(new URL('../../prometheus/rules/', import.meta.url));

/** A real Prometheus scraping `exporters` (host:port) and evaluating the shipped rules every `interval`. */
export async function spawnPrometheus(options: {
  exporters: string[];
  interval: string;
}): Promise<PrometheusServer> {
  const rules = (await readdir(RULES_DIR))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => join(RULES_DIR, name));
  return startPrometheus({
    config: {
      global: { scrape_interval: options.interval, evaluation_interval: options.interval },
      rule_files: rules,
      scrape_configs: [
        { job_name: 'sockscope-exporter', static_configs: [{ targets: options.exporters }] },
      ],
    },
  });
}
