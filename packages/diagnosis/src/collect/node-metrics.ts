import { METRICS } from '@sockscope/contracts';
import type { NodeMetrics } from '../types.js';
import type { MetricSample } from './metrics-text.js';

/** The numbers diagnose() needs, from one `/metrics` scrape (cumulative since the node started). */
export function nodeMetricsFromScrape(samples: MetricSample[]): NodeMetrics {
  const metrics: NodeMetrics = {
    scope: 'cumulative',
    eventsOut: {},
    eventLoopDelayMaxSeconds: null,
    clientReportedDisconnects: {},
  };
  for (const { name, labels, value } of samples) {
    if (name === METRICS.eventsTotal && labels.direction === 'out' && labels.namespace === '/') {
      const event = labels.event ?? 'other';
      metrics.eventsOut[event] = (metrics.eventsOut[event] ?? 0) + value;
    } else if (name === METRICS.eventLoopDelaySeconds && labels.quantile === 'max') {
      metrics.eventLoopDelayMaxSeconds = Math.max(metrics.eventLoopDelayMaxSeconds ?? 0, value);
    } else if (name === METRICS.clientReportedDisconnectsTotal) {
      const reason = labels.reason ?? 'other';
      metrics.clientReportedDisconnects[reason] =
        (metrics.clientReportedDisconnects[reason] ?? 0) + value;
    }
  }
  return metrics;
}
