/** The gate's report.json: what ran, what was measured on both sides, and the verdict. */
import type { Finding } from '@sockscope/diagnosis';
import type { Operator } from './slo.js';

export interface Summary {
  min: number;
  max: number;
  count: number;
  mean: number;
  p50: number;
  median: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
}

export interface ClientNumbers {
  counters: Record<string, number>;
  summaries: Record<string, Summary>;
  /** Ratios derived from counters (null when the denominator is 0). */
  derived: Record<string, number | null>;
}

export interface ServerNumbers {
  /** Where the numbers came from: `exporters` (exact counter deltas) or `prometheus` (increase()). */
  source: 'exporters' | 'prometheus';
  nodes: string[];
  connections: number;
  disconnects: Record<string, number>;
  handshakeErrors: Record<string, number>;
  connectErrors: Record<string, number>;
  recoveries: Record<string, number>;
  clientReportedDisconnects: Record<string, number>;
  /** Milliseconds, highest seen on any node during the run. */
  eventLoopDelay: { p50: number | null; p99: number | null; max: number | null };
  /** Milliseconds, from the histogram's increase over the window. */
  pingRtt: { p50: number | null; p99: number | null; count: number };
  /** Peak connected clients summed over nodes, sampled during the run. */
  peakConnected: number | null;
  /** Bytes, highest seen on any node (when the exporter publishes process memory). */
  memory: { rssBytes: number | null; heapUsedBytes: number | null };
}

export interface ObjectiveResult {
  name: string;
  kind: 'objective' | 'regression';
  metric: string;
  op: Operator;
  bound: number;
  value: number | null;
  holds: boolean;
  /** One line: `delivery_latency.p99 = 312 (bound < 250)`. */
  message: string;
}

export interface TimelinePoint {
  /** Epoch ms of the period start. */
  t: number;
  vusersCreated: number;
  vusersFailed: number;
  connected: number;
  messagesReceived: number;
  deliveryP50: number | null;
  deliveryP99: number | null;
  connectP99: number | null;
}

export interface GateReport {
  version: 1;
  scenario: string;
  target: string;
  slo: string;
  startedAt: string;
  endedAt: string;
  durationSeconds: number;
  verdict: 'pass' | 'fail';
  client: ClientNumbers;
  server: ServerNumbers | null;
  objectives: ObjectiveResult[];
  timeline: TimelinePoint[];
  baseline: string | null;
  /**
   * The diagnosis findings for the run's window, ranked by impact (`@sockscope/diagnosis`);
   * null when the gate knows no exporters with API tokens (`--stack`, or `--exporters` with
   * `--exporter-token`).
   */
  findings: Finding[] | null;
  /** How the findings were made: nodes whose exporter did not answer, or why there are none. */
  diagnosis: { missingNodes: string[]; error: string | null } | null;
}
