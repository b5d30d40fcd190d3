import {
  ADAPTER_KIND_PATTERN,
  CLIENT_DISCONNECT_REASONS,
  EVENT_LOOP_QUANTILES,
  MAX_EVENT_NAMES,
  METRIC_LABELS,
  METRICS,
  OTHER_LABEL,
  PING_RTT_BUCKETS,
  SESSION_DURATION_BUCKETS,
  TRANSPORTS,
  reasonLabel,
  type CounterState,
  type HistogramState,
} from '@sockscope/contracts';
import { Counter, Gauge, Registry } from 'prom-client';
import { CumulativeHistogram } from './cumulative-histogram.js';
import { LabelCap, ScopedLabelCap } from './label-cap.js';
import { UntypedMetric } from './untyped-metric.js';

/** What the metrics read at scrape time. */
export interface MetricsSource {
  node(): string;
  state(): CounterState | null;
  /** Connected clients per transport. */
  connected(): ReadonlyMap<string, number>;
  targetUp(): boolean;
}

const SEP = '\u0000';
const MAX_NAMESPACES = 20;
const MAX_CONNECT_ERROR_REASONS = 20;
const MAX_HANDSHAKE_CODES = 20;

const HELP: Record<string, string> = {
  [METRICS.connectedClients]: 'Socket.IO sessions connected now, by transport.',
  [METRICS.connectionsTotal]: 'engine.io connections opened, by transport.',
  [METRICS.disconnectsTotal]: "Socket.IO disconnects, by Socket.IO's reason string and transport.",
  [METRICS.sessionDurationSeconds]: 'Session duration at disconnect, by reason.',
  [METRICS.handshakeErrorsTotal]: 'engine.io handshake errors (connection_error), by code.',
  [METRICS.connectErrorsTotal]: 'Namespace middleware rejections (connect_error), by message.',
  [METRICS.eventsTotal]: 'Socket.IO events by name (capped; the rest are "other") and direction.',
  [METRICS.bytesTotal]: 'Bytes on the wire, by direction.',
  [METRICS.recoveriesTotal]: 'Connection state recovery attempts, by result.',
  [METRICS.pingRttSeconds]: 'Heartbeat round-trip time.',
  [METRICS.clientReportedDisconnectsTotal]:
    'Reconnects carrying the reason the client saw for its previous disconnect.',
  [METRICS.eventLoopDelaySeconds]: "Event-loop delay of the node's process, by quantile.",
  [METRICS.targetUp]: '1 when the exporter is connected to its node.',
  [METRICS.adapterUp]:
    "1 when the node's Socket.IO adapter reaches its broker (e.g. Redis), 0 while it cannot.",
};

function labelNames(name: keyof typeof METRIC_LABELS): string[] {
  return [...METRIC_LABELS[name]];
}

/** Sums counter entries after mapping their keys to (capped) label sets. */
function aggregate(
  entries: Record<string, number> | undefined,
  toLabels: (key: string) => Record<string, string>,
): Array<{ labels: Record<string, string>; value: number }> {
  const out = new Map<string, { labels: Record<string, string>; value: number }>();
  for (const [key, value] of Object.entries(entries ?? {})) {
    if (!Number.isFinite(value) || value < 0) continue;
    const labels = toLabels(key);
    const id = Object.values(labels).join(SEP);
    const prev = out.get(id);
    if (prev) prev.value += value;
    else out.set(id, { labels, value });
  }
  return [...out.values()];
}

function transportLabel(value: string | undefined): string {
  return value !== undefined && (TRANSPORTS as readonly string[]).includes(value)
    ? value
    : OTHER_LABEL;
}

/**
 * The exporter's metrics on their own Registry. Every value is computed at scrape time from the
 * target's latest cumulative CounterState, so a restarted exporter loses no increments.
 */
