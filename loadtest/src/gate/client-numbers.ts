/** The client side of the report, from Artillery's JSON output. */
import { CLIENT_COUNTERS, CLIENT_HISTOGRAMS, DERIVED_RATIOS } from '../client-metrics.js';
import type { ArtilleryReport } from './run-artillery.js';
import type { ClientNumbers, Summary, TimelinePoint } from './report-types.js';

export function clientNumbers(report: ArtilleryReport): ClientNumbers {
  const counters = { ...report.aggregate.counters };
  const summaries = report.aggregate.summaries as unknown as Record<string, Summary>;
  const derived: Record<string, number | null> = {};
  for (const [name, [num, den]] of Object.entries(DERIVED_RATIOS)) {
    const d = counters[den] ?? 0;
    derived[name] = d > 0 ? (counters[num] ?? 0) / d : null;
  }
  return { counters, summaries, derived };
}

export function timeline(report: ArtilleryReport): TimelinePoint[] {
  return report.intermediate.map((p) => ({
    t: p.period,
    vusersCreated: p.counters['vusers.created'] ?? 0,
    vusersFailed: p.counters['vusers.failed'] ?? 0,
    connected: p.counters[CLIENT_COUNTERS.connected] ?? 0,
    messagesReceived: p.counters[CLIENT_COUNTERS.messagesReceived] ?? 0,
    deliveryP50: p.summaries[CLIENT_HISTOGRAMS.deliveryLatency]?.['p50'] ?? null,
    deliveryP99: p.summaries[CLIENT_HISTOGRAMS.deliveryLatency]?.['p99'] ?? null,
    connectP99: p.summaries[CLIENT_HISTOGRAMS.connectTime]?.['p99'] ?? null,
  }));
}
