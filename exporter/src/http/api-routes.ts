import type {
  DisconnectRecord,
  DisconnectSummary,
  ExporterStatus,
  Page,
  SessionRecord,
  SessionTimeline,
} from '@sockscope/contracts';
import type { Ingest } from '../state/ingest.js';
import type { LiveSessions } from '../state/live-sessions.js';
import { decodeCursor, encodeCursor } from '../store/cursor.js';
import { CursorError, type DisconnectStore } from '../store/disconnect-store.js';
import { HttpError } from './api-error.js';
import {
  DEFAULT_LIMIT,
  disconnectsQuery,
  noQuery,
  parseQuery,
  sessionId,
  sessionsQuery,
  summaryQuery,
} from './query-params.js';

export interface ApiContext {
  ingest: Ingest;
  live: LiveSessions;
  store: DisconnectStore;
}

const CHAIN_LIMIT = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

export function getStatus(ctx: ApiContext, query: URLSearchParams): ExporterStatus {
  parseQuery(noQuery, query);
  return ctx.ingest.status();
}

export function listSessions(ctx: ApiContext, query: URLSearchParams): Page<SessionRecord> {
  const q = parseQuery(sessionsQuery, query);
  let after = 0;
  if (q.cursor !== undefined) {
    const value = decodeCursor(q.cursor);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
      throw new HttpError(400, 'invalid cursor', 'cursor');
    after = value;
  }
  const limit = q.limit ?? DEFAULT_LIMIT;
  const { items, more } = ctx.live.list(q, limit, after);
  const last = items[items.length - 1];
  return {
    items: items.map((e) => e.session),
    nextCursor: more && last ? encodeCursor(last.ord) : null,
  };
}

export function sessionTimeline(
  ctx: ApiContext,
  id: string,
  query: URLSearchParams,
): SessionTimeline {
  parseQuery(noQuery, query);
  const parsed = sessionId.safeParse(id);
  if (!parsed.success) throw new HttpError(400, 'invalid session id', 'id');
  const live = ctx.live.get(parsed.data);
  const closed = live ? null : ctx.store.getClosed(parsed.data);
  const session = live?.session ?? closed?.record;
  if (!session) throw new HttpError(404, 'no such session', 'id');
  const events = live?.events ?? closed?.events ?? [];
  let chain: SessionRecord[] = [];
  if (session.user !== null) {
    const liveChain = ctx.live
      .ofUser(session.user)
      .map((e) => e.session)
      .sort((a, b) => b.connectedAt - a.connectedAt);
    chain = [...liveChain, ...ctx.store.chain(session.user, CHAIN_LIMIT)]
      .filter((s) => s.id !== session.id)
      .slice(0, CHAIN_LIMIT);
  }
  return { session, events, chain };
}

export function listDisconnects(ctx: ApiContext, query: URLSearchParams): Page<DisconnectRecord> {
  const q = parseQuery(disconnectsQuery, query);
  if (q.from !== undefined && q.to !== undefined && q.from > q.to)
    throw new HttpError(400, 'must not be after to', 'from');
  try {
    return ctx.store.disconnects(q, q.limit ?? DEFAULT_LIMIT, q.cursor);
  } catch (error) {
    if (error instanceof CursorError) throw new HttpError(400, 'invalid cursor', 'cursor');
    throw error;
  }
}

/** Defaults to the last 24 hours. */
export function summary(ctx: ApiContext, query: URLSearchParams): DisconnectSummary {
  const q = parseQuery(summaryQuery, query);
  const to = q.to ?? Date.now() + 1;
  const from = q.from ?? to - DAY_MS;
  if (from > to) throw new HttpError(400, 'must not be after to', 'from');
  return ctx.store.summary(from, to);
}
