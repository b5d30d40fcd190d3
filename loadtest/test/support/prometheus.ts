/** A real Prometheus (Debian package `prometheus`) scraping given exporters every second. */
import { startPrometheus, waitFor, type PrometheusServer } from '@sockscope/testkit';

export type { PrometheusServer };

export async function startScrapingPrometheus(targets: string[], bearer: string): Promise<PrometheusServer> {
  const prometheus = await startPrometheus({
    config: {
      global: { scrape_interval: '1s' },
      scrape_configs: [
        {
          job_name: 'exporters',
          authorization: { credentials: bearer },
          static_configs: [{ targets: targets.map((t) => new URL(t).host) }],
        },
      ],
    },
  });
  try {
    // Ready once it has scraped every target at least once.
    await waitFor(async () => (await prometheus.query('up')).length >= targets.length, {
      timeoutMs: 30_000,
      intervalMs: 250,
      message: 'Prometheus scraping the exporters',
    });
  } catch (error) {
    await prometheus.stop();
    throw error;
  }
  return prometheus;
}
