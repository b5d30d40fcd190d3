/**
 * The Overview for ranges longer than the live window, from Prometheus (`query_range`), in the
 * same tick shape as the live feed so the same charts draw it.
 */
import { METRICS } from '@sockscope/contracts';
import { z } from 'zod';
import type { NodeTick, OverviewTick } from '../live/protocol';

const matrix = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(
      z.object({
        metric: z.record(z.string(), z.string()),
        values: z.array(z.tuple([z.number(), z.string()])),
      }),
    ),
  }),
});

type Matrix = z.infer<typeof matrix>['data']['result'];

export interface OverviewRangeOptions {
  prometheusUrl: string;
  rangeMs: number;
  /** @default Date.now() */
  now?: number;
  /** Points per series. @default 240 */
  points?: number;
}

async function queryRange(
  base: string,
  query: string,
  start: number,
  end: number,
  step: number,
): Promise<Matrix> {
  const url = new URL('/api/v1/query_range', base);
  url.searchParams.set('query', query);
  url.searchParams.set('start', String(start / 1000));
  url.searchParams.set('end', String(end / 1000));
  url.searchParams.set('step', `${step}s`);
  const res = await fetch(url, { signal: AbortSignal.timeout(8000), cache: 'no-store' });
  if (!res.ok) throw new Error(`Prometheus answered ${res.status}`);
  return matrix.parse(await res.json()).data.result;
}

export async function overviewRange(options: OverviewRangeOptions): Promise<OverviewTick[]> {
  const end = options.now ?? Date.now();
  const start = end - options.rangeMs;
  const step = Math.max(15, Math.round(options.rangeMs / 1000 / (options.points ?? 240)));
  const w = `${Math.max(60, step * 2)}s`;
  const q = (expr: string) => queryRange(options.prometheusUrl, expr, start, end, step);
  const [connected, connects, disconnects, eventsDir, bytesDir, handshake, up] = await Promise.all([
    q(`sum by (node) (${METRICS.connectedClients})`),
    q(`sum by (node) (rate(${METRICS.connectionsTotal}[${w}]))`),
    q(`sum by (node, reason) (rate(${METRICS.disconnectsTotal}[${w}]))`),
    q(`sum by (node, direction) (rate(${METRICS.eventsTotal}[${w}]))`),
    q(`sum by (node, direction) (rate(${METRICS.bytesTotal}[${w}]))`),
    q(`sum by (node) (rate(${METRICS.handshakeErrorsTotal}[${w}]))`),
    q(`max by (node) (${METRICS.targetUp})`),
  ]);
  const ticks = new Map<number, OverviewTick>();
  const nodeTick = (t: number, node: string): NodeTick => {
    let tick = ticks.get(t);
    if (!tick) {
      tick = { t, nodes: {} };
      ticks.set(t, tick);
    }
    tick.nodes[node] ??= {
      up: false,
      connected: 0,
      connectsPerSec: 0,
      disconnectsPerSec: 0,
      disconnectsByReason: {},
      messagesInPerSec: 0,
      messagesOutPerSec: 0,
      bytesInPerSec: 0,
      bytesOutPerSec: 0,
      handshakeErrorsPerSec: 0,
    };
    return tick.nodes[node];
  };
  const each = (
    m: Matrix,
    fn: (n: NodeTick, v: number, labels: Record<string, string>) => void,
  ) => {
    for (const series of m) {
      const node = series.metric.node ?? 'unknown';
      for (const [ts, v] of series.values)
        fn(nodeTick(Math.round(ts * 1000), node), Number(v), series.metric);
    }
  };
  each(connected, (n, v) => (n.connected = v));
  each(connects, (n, v) => (n.connectsPerSec = v));
  each(disconnects, (n, v, l) => {
    n.disconnectsPerSec += v;
    if (v > 0) n.disconnectsByReason[l.reason ?? 'unknown'] = v;
  });
  each(eventsDir, (n, v, l) =>
    l.direction === 'in' ? (n.messagesInPerSec = v) : (n.messagesOutPerSec = v),
  );
  each(bytesDir, (n, v, l) =>
    l.direction === 'in' ? (n.bytesInPerSec = v) : (n.bytesOutPerSec = v),
  );
  each(handshake, (n, v) => (n.handshakeErrorsPerSec = v));
  each(up, (n, v) => (n.up = v === 1));
  return [...ticks.values()].sort((a, b) => a.t - b.t);
}
