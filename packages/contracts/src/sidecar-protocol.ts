/**
 * What `instrument(io)` serves to the exporter sidecar on its token-protected namespace.
 *
 * The sidecar connects with `auth: { token, resumeFrom? }`. The instrument answers with
 * `hello`, then a `snapshot` of live sessions and cumulative counters, then `batch`es.
 * Every lifecycle event carries a sequence number; a reconnecting sidecar passes the last
 * one it stored as `resumeFrom` and gets every later event still in the bounded buffer,
 * or a `gap` event saying which sequence numbers are gone.
 */
import type { SessionRecord } from './session.js';
import type { Transport } from './metric-names.js';

export const INSTRUMENT_NAMESPACE = '/sockscope';

export interface SidecarAuth {
  token: string;
  /** The instance the sidecar last saw; sequence numbers only resume within one instance. */
  instance?: string;
  /** The last sequence number the sidecar stored. */
  resumeFrom?: number;
}

export interface Versions {
  socketio: string;
  node: string;
  adapter: string;
  instrument: string;
}

export interface Hello {
  node: string;
  /** Random id of this server process; changes on restart, which resets sequence numbers. */
  instance: string;
  startedAt: number;
  versions: Versions;
  /** Namespaces the server has. */
  namespaces: string[];
}

/** Cumulative counters since the instance started; label key → count. */
export interface Counters {
  /** `transport` → engine connections opened. */
  connections: Record<string, number>;
  /** `reason\u0000transport` → socket disconnects. */
  disconnects: Record<string, number>;
  /** engine.io `connection_error` code → count. */
  handshakeErrors: Record<string, number>;
  /** `namespace\u0000message` → middleware rejections. */
  connectErrors: Record<string, number>;
  /** `namespace\u0000event\u0000direction` → events (event names capped, the rest `other`). */
  events: Record<string, number>;
  /** `in` / `out` → bytes on the wire. */
  bytes: Record<string, number>;
  /** `in` / `out` → packets on the wire. */
  packets: Record<string, number>;
  /** `recovered` / `failed` → connects that tried to recover. */
  recoveries: Record<string, number>;
  /** client-reported reason → reconnects carrying it. */
  clientReportedDisconnects: Record<string, number>;
  /** engine.io close reasons → engine connections closed. */
  engineCloses: Record<string, number>;
}

/** Fixed-bucket histograms, cumulative: bucket upper bound (seconds) → count. */
export interface HistogramState {
  buckets: number[];
  counts: number[];
  sum: number;
  count: number;
}

export interface NodeHealth {
  /** Event-loop delay quantiles in seconds, over the last interval. */
  eventLoopDelay: { p50: number; p90: number; p99: number; max: number };
  heapUsedBytes: number;
  rssBytes: number;
  /** Whether the node is draining (its /readyz answers 503). */
  draining: boolean;
  /**
   * The Socket.IO adapter's link to its broker (e.g. the Redis Streams adapter's Redis), when
   * the server reports it (`instrument(io, { adapterHealth })`); absent otherwise.
   */
  adapter?: AdapterHealth;
}

export interface AdapterHealth {
  /** Adapter kind, a short lowercase word (`redis`, `cluster`, `memory`): a metric label. */
  kind: string;
  /** False while the adapter cannot reach its broker: cross-node broadcasts are lost. */
  up: boolean;
}

export interface CounterState {
  counters: Counters;
  /** `reason` → session durations. */
  sessionDuration: Record<string, HistogramState>;
  pingRtt: HistogramState;
  health: NodeHealth;
}

export type LifecycleEvent =
  | { seq: number; ts: number; type: 'connect'; session: SessionRecord }
  | { seq: number; ts: number; type: 'upgrade'; id: string; transport: Transport }
  | { seq: number; ts: number; type: 'rooms'; id: string; rooms: string[] }
  | {
      seq: number;
      ts: number;
      type: 'disconnect';
      id: string;
      reason: string;
      description: string | null;
      session: SessionRecord;
    }
  | {
      seq: number;
      ts: number;
      type: 'handshake-error';
      code: number;
      message: string;
      transport: string | null;
      remoteAddress: string | null;
      userAgent: string | null;
    }
  | { seq: number; ts: number; type: 'connect-error'; namespace: string; message: string; remoteAddress: string | null }
  /** Events `from`..`to` were dropped from the bounded buffer before the sidecar read them. */
  | { seq: number; ts: number; type: 'gap'; from: number; to: number };

export interface Snapshot {
  /** The highest sequence number included in this snapshot's state. */
  seq: number;
  sessions: SessionRecord[];
  state: CounterState;
}

export interface Batch {
  events: LifecycleEvent[];
  state: CounterState;
}

export interface InstrumentToSidecarEvents {
  hello: (hello: Hello) => void;
  snapshot: (snapshot: Snapshot) => void;
  batch: (batch: Batch) => void;
}

export interface SidecarToInstrumentEvents {
  /** Acknowledges everything up to `seq`, so the instrument may trim its buffer. */
  ack: (seq: number) => void;
}
