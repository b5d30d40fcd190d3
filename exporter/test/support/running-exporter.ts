import { createExporter, type Exporter } from '../../src/index.js';
import { createLogger } from '../../src/logger.js';
import type { ExporterOptions } from '../../src/options.js';
import { API_TOKEN } from './http.js';
import { waitFor } from './wait-for.js';

/** An in-process exporter on a free port with an in-memory store, ready (connected to its target). */
export async function startExporter(
  target: string,
  options: Partial<ExporterOptions> = {},
): Promise<Exporter> {
  const exporter = await createExporter({
    target,
    apiToken: API_TOKEN,
    port: 0,
    store: ':memory:',
    reconnectDelayMs: 100,
    reconnectDelayMaxMs: 1000,
    logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
    ...options,
  });
  await waitFor(async () => (await fetch(`${exporter.url}/readyz`)).status === 200, {
    what: 'exporter ready',
  });
  return exporter;
}
