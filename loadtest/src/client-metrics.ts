/**
 * The custom metrics the processor emits into Artillery, defined once: the gate's SLO names
 * (`delivery_latency.p99`, `messages_lost`) resolve to these.
 */
export const CLIENT_METRIC_PREFIX = 'sockscope.';

export const CLIENT_HISTOGRAMS = {
  connectTime: 'sockscope.connect_time',
  deliveryLatency: 'sockscope.delivery_latency',
  deliveryLatencyCrossNode: 'sockscope.delivery_latency_cross_node',
  ackLatency: 'sockscope.ack_latency',
  reconnectTime: 'sockscope.reconnect_time',
} as const;

export const CLIENT_COUNTERS = {
  connected: 'sockscope.connected',
  connectFailed: 'sockscope.connect_failed',
  messagesSent: 'sockscope.messages_sent',
  publishFailed: 'sockscope.publish_failed',
  messagesReceived: 'sockscope.messages_received',
  messagesJudged: 'sockscope.messages_judged',
  messagesLost: 'sockscope.messages_lost',
  messagesDuplicated: 'sockscope.messages_duplicated',
  /** A VU whose socket dropped without asking (it should reconnect). */
  affected: 'sockscope.reconnect_affected',
  reconnected: 'sockscope.reconnected',
  reconnectedWithin10s: 'sockscope.reconnected_within_10s',
  recovered: 'sockscope.recovered',
  notRecovered: 'sockscope.not_recovered',
  /** Prefix: `sockscope.disconnects.<client-side reason>`. */
  disconnects: 'sockscope.disconnects',
  authRefused: 'sockscope.auth_refused',
  authAccepted: 'sockscope.auth_accepted',
  authAttempts: 'sockscope.auth_attempts',
  authUnreachable: 'sockscope.auth_unreachable',
} as const;

/** Ratios the gate derives from counters: name → [numerator, denominator]. */
export const DERIVED_RATIOS: Record<string, [string, string]> = {
  recovered_ratio: [CLIENT_COUNTERS.recovered, CLIENT_COUNTERS.reconnected],
  reconnect_ratio: [CLIENT_COUNTERS.reconnected, CLIENT_COUNTERS.affected],
  reconnect_within_10s_ratio: [CLIENT_COUNTERS.reconnectedWithin10s, CLIENT_COUNTERS.affected],
  loss_ratio: [CLIENT_COUNTERS.messagesLost, CLIENT_COUNTERS.messagesJudged],
  auth_refused_ratio: [CLIENT_COUNTERS.authRefused, 'sockscope.auth_attempts'],
};

/** Counter key for a client-side disconnect reason (`transport close` → `transport_close`). */
export function disconnectCounter(reason: string): string {
  return `${CLIENT_COUNTERS.disconnects}.${reason.replace(/[^a-z0-9]+/gi, '_')}`;
}
