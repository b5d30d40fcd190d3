/** One scrape of every exporter's /metrics at one moment. */
import { parsePromText, type Sample } from './prom-text.js';

export interface ExporterEndpoint {
  url: string;
  /** Sent as `Authorization: Bearer`, when the exporter wants one. */
  token?: string;
}

export interface Scrape {
  at: number;
  samples: Sample[];
}

export async function scrapeExporters(exporters: ExporterEndpoint[], timeoutMs = 5000): Promise<Scrape> {
  const at = Date.now();
  const parts = await Promise.all(
    exporters.map(async (e) => {
      const url = new URL('/metrics', e.url);
      const response = await fetch(url, {
        headers: e.token ? { authorization: `Bearer ${e.token}` } : {},
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
      return parsePromText(await response.text());
    }),
  );
  return { at, samples: parts.flat() };
}
