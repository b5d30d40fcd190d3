import type {
  DisconnectRecord,
  DisconnectSummary,
  LifecycleEvent,
  SessionRecord,
} from '@sockscope/contracts';
import { decodeCursor, encodeCursor } from './cursor.js';
import { DURATION_BUCKETS } from './duration-buckets.js';
import type { Db } from './open-database.js';

export interface ClosedSession {
  seq: number;
  record: DisconnectRecord;
  /** The session's lifecycle events, oldest first. */
  events: LifecycleEvent[];
}

export interface ErrorRecord {
  seq: number;
  ts: number;
  kind: 'handshake' | 'connect';
  code: string;
  namespace: string | null;
  message: string;
}

export interface WriteBatch {
  node: string;
  instance: string;
  /** Stored with the rows in one transaction, so a restart resumes exactly after them. */
  lastSeq: number;
  closed: ClosedSession[];
  errors: ErrorRecord[];
}

export interface DisconnectFilter {
  from?: number;
  to?: number;
  reason?: string;
  user?: string;
  transport?: string;
  clientVersion?: string;
}

export interface Meta {
  instance: string | null;
  lastSeq: number;
}

interface Row {
  id: string;
  disconnected_at: number;
  record: string;
}

/** Closed sessions, the disconnect log and handshake/connect errors in SQLite. */
export class DisconnectStore {
  private readonly insertDisconnect;
  private readonly insertError;
  private readonly setMetaStmt;
  private readonly write;

  constructor(private readonly db: Db) {
    // Idempotent by session id (disconnects) and by (instance, seq) (errors): replays after a restart are harmless.
    this.insertDisconnect = db.prepare(
      `INSERT OR IGNORE INTO disconnects (id, node, instance, seq, user, namespace, transport, reason, client_version,
        connected_at, disconnected_at, duration_ms, record, events)
       VALUES (@id, @node, @instance, @seq, @user, @namespace, @transport, @reason, @clientVersion,
        @connectedAt, @disconnectedAt, @durationMs, @record, @events)`,
    );
    this.insertError = db.prepare(
      `INSERT OR IGNORE INTO errors (instance, seq, ts, kind, code, namespace, message)
       VALUES (@instance, @seq, @ts, @kind, @code, @namespace, @message)`,
    );
    this.setMetaStmt = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.write = db.transaction((batch: WriteBatch) => {
      for (const c of batch.closed) {
        const r = c.record;
        this.insertDisconnect.run({
          id: r.id,
          node: r.node || batch.node,
          instance: batch.instance,
          seq: c.seq,
          user: r.user,
          namespace: r.namespace,
          transport: r.transport,
          reason: r.reason,
          clientVersion: r.clientVersion,
          connectedAt: r.connectedAt,
          disconnectedAt: r.disconnectedAt,
          durationMs: r.durationMs,
          record: JSON.stringify(r),
          events: JSON.stringify(c.events),
        });
      }
      for (const e of batch.errors) this.insertError.run({ instance: batch.instance, ...e });
      this.setMetaStmt.run('instance', batch.instance);
      this.setMetaStmt.run('lastSeq', String(batch.lastSeq));
    });
  }

  /** Writes a batch and the new resume point atomically. */
  writeBatch(batch: WriteBatch): void {
    this.write(batch);
  }

  meta(): Meta {
    const rows = this.db.prepare('SELECT key, value FROM meta').all() as Array<{
      key: string;
      value: string;
    }>;
    const map = new Map(rows.map((r) => [r.key, r.value]));
    const lastSeq = Number(map.get('lastSeq') ?? 0);
    return {
      instance: map.get('instance') ?? null,
      lastSeq: Number.isFinite(lastSeq) ? lastSeq : 0,
    };
  }

  getClosed(id: string): { record: DisconnectRecord; events: LifecycleEvent[] } | null {
    const row = this.db.prepare('SELECT record, events FROM disconnects WHERE id = ?').get(id) as
      { record: string; events: string } | undefined;
    if (!row) return null;
    return {
      record: JSON.parse(row.record) as DisconnectRecord,
      events: JSON.parse(row.events) as LifecycleEvent[],
    };
  }

