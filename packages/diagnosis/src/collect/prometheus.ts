import { METRICS } from '@sockscope/contracts';
import { z } from 'zod';
import type { NodeMetrics } from '../types.js';

const vectorSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('vector'),
    result: z.array(
      z.object({
        metric: z.record(z.string(), z.string()),
        value: z.tuple([z.number(), z.string()]),
      }),
    ),
  }),
});

type Fetch = typeof fetch;

async function instantQuery(
  baseUrl: string,
  query: string,
  at: number,
  fetchImpl: Fetch,
  timeoutMs: number,
): Promise<{ labels: Record<string, string>; value: number }[]> {
  const url = new URL('/api/v1/query', baseUrl);
  url.searchParams.set('query', query);
  url.searchParams.set('time', String(at / 1000));
  const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`prometheus ${response.status} for ${query}`);
  const parsed = vectorSchema.parse(await response.json());
  return parsed.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
}

/**
 * Window numbers per node from Prometheus: increases of the counters and the event-loop delay
 * peak over [from, to] (the history a single `/metrics` scrape cannot give).
 */
export async function nodeMetricsFromPrometheus(
  baseUrl: string,
  window: { from: number; to: number },
  fetchImpl: Fetch = fetch,
  timeoutMs = 10_000,
): Promise<Map<string, NodeMetrics>> {
  const range = `${Math.max(1, Math.ceil((window.to - window.from) / 1000))}s`;
  const [events, delay, reported] = await Promise.all([
    instantQuery(
      baseUrl,
      `sum by (node, event) (increase(${METRICS.eventsTotal}{direction="out",namespace="/"}[${range}]))`,
      window.to,
      fetchImpl,
      timeoutMs,
    ),
    instantQuery(
      baseUrl,
      `max by (node) (max_over_time(${METRICS.eventLoopDelaySeconds}{quantile="max"}[${range}]))`,
      window.to,
      fetchImpl,
      timeoutMs,
    ),
    instantQuery(
      baseUrl,
      `sum by (node, reason) (increase(${METRICS.clientReportedDisconnectsTotal}[${range}]))`,
      window.to,
      fetchImpl,
      timeoutMs,
    ),
  ]);
  const result = new Map<string, NodeMetrics>();
  const of = (node: string): NodeMetrics => {
    let metrics = result.get(node);
    if (!metrics) {
      metrics = {
        scope: 'window',
        eventsOut: {},
        eventLoopDelayMaxSeconds: null,
        clientReportedDisconnects: {},
      };
      result.set(node, metrics);
    }
    return metrics;
  };
  for (const { labels, value } of events)
    of(labels.node ?? '').eventsOut[labels.event ?? 'other'] = Math.round(value);
  for (const { labels, value } of delay) of(labels.node ?? '').eventLoopDelayMaxSeconds = value;
  for (const { labels, value } of reported)
    of(labels.node ?? '').clientReportedDisconnects[labels.reason ?? 'other'] = Math.round(value);
  return result;
}
