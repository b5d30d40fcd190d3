/** A real Prometheus (Debian package `prometheus`) scraping given exporters every second. */
import { startPrometheus, type PrometheusServer } from '@sockscope/testkit';

export type { PrometheusServer };

/** Resolves once every exporter has been scraped. */
export function startScrapingPrometheus(targets: string[], bearer: string): Promise<PrometheusServer> {
  return startPrometheus({
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
    targetsUp: targets.length,
  });
}