export function createMetrics(source: MetricsSource): Registry {
  const registry = new Registry();
  const registers = [registry];
  const events = new ScopedLabelCap(MAX_NAMESPACES, MAX_EVENT_NAMES);
  const connectErrors = new ScopedLabelCap(MAX_NAMESPACES, MAX_CONNECT_ERROR_REASONS);
  const handshakeCodes = new LabelCap(MAX_HANDSHAKE_CODES);

  const counter = (
    name: keyof typeof METRIC_LABELS,
    read: (
      state: CounterState,
      node: string,
    ) => Array<{ labels: Record<string, string>; value: number }>,
  ): void => {
    new Counter({
      name,
      help: HELP[name] ?? name,
      labelNames: labelNames(name),
      registers,
      collect() {
        this.reset();
        const state = source.state();
        if (!state) return;
        for (const { labels, value } of read(state, source.node())) this.inc(labels, value);
      },
    });
  };

  new Gauge({
    name: METRICS.connectedClients,
    help: HELP[METRICS.connectedClients] ?? '',
    labelNames: labelNames(METRICS.connectedClients),
    registers,
    collect() {
      this.reset();
      const node = source.node();
      const counts = new Map<string, number>(
        TRANSPORTS.filter((t) => t !== 'webtransport').map((t) => [t, 0]),
      );
      for (const [transport, n] of source.connected()) {
        const t = transportLabel(transport);
        counts.set(t, (counts.get(t) ?? 0) + n);
      }
      for (const [transport, n] of counts) this.set({ node, transport }, n);
    },
  });

  counter(METRICS.connectionsTotal, (s, node) =>
    aggregate(s.counters.connections, (k) => ({ node, transport: transportLabel(k) })),
  );
  counter(METRICS.disconnectsTotal, (s, node) =>
    aggregate(s.counters.disconnects, (k) => {
      const [reason = '', transport] = k.split(SEP);
      return { node, reason: reasonLabel(reason), transport: transportLabel(transport) };
    }),
  );
  counter(METRICS.handshakeErrorsTotal, (s, node) =>
    aggregate(s.counters.handshakeErrors, (k) => ({ node, code: handshakeCodes.label(k) })),
  );
  counter(METRICS.connectErrorsTotal, (s, node) =>
    aggregate(s.counters.connectErrors, (k) => {
      const [namespace = '', reason = ''] = k.split(SEP);
      const [ns, r] = connectErrors.label(namespace, reason);
      return { node, namespace: ns, reason: r };
    }),
  );
  counter(METRICS.eventsTotal, (s, node) =>
    aggregate(s.counters.events, (k) => {
      const [namespace = '', event = '', direction = ''] = k.split(SEP);
      const [ns, ev] = events.label(namespace, event);
      return {
        node,
        namespace: ns,
        event: ev,
        direction: direction === 'in' || direction === 'out' ? direction : OTHER_LABEL,
      };
    }),
  );
  counter(METRICS.bytesTotal, (s, node) =>
    aggregate(s.counters.bytes, (k) => ({
      node,
      direction: k === 'in' || k === 'out' ? k : OTHER_LABEL,
    })),
  );
  counter(METRICS.recoveriesTotal, (s, node) =>
    aggregate(s.counters.recoveries, (k) => ({
      node,
      result: k === 'recovered' || k === 'failed' ? k : OTHER_LABEL,
    })),
  );
  counter(METRICS.clientReportedDisconnectsTotal, (s, node) =>
    aggregate(s.counters.clientReportedDisconnects, (k) => ({
      node,
      reason: (CLIENT_DISCONNECT_REASONS as readonly string[]).includes(k) ? k : OTHER_LABEL,
    })),
  );

  new CumulativeHistogram(
    {
      name: METRICS.sessionDurationSeconds,
      help: HELP[METRICS.sessionDurationSeconds] ?? '',
      buckets: SESSION_DURATION_BUCKETS,
      registers,
    },
    () => {
      const state = source.state();
      if (!state) return [];
      const node = source.node();
      const merged = new Map<string, HistogramState>();
      for (const [reason, h] of Object.entries(state.sessionDuration)) {
        const label = reasonLabel(reason);
        const prev = merged.get(label);
        merged.set(label, prev ? mergeHistograms(prev, h) : h);
      }
      return [...merged].map(([reason, h]) => ({ labels: { node, reason }, state: h }));
    },
  );
  new CumulativeHistogram(
    {
      name: METRICS.pingRttSeconds,
      help: HELP[METRICS.pingRttSeconds] ?? '',
      buckets: PING_RTT_BUCKETS,
      registers,
    },
    () => {
      const state = source.state();
      return state ? [{ labels: { node: source.node() }, state: state.pingRtt }] : [];
    },
  );

  new UntypedMetric(
    METRICS.eventLoopDelaySeconds,
    HELP[METRICS.eventLoopDelaySeconds] ?? '',
    registers,
    () => {
      const state = source.state();
      if (!state) return [];
      const d = state.health.eventLoopDelay;
      const values: Record<(typeof EVENT_LOOP_QUANTILES)[number], number> = {
        '0.5': d.p50,
        '0.9': d.p90,
        '0.99': d.p99,
        max: d.max,
      };
      return EVENT_LOOP_QUANTILES.filter((q) => Number.isFinite(values[q])).map((q) => ({
        labels: { node: source.node(), quantile: q },
        value: values[q],
      }));
    },
  );

  new Gauge({
    name: METRICS.targetUp,
    help: HELP[METRICS.targetUp] ?? '',
    labelNames: labelNames(METRICS.targetUp),
    registers,
    collect() {
      this.reset();
      this.set({ node: source.node() }, source.targetUp() ? 1 : 0);
    },
  });

  new Gauge({
    name: METRICS.adapterUp,
    help: HELP[METRICS.adapterUp] ?? '',
    labelNames: labelNames(METRICS.adapterUp),
    registers,
    collect() {
      this.reset();
      // Absent when the node does not report it (an older instrument, admin-ui, no adapterHealth)
      // and while the node itself is out of reach (its last reading would be stale).
      const adapter = source.state()?.health.adapter;
      if (!source.targetUp() || !adapter || typeof adapter.up !== 'boolean') return;
      const kind =
        typeof adapter.kind === 'string' && ADAPTER_KIND_PATTERN.test(adapter.kind)
          ? adapter.kind
          : OTHER_LABEL;
      this.set({ node: source.node(), adapter: kind }, adapter.up ? 1 : 0);
    },
  });

  return registry;
}

function mergeHistograms(a: HistogramState, b: HistogramState): HistogramState {
  return {
    buckets: a.buckets,
    counts: a.counts.map((c, i) => c + (b.counts[i] ?? 0)),
    sum: a.sum + b.sum,
    count: a.count + b.count,
  };
}