  /** The user's closed sessions, newest first. */
  chain(user: string, limit: number): SessionRecord[] {
    const rows = this.db
      .prepare(
        'SELECT record FROM disconnects WHERE user = ? ORDER BY disconnected_at DESC LIMIT ?',
      )
      .all(user, limit) as Array<{ record: string }>;
    return rows.map((r) => JSON.parse(r.record) as SessionRecord);
  }

  /** Newest first, keyset-paginated on (disconnected_at, id). */
  disconnects(
    filter: DisconnectFilter,
    limit: number,
    cursor?: string,
  ): { items: DisconnectRecord[]; nextCursor: string | null } {
    const where: string[] = [];
    const args: Array<string | number> = [];
    const add = (clause: string, value: string | number | undefined): void => {
      if (value === undefined) return;
      where.push(clause);
      args.push(value);
    };
    add('disconnected_at >= ?', filter.from);
    add('disconnected_at < ?', filter.to);
    add('reason = ?', filter.reason);
    add('user = ?', filter.user);
    add('transport = ?', filter.transport);
    add('client_version = ?', filter.clientVersion);
    if (cursor !== undefined) {
      const [ts, id] = parseCursor(cursor);
      where.push('(disconnected_at < ? OR (disconnected_at = ? AND id < ?))');
      args.push(ts, ts, id);
    }
    const sql = `SELECT id, disconnected_at, record FROM disconnects ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY disconnected_at DESC, id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, limit + 1) as Row[];
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((r) => JSON.parse(r.record) as DisconnectRecord),
      nextCursor: more && last ? encodeCursor([last.disconnected_at, last.id]) : null,
    };
  }

  summary(from: number, to: number): DisconnectSummary {
    const group = (column: string): Record<string, number> => {
      const rows = this.db
        .prepare(
          `SELECT COALESCE(${column}, 'unknown') AS k, COUNT(*) AS n FROM disconnects
           WHERE disconnected_at >= ? AND disconnected_at < ? GROUP BY k`,
        )
        .all(from, to) as Array<{ k: string; n: number }>;
      return Object.fromEntries(rows.map((r) => [r.k, r.n]));
    };
    const bucketCase = `CASE ${DURATION_BUCKETS.filter(([, b]) => Number.isFinite(b))
      .map(([label, bound]) => `WHEN duration_ms < ${bound} THEN '${label}'`)
      .join(' ')} ELSE '>=1h' END`;
    const errors = (kind: string, key: string): Record<string, number> => {
      const rows = this.db
        .prepare(
          `SELECT ${key} AS k, COUNT(*) AS n FROM errors WHERE kind = ? AND ts >= ? AND ts < ? GROUP BY k`,
        )
        .all(kind, from, to) as Array<{ k: string; n: number }>;
      return Object.fromEntries(rows.map((r) => [r.k, r.n]));
    };
    const total = this.db
      .prepare(
        'SELECT COUNT(*) AS n FROM disconnects WHERE disconnected_at >= ? AND disconnected_at < ?',
      )
      .get(from, to) as { n: number };
    return {
      from,
      to,
      total: total.n,
      byReason: group('reason'),
      byTransport: group('transport'),
      byClientVersion: group('client_version'),
      byDurationBucket: group(bucketCase),
      handshakeErrors: errors('handshake', "code || ' ' || message"),
      connectErrors: errors('connect', "COALESCE(namespace, '/') || ' ' || message"),
    };
  }

  /** Errors of a kind, newest first (for tests and the status page). */
  errors(limit: number): ErrorRecord[] {
    return this.db
      .prepare(
        'SELECT seq, ts, kind, code, namespace, message FROM errors ORDER BY ts DESC LIMIT ?',
      )
      .all(limit) as ErrorRecord[];
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM disconnects').get() as { n: number }).n;
  }
}

/** Throws a CursorError that the API turns into 400 `cursor`. */
export class CursorError extends Error {}

function parseCursor(cursor: string): [number, string] {
  const value = decodeCursor(cursor);
  if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string')
    return [value[0], value[1]];
  throw new CursorError('invalid cursor');
}
