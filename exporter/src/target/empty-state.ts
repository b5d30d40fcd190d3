import {
  PING_RTT_BUCKETS,
  SESSION_DURATION_BUCKETS,
  type CounterState,
  type HistogramState,
} from '@sockscope/contracts';

export function emptyHistogram(buckets: number[]): HistogramState {
  return { buckets: [...buckets], counts: buckets.map(() => 0), sum: 0, count: 0 };
}

/** A CounterState kept locally for sources that send no cumulative counters (admin-ui). */
export function emptyCounterState(): CounterState {
  return {
    counters: {
      connections: {},
      disconnects: {},
      handshakeErrors: {},
      connectErrors: {},
      events: {},
      bytes: {},
      packets: {},
      recoveries: {},
      clientReportedDisconnects: {},
      engineCloses: {},
    },
    sessionDuration: {},
    pingRtt: emptyHistogram(PING_RTT_BUCKETS),
    health: {
      eventLoopDelay: { p50: NaN, p90: NaN, p99: NaN, max: NaN },
      heapUsedBytes: 0,
      rssBytes: 0,
      draining: false,
    },
  };
}

/** Records one observation with cumulative `le` counts. */
export function observe(h: HistogramState, value: number): void {
  h.buckets.forEach((le, i) => {
    if (value <= le) h.counts[i] = (h.counts[i] ?? 0) + 1;
  });
  h.sum += value;
  h.count += 1;
}

export function sessionDurationHistogram(): HistogramState {
  return emptyHistogram(SESSION_DURATION_BUCKETS);
}

export function add(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}
