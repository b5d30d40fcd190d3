/**
 * Server-side numbers from Prometheus: increase() of each counter over the run's window, and the
 * peak of the gauges over it. increase() extrapolates, so these are close, not exact.
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
      const end = Date.now();
      const window = `${Math.max(1, Math.ceil((end - startedAt) / 1000))}s`;
      const inc = (metric: string, label: string): Promise<VectorResult[]> =>
        query(base, label ? `sum by (${label}) (increase(${metric}[${window}]))` : `sum(increase(${metric}[${window}]))`, end);
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
        connections: scalar(connections) ?? 0,
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
