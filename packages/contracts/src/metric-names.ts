/**
 * The exporter's metric contract. Rules, dashboards and tests import these names instead of
 * repeating strings. Labels are bounded: never a user id, socket id or room name.
 */
export const METRICS = {
  connectedClients: 'socketio_connected_clients',
  connectionsTotal: 'socketio_connections_total',
  disconnectsTotal: 'socketio_disconnects_total',
  sessionDurationSeconds: 'socketio_session_duration_seconds',
  handshakeErrorsTotal: 'socketio_handshake_errors_total',
  connectErrorsTotal: 'socketio_connect_errors_total',
  eventsTotal: 'socketio_events_total',
  bytesTotal: 'socketio_bytes_total',
  recoveriesTotal: 'socketio_recoveries_total',
  pingRttSeconds: 'socketio_ping_rtt_seconds',
  clientReportedDisconnectsTotal: 'socketio_client_reported_disconnects_total',
  eventLoopDelaySeconds: 'socketio_node_event_loop_delay_seconds',
  targetUp: 'sockscope_target_up',
  adapterUp: 'socketio_adapter_up',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** The label names of each metric, in order. */
export const METRIC_LABELS = {
  [METRICS.connectedClients]: ['node', 'transport'],
  [METRICS.connectionsTotal]: ['node', 'transport'],
  [METRICS.disconnectsTotal]: ['node', 'reason', 'transport'],
  [METRICS.sessionDurationSeconds]: ['node', 'reason'],
  [METRICS.handshakeErrorsTotal]: ['node', 'code'],
  [METRICS.connectErrorsTotal]: ['node', 'namespace', 'reason'],
  [METRICS.eventsTotal]: ['node', 'namespace', 'event', 'direction'],
  [METRICS.bytesTotal]: ['node', 'direction'],
  [METRICS.recoveriesTotal]: ['node', 'result'],
  [METRICS.pingRttSeconds]: ['node'],
  [METRICS.clientReportedDisconnectsTotal]: ['node', 'reason'],
  [METRICS.eventLoopDelaySeconds]: ['node', 'quantile'],
  [METRICS.targetUp]: ['node'],
  [METRICS.adapterUp]: ['node', 'adapter'],
} as const satisfies Record<MetricName, readonly string[]>;

export const TRANSPORTS = ['polling', 'websocket', 'webtransport'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export const DIRECTIONS = ['in', 'out'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const RECOVERY_RESULTS = ['recovered', 'failed'] as const;
export type RecoveryResult = (typeof RECOVERY_RESULTS)[number];

/** Histogram buckets, in seconds. */
export const SESSION_DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600, 7200, 21600];
export const PING_RTT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Quantiles published for the event-loop delay gauge. */
export const EVENT_LOOP_QUANTILES = ['0.5', '0.9', '0.99', 'max'] as const;

/** At most this many distinct event names per namespace get their own label; the rest are `other`. */
export const MAX_EVENT_NAMES = 50;

/**
 * An adapter kind (`AdapterHealth.kind`, the `adapter` label of `socketio_adapter_up`): a short
 * lowercase word such as `redis`. The exporter labels anything else `other`.
 */
export const ADAPTER_KIND_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
