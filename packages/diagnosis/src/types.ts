import type {
  DisconnectRecord,
  DisconnectSummary,
  ExporterStatus,
  SessionRecord,
} from '@sockscope/contracts';

export type Severity = 'critical' | 'warning' | 'info';

export interface Evidence {
  label: string;
  value: string | number;
  /** Relative dashboard link to the filtered view that shows it, e.g. `/disconnects?reason=…`. */
  link?: string;
}

export interface Finding {
  /** Detector id, e.g. `proxy-idle-timeout`. */
  id: string;
  title: string;
  severity: Severity;
  /** 0..1 */
  confidence: number;
  impact: { sessions: number; users: number; nodes: number };
  evidence: Evidence[];
  cause: string;
  fix: string;
}

/** Node-level numbers read from `/metrics` (a scrape) or from Prometheus (over the window). */
export interface NodeMetrics {
  /**
   * `window`: increases and peaks over the window (Prometheus); `cumulative`: one scrape at
   * collection time (counters since the node started, gauges as of now).
   */
  scope: 'window' | 'cumulative';
  /** Events sent by the server on `/`, by event name (e.g. `auth:expired`). */
  eventsOut: Record<string, number>;
  /** Event-loop delay peak in seconds (`quantile="max"`), null when unknown. */
  eventLoopDelayMaxSeconds: number | null;
  /** Client-reported reasons of previous disconnects. */
  clientReportedDisconnects: Record<string, number>;
}

/** Everything one exporter (one node) said about the window. */
export interface NodeInput {
  node: string;
  /** null when the exporter did not answer (`error` says why). */
  status: ExporterStatus | null;
  error?: string;
  /** Closed sessions with `disconnectedAt` in the window. */
  disconnects: DisconnectRecord[];
  /** True when the disconnect log had more rows than the collector read. */
  truncated?: boolean;
  /** Live sessions at collection time. */
  liveSessions: SessionRecord[];
  /** `/api/summary` of the window (handshake and connect errors by code/reason). */
  summary: DisconnectSummary | null;
  metrics: NodeMetrics | null;
}

/** The data diagnose() works on: plain JSON, so it can be saved, shipped and replayed. */
export interface DiagnosisInput {
  /** Epoch ms. */
  from: number;
  to: number;
  nodes: NodeInput[];
}

export interface DiagnoseOptions {
  /** The nodes' engine.io pingInterval, ms. @default 25000 */
  pingIntervalMs?: number;
  /** The nodes' engine.io pingTimeout, ms. @default 20000 */
  pingTimeoutMs?: number;
  /** Findings below this confidence are dropped. @default 0.3 */
  minConfidence?: number;
}

export type ResolvedDiagnoseOptions = Required<DiagnoseOptions>;

/** What every detector gets: the input plus indexes built once. */
export interface DiagnosisContext {
  input: DiagnosisInput;
  options: ResolvedDiagnoseOptions;
  /** Every closed session of the window, all nodes. */
  disconnects: DisconnectRecord[];
  /** Every session (closed in the window, or live and connected before `to`), all nodes. */
  sessions: SessionRecord[];
  /** Closed sessions by socket id (to follow `lastDisconnect.previousId`). */
  byId: Map<string, SessionRecord>;
}

export type Detector = (context: DiagnosisContext) => Finding[];
