import type {
  Batch,
  CounterState,
  ExporterStatus,
  Hello,
  LifecycleEvent,
  SessionRecord,
  Snapshot,
} from '@sockscope/contracts';
import type { Logger } from 'pino';
import type { ClosedSession, DisconnectStore, ErrorRecord } from '../store/disconnect-store.js';
import type { LiveSessions } from './live-sessions.js';

export interface IngestOptions {
  store: DisconnectStore;
  live: LiveSessions;
  logger: Logger;
  /** Node label forced by configuration; otherwise the hello's. */
  node?: string;
  /** Called with every applied lifecycle event (the live feed). */
  onEvents?: (events: LifecycleEvent[]) => void;
}

/**
 * Applies what the target sends (hello, snapshot, batches) to the live table, the SQLite log and
 * the latest cumulative CounterState. Persists the resume point in the same transaction as the rows.
 */
export class Ingest {
  hello: Hello | null = null;
  state: CounterState | null = null;
  targetUp = false;
  gaps = 0;
  /** Connected clients per transport when the source cannot list sessions (admin-ui production mode). */
  connectedOverride: Map<string, number> | null = null;
  private instance: string | null;
  private seq: number;
  /** Events at or below this seq are already reflected in the live table by the snapshot. */
  private snapshotSeq = 0;
  private startsAtSnapshot = false;

  constructor(private readonly options: IngestOptions) {
    const meta = options.store.meta();
    this.instance = meta.instance;
    this.seq = meta.lastSeq;
  }

  get node(): string {
    return this.options.node ?? this.hello?.node ?? 'unknown';
  }

  /** What the target should resume from: only meaningful for the same instance. */
  resumePoint(): { instance: string | null; lastSeq: number } {
    return { instance: this.instance, lastSeq: this.seq };
  }

  status(): ExporterStatus {
    return {
      node: this.options.node ?? this.hello?.node ?? null,
      targetUp: this.targetUp,
      instance: this.instance,
      lastSeq: this.seq,
      liveSessions: this.options.live.size,
    };
  }

  applyHello(hello: Hello): void {
    this.hello = hello;
    // Sent no instance: the target starts at its snapshot. Another instance: it replays from seq 1.
    this.startsAtSnapshot = this.instance === null;
    if (hello.instance !== this.instance) {
      this.options.logger.info(
        { node: hello.node, instance: hello.instance },
        'new target instance',
      );
      this.instance = hello.instance;
      this.seq = 0;
      this.options.store.writeBatch({
        node: this.node,
        instance: hello.instance,
        lastSeq: 0,
        closed: [],
        errors: [],
      });
    }
  }

  applySnapshot(snapshot: Snapshot): void {
    const live = this.options.live;
    live.clear();
    for (const session of snapshot.sessions) {
      live.add(session, { seq: snapshot.seq, ts: session.connectedAt, type: 'connect', session });
    }
    this.state = snapshot.state;
    this.snapshotSeq = snapshot.seq;
    // Nothing older than the snapshot will come when we gave no resume point.
    if (this.startsAtSnapshot && snapshot.seq > this.seq && this.instance !== null) {
      this.seq = snapshot.seq;
      this.options.store.writeBatch({
        node: this.node,
        instance: this.instance,
        lastSeq: this.seq,
        closed: [],
        errors: [],
      });
    }
  }

  /** Applies a batch; returns the seq to acknowledge (everything up to it is stored). */
  applyBatch(batch: Batch): number {
    const live = this.options.live;
    const closed: ClosedSession[] = [];
    const errors: ErrorRecord[] = [];
    let maxSeq = this.seq;
    for (const event of batch.events) {
      if (event.seq > maxSeq) maxSeq = event.seq;
      const fresh = event.seq > this.snapshotSeq;
      switch (event.type) {
        case 'connect':
          if (fresh) live.add(event.session, event);
          break;
        case 'upgrade':
          if (fresh) live.setTransport(event.id, event.transport, event);
          break;
        case 'rooms':
          if (fresh) live.setRooms(event.id, event.rooms, event);
          break;
        case 'disconnect': {
          const entry = live.remove(event.id);
          const events = entry ? [...entry.events, event] : [event];
          const s = event.session;
          const disconnectedAt = s.disconnectedAt ?? event.ts;
          closed.push({
            seq: event.seq,
            events,
            record: {
              ...s,
              disconnectedAt,
              reason: s.reason ?? event.reason,
              description: s.description ?? event.description,
              durationMs: s.durationMs ?? Math.max(0, disconnectedAt - s.connectedAt),
            },
          });
          break;
        }
        case 'handshake-error':
          errors.push({
            seq: event.seq,
            ts: event.ts,
            kind: 'handshake',
            code: String(event.code),
            namespace: null,
            message: event.message,
          });
          break;
        case 'connect-error':
          errors.push({
            seq: event.seq,
            ts: event.ts,
            kind: 'connect',
            code: 'connect_error',
            namespace: event.namespace,
            message: event.message,
          });
          break;
        case 'gap':
          this.gaps++;
          this.options.logger.warn(
            { from: event.from, to: event.to },
            'the target dropped events before they were read',
          );
          break;
      }
    }
    this.state = batch.state;
    if (this.instance !== null) {
      this.options.store.writeBatch({
        node: this.node,
        instance: this.instance,
        lastSeq: maxSeq,
        closed,
        errors,
      });
    }
    this.seq = maxSeq;
    if (batch.events.length > 0) this.options.onEvents?.(batch.events);
    return maxSeq;
  }

  /** A live session's record, or undefined. */
  liveSession(id: string): SessionRecord | undefined {
    return this.options.live.get(id)?.session;
  }

  setTargetUp(up: boolean): void {
    this.targetUp = up;
  }
}
