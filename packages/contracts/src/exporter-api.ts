/** The exporter's HTTP JSON API (`/api/...`, `Authorization: Bearer <api token>`). */
import type { DisconnectRecord, SessionRecord } from './session.js';
import type { LifecycleEvent } from './sidecar-protocol.js';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** `GET /api/sessions/:id`. */
export interface SessionTimeline {
  session: SessionRecord;
  /** Lifecycle events of this session, oldest first. */
  events: LifecycleEvent[];
  /** The same user's other sessions on this node, newest first. */
  chain: SessionRecord[];
}

/** `GET /api/summary?from&to`. */
export interface DisconnectSummary {
  from: number;
  to: number;
  total: number;
  byReason: Record<string, number>;
  byTransport: Record<string, number>;
  byClientVersion: Record<string, number>;
  /** Duration bucket label (e.g. `<1s`, `1-10s`, …) → count. */
  byDurationBucket: Record<string, number>;
  handshakeErrors: Record<string, number>;
  connectErrors: Record<string, number>;
}

/** Body of every 4xx/5xx answer. */
export interface ApiError {
  error: string;
  /** The query or path parameter that was wrong, when one was. */
  parameter?: string;
}

export interface ExporterStatus {
  node: string | null;
  targetUp: boolean;
  instance: string | null;
  lastSeq: number;
  liveSessions: number;
}

/** Live feed (Socket.IO, namespace `/feed`), batched. */
export interface FeedEvents {
  status: (status: ExporterStatus) => void;
  events: (events: LifecycleEvent[]) => void;
}

export type { DisconnectRecord, SessionRecord };
