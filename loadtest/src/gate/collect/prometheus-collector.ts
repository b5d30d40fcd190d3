/**
 * Server-side numbers from Prometheus: each counter's stored value at the first scrape after the
 * run minus its value at the start (exact, as Prometheus keeps raw counter values; increase()
 * would extrapolate), falling back to increase() where a counter went down (a restarted node);
 * and the peak of the gauges over the window.
 */
import { METRICS } from '@sockscope/contracts';
import type { ServerNumbers } from '../report-types.js';
import type { ServerCollector } from './exporter-collector.js';

interface VectorResult {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(base: string, expr: string, time: number): Promise<VectorResult[]> {
  const url = new URL('/api/v1/query', base);
  url.searchParams.set('query', expr);
  url.searchParams.set('time', String(time / 1000));
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as { status: string; error?: string; data?: { result: VectorResult[] } };
  if (body.status !== 'success' || !body.data) throw new Error(`Prometheus query failed (${expr}): ${body.error ?? response.status}`);
  return body.data.result;
}

function byLabel(results: VectorResult[], label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) out[r.metric[label] ?? ''] = Math.round(Number(r.value[1]));
  return out;
}

function scalar(results: VectorResult[]): number | null {
  const v = results[0]?.value[1];
  return v === undefined || !Number.isFinite(Number(v)) ? null : Number(v);
}

export function createPrometheusCollector(base: string): ServerCollector {
  let startedAt = 0;
  return {
    async start() {
      startedAt = Date.now();
      await query(base, 'vector(1)', startedAt);
    },
    async stop() {
      const runEnd = Date.now();
      // Wait until every target has been scraped after the run, so its last increments count.
      let end = runEnd;
      for (const deadline = runEnd + 30_000; Date.now() < deadline; ) {
        const oldest = scalar(await query(base, `min(timestamp(${METRICS.targetUp}))`, Date.now()));
        if (oldest !== null && oldest * 1000 >= runEnd) {
          end = Math.ceil(oldest * 1000);
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      const window = `${Math.max(1, Math.ceil((end - startedAt) / 1000))}s`;
      const inc = async (metric: string, label: string): Promise<VectorResult[]> => {
        const sum = label ? `sum by (${label}) (${metric})` : `sum(${metric})`;
        const [atEnd, atStart] = await Promise.all([query(base, sum, end), query(base, sum, startedAt)]);
        const key = (r: VectorResult): string => (label ? (r.metric[label] ?? '') : '');
        const was = new Map(atStart.map((r) => [key(r), Number(r.value[1])]));
        const diffs = atEnd.map((r) => ({ ...r, value: [r.value[0], String(Number(r.value[1]) - (was.get(key(r)) ?? 0))] as [number, string] }));
        if (diffs.every((r) => Number(r.value[1]) >= 0)) return diffs;
        return query(base, label ? `sum by (${label}) (increase(${metric}[${window}]))` : `sum(increase(${metric}[${window}]))`, end);
      };
      const ms = (v: number | null): number | null => (v === null ? null : Math.round(v * 1e6) / 1e3);
      const [connections, disconnects, handshake, connectErrors, recoveries, clientReported, loop50, loop99, loopMax, rtt50, rtt99, rttCount, connected, nodes] = await Promise.all([
        inc(METRICS.connectionsTotal, ''),
        inc(METRICS.disconnectsTotal, 'reason'),
        inc(METRICS.handshakeErrorsTotal, 'code'),
        inc(METRICS.connectErrorsTotal, 'reason'),
        inc(METRICS.recoveriesTotal, 'result'),
        inc(METRICS.clientReportedDisconnectsTotal, 'reason'),
        query(base, `max(max_over_time(${METRICS.eventLoopDelaySeconds}{quantile="0.5"}[${window}]))`, end),
        query(base, `max(max_over_time(${METRICS.eventLoopDelaySeconds}{quantile="0.99"}[${window}]))`, end),
        query(base, `max(max_over_time(${METRICS.eventLoopDelaySeconds}{quantile="max"}[${window}]))`, end),
        query(base, `histogram_quantile(0.5, sum by (le) (increase(${METRICS.pingRttSeconds}_bucket[${window}])))`, end),
        query(base, `histogram_quantile(0.99, sum by (le) (increase(${METRICS.pingRttSeconds}_bucket[${window}])))`, end),
        inc(`${METRICS.pingRttSeconds}_count`, ''),
        query(base, `max_over_time(sum(${METRICS.connectedClients})[${window}:5s])`, end),
        query(base, `count by (node) (${METRICS.targetUp})`, end),
      ]);
      const numbers: ServerNumbers = {
        source: 'prometheus',
        nodes: nodes.map((r) => r.metric['node'] ?? '').filter(Boolean),
        connections: Math.round(scalar(connections) ?? 0),
        disconnects: byLabel(disconnects, 'reason'),
        handshakeErrors: byLabel(handshake, 'code'),
        connectErrors: byLabel(connectErrors, 'reason'),
        recoveries: byLabel(recoveries, 'result'),
        clientReportedDisconnects: byLabel(clientReported, 'reason'),
        eventLoopDelay: { p50: ms(scalar(loop50)), p99: ms(scalar(loop99)), max: ms(scalar(loopMax)) },
        pingRtt: { p50: ms(scalar(rtt50)), p99: ms(scalar(rtt99)), count: Math.round(scalar(rttCount) ?? 0) },
        peakConnected: scalar(connected),
        memory: { rssBytes: null, heapUsedBytes: null },
      };
      return numbers;
    },
  };
}
