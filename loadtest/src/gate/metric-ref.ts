/**
 * Resolves an SLO metric name against a report:
 * - `server.<field>[{label="value"}][.<stat>]` → the server numbers (durations in ms);
 * - `<name>.<stat>` → Artillery summary `sockscope.<name>` or `<name>` (p50, p99, max, count…);
 * - a derived ratio (`recovered_ratio`) → the client's derived numbers;
 * - anything else → a counter (`vusers.failed`, `messages_lost` = `sockscope.messages_lost`).
 * Returns null when the report has no data for it (an objective on it then breaks).
 */
import type { ClientNumbers, ServerNumbers, Summary } from './report-types.js';
import { CLIENT_METRIC_PREFIX } from '../client-metrics.js';

export interface Resolved {
  value: number | null;
  /** Why value is null, for the message. */
  missing?: string;
}

const STATS = new Set(['min', 'max', 'count', 'mean', 'p50', 'median', 'p75', 'p90', 'p95', 'p99', 'p999']);

const SERVER_MAPS = {
  disconnects: ['disconnects', 'reason'],
  handshake_errors: ['handshakeErrors', 'code'],
  connect_errors: ['connectErrors', 'reason'],
  recoveries: ['recoveries', 'result'],
  client_reported_disconnects: ['clientReportedDisconnects', 'reason'],
} as const;

const REF = /^server\.([a-z_]+)(?:\{\s*([a-z_]+)\s*=\s*"([^"]*)"\s*\})?(?:\.([a-z0-9_]+))?$/;

function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((a, b) => a + b, 0);
}

export function resolveServer(ref: string, server: ServerNumbers | null): Resolved {
  if (!server) return { value: null, missing: 'no server-side source (pass --exporters, --prometheus or --stack)' };
  const match = REF.exec(ref);
  if (!match) return { value: null, missing: `cannot read server metric "${ref}"` };
  const [, field = '', labelName, labelValue, stat] = match;
  const mapped = (SERVER_MAPS as Record<string, readonly [keyof ServerNumbers, string]>)[field];
  if (mapped) {
    const values = server[mapped[0]] as Record<string, number>;
    if (labelName === undefined) return { value: sum(values) };
    if (labelName !== mapped[1]) return { value: null, missing: `server.${field} has label "${mapped[1]}", not "${labelName}"` };
    return { value: values[labelValue ?? ''] ?? 0 };
  }
  const pick = (value: number | null | undefined): Resolved =>
    value === null || value === undefined ? { value: null, missing: `no data for ${ref}` } : { value };
  switch (field) {
    case 'connections':
      return { value: server.connections };
    case 'peak_connected':
      return pick(server.peakConnected);
    case 'event_loop_delay':
      return pick(server.eventLoopDelay[(stat ?? 'max') as 'p50' | 'p99' | 'max']);
    case 'ping_rtt':
      return stat === 'count' ? { value: server.pingRtt.count } : pick(server.pingRtt[(stat ?? 'p99') as 'p50' | 'p99']);
    case 'memory':
      return pick(stat === 'heap_used_bytes' ? server.memory.heapUsedBytes : server.memory.rssBytes);
    default:
      return { value: null, missing: `unknown server metric "${field}"` };
  }
}

function summaryOf(client: ClientNumbers, name: string): Summary | undefined {
  return client.summaries[`${CLIENT_METRIC_PREFIX}${name}`] ?? client.summaries[name];
}

export function resolveMetric(ref: string, client: ClientNumbers, server: ServerNumbers | null): Resolved {
  if (ref.startsWith('server.')) return resolveServer(ref, server);
  if (ref in client.derived) {
    const value = client.derived[ref] ?? null;
    return value === null ? { value, missing: `${ref} has no denominator in this run` } : { value };
  }
  const dot = ref.lastIndexOf('.');
  const stat = dot > 0 ? ref.slice(dot + 1) : '';
  if (STATS.has(stat)) {
    const summary = summaryOf(client, ref.slice(0, dot));
    if (summary) return { value: summary[stat as keyof Summary] };
    // `x.count` of a histogram nobody fed: a real zero, not missing data.
    if (stat === 'count') return { value: 0 };
    return { value: null, missing: `no samples of ${ref.slice(0, dot)}` };
  }
  // Artillery only reports counters that moved: an absent counter is zero.
  return { value: client.counters[`${CLIENT_METRIC_PREFIX}${ref}`] ?? client.counters[ref] ?? 0 };
}
