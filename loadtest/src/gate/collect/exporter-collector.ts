/**
 * Server-side numbers for the run's window from the exporters' /metrics: counters are the exact
 * difference between a scrape before and one after; gauges (event-loop delay, connected
 * clients) and node memory are sampled during the run and their peak kept.
 */
import { readFile } from 'node:fs/promises';
import { METRICS } from '@sockscope/contracts';
import type { ServerNumbers } from '../report-types.js';
import { histogramQuantile, type Bucket } from './histogram.js';
import { seriesKey, sumBy, type Sample } from './prom-text.js';
import { scrapeExporters, type ExporterEndpoint, type Scrape } from './scrape.js';

export interface ServerCollector {
  /** Takes the "before" scrape; rejects when an exporter cannot be reached. */
  start(): Promise<void>;
  /** Takes the "after" scrape and computes the window's numbers. */
  stop(): Promise<ServerNumbers>;
}

export interface ExporterCollectorOptions {
  exporters: ExporterEndpoint[];
  /** Node process ids whose memory is sampled from /proc (local stacks). @default [] */
  nodePids?: number[];
  /** @default 2000 */
  sampleIntervalMs?: number;
  /** The instrument batches events (up to 1 s): counters count as settled once unchanged this long. @default 1000 */
  settleMs?: number;
  /** @default 8000 */
  settleTimeoutMs?: number;
}

function counterFingerprint(samples: Sample[]): string {
  return samples
    .filter((s) => s.name.endsWith('_total') || s.name.endsWith('_count'))
    .map((s) => `${seriesKey(s)}=${s.value}`)
    .sort()
    .join('\n');
}

/** Scrapes until the counters stop moving (the last batches of the run have arrived). */
async function settledScrape(exporters: ExporterEndpoint[], settleMs: number, timeoutMs: number): Promise<Scrape> {
  const deadline = Date.now() + timeoutMs;
  let last = await scrapeExporters(exporters);
  for (;;) {
    await new Promise((r) => setTimeout(r, settleMs));
    const next = await scrapeExporters(exporters);
    if (counterFingerprint(next.samples) === counterFingerprint(last.samples) || Date.now() >= deadline) return next;
    last = next;
  }
}

/** Counter increase per series between two scrapes (a reset counts from zero). */
export function counterDelta(before: Sample[], after: Sample[]): Sample[] {
  const previous = new Map(before.map((s) => [seriesKey(s), s.value]));
  return after.map((s) => {
    const was = previous.get(seriesKey(s)) ?? 0;
    return { ...s, value: s.value >= was ? s.value - was : s.value };
  });
}

function durationMs(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds * 1e6) / 1e3;
}

async function rssOf(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** Ping RTT quantiles from the histogram's bucket increases, summed over nodes. */
function pingRtt(delta: Sample[]): ServerNumbers['pingRtt'] {
  const byLe = sumBy(delta, `${METRICS.pingRttSeconds}_bucket`, 'le');
  const buckets: Bucket[] = Object.entries(byLe).map(([le, count]) => ({ le: le === '+Inf' ? Infinity : Number(le), count }));
  const count = sumBy(delta, `${METRICS.pingRttSeconds}_count`, '')[''] ?? 0;
  return { p50: durationMs(histogramQuantile(0.5, buckets)), p99: durationMs(histogramQuantile(0.99, buckets)), count };
}

export function serverNumbersFromDelta(delta: Sample[], peaks: Peaks, nodes: string[]): ServerNumbers {
  return {
    source: 'exporters',
    nodes,
    connections: sumBy(delta, METRICS.connectionsTotal, '')[''] ?? 0,
    disconnects: sumBy(delta, METRICS.disconnectsTotal, 'reason'),
    handshakeErrors: sumBy(delta, METRICS.handshakeErrorsTotal, 'code'),
    connectErrors: sumBy(delta, METRICS.connectErrorsTotal, 'reason'),
    recoveries: sumBy(delta, METRICS.recoveriesTotal, 'result'),
    clientReportedDisconnects: sumBy(delta, METRICS.clientReportedDisconnectsTotal, 'reason'),
    eventLoopDelay: { p50: durationMs(peaks.loop['0.5'] ?? null), p99: durationMs(peaks.loop['0.99'] ?? null), max: durationMs(peaks.loop['max'] ?? null) },
    pingRtt: pingRtt(delta),
    peakConnected: peaks.connected,
    memory: { rssBytes: peaks.rssBytes, heapUsedBytes: null },
  };
}

export interface Peaks {
  loop: Record<string, number>;
  connected: number | null;
  rssBytes: number | null;
}

export function createExporterCollector(options: ExporterCollectorOptions): ServerCollector {
  const peaks: Peaks = { loop: {}, connected: null, rssBytes: null };
  let before: Scrape | null = null;
  let timer: NodeJS.Timeout | null = null;

  const observe = (samples: Sample[]): void => {
    for (const s of samples) {
      if (s.name !== METRICS.eventLoopDelaySeconds) continue;
      const q = s.labels['quantile'] ?? '';
      if (Number.isFinite(s.value)) peaks.loop[q] = Math.max(peaks.loop[q] ?? 0, s.value);
    }
    const connected = sumBy(samples, METRICS.connectedClients, '')[''];
    if (connected !== undefined) peaks.connected = Math.max(peaks.connected ?? 0, connected);
  };
  const sampleMemory = async (): Promise<void> => {
    for (const pid of options.nodePids ?? []) {
      const rss = await rssOf(pid);
      if (rss !== null) peaks.rssBytes = Math.max(peaks.rssBytes ?? 0, rss);
    }
  };
  const sample = async (): Promise<void> => {
    try {
      observe((await scrapeExporters(options.exporters)).samples);
    } catch {
      // A missed sample only loses a gauge peak; the counter window is the before/after pair.
    }
    await sampleMemory();
  };

  return {
    async start() {
      before = options.exporters.length > 0 ? await scrapeExporters(options.exporters) : { at: Date.now(), samples: [] };
      observe(before.samples);
      await sampleMemory();
      timer = setInterval(() => void sample(), options.sampleIntervalMs ?? 2000);
    },
    async stop() {
      if (timer) clearInterval(timer);
      const after = options.exporters.length === 0 ? { at: Date.now(), samples: [] } : await settledScrape(options.exporters, options.settleMs ?? 1000, options.settleTimeoutMs ?? 8000);
      observe(after.samples);
      await sampleMemory();
      const nodes = [...new Set(after.samples.filter((s) => s.name === METRICS.targetUp).map((s) => s.labels['node'] ?? ''))].filter(Boolean);
      return serverNumbersFromDelta(counterDelta(before?.samples ?? [], after.samples), peaks, nodes);
    },
  };
}
