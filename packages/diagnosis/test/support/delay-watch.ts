import { METRICS } from '@sockscope/contracts';
import { parseMetricsText } from '../../src/collect/metrics-text.js';

export interface DelayWatch {
  /** The highest `quantile="max"` seen so far. */
  peak(): number;
  /** Stops polling; the highest `quantile="max"` seen and when it was ≥ `spikeSeconds`. */
  stop(): Promise<{ peak: number; spikeFrom: number | null; spikeTo: number | null }>;
}

/**
 * Ground truth for the event-loop delay gauge: polls an exporter's `/metrics` every 50 ms. The
 * gauge holds one sampling interval (about a second), so this says whether and when a
 * scraper could have seen a spike.
 */
export function watchEventLoopDelay(exporterUrl: string, spikeSeconds: number): DelayWatch {
  let peak = 0;
  let spikeFrom: number | null = null;
  let spikeTo: number | null = null;
  let running = true;
  const loop = (async () => {
    while (running) {
      const text = await fetch(`${exporterUrl}/metrics`)
        .then((r) => r.text())
        .catch(() => '');
      const at = Date.now();
      for (const s of parseMetricsText(text)) {
        if (s.name !== METRICS.eventLoopDelaySeconds || s.labels.quantile !== 'max') continue;
        peak = Math.max(peak, s.value);
        if (s.value >= spikeSeconds) {
          spikeFrom ??= at;
          spikeTo = at;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    peak: () => peak,
    async stop() {
      running = false;
      await loop;
      return { peak, spikeFrom, spikeTo };
    },
  };
}

/** Timestamps (ms) of the samples Prometheus stored for a series selector over the last `seconds`. */
export async function prometheusSampleTimes(
  prometheusUrl: string,
  selector: string,
  seconds: number,
): Promise<number[]> {
  const url = new URL('/api/v1/query', prometheusUrl);
  url.searchParams.set('query', `${selector}[${seconds}s]`);
  const body = (await (await fetch(url)).json()) as {
    data: { result: { values: [number, string][] }[] };
  };
  return body.data.result.flatMap((r) => r.values.map(([t]) => t * 1000));
}
