/**
 * The dashboard server's link to one exporter: its live feed (Socket.IO `/feed`), its live
 * session table, and a periodic `/metrics` sample. It reports changes through callbacks and
 * never throws: an unreachable exporter simply makes the node unavailable.
 */
import type {
  ExporterStatus,
  FeedEvents,
  LifecycleEvent,
  SessionRecord,
} from '@sockscope/contracts';
import type { Logger } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import type { ExporterTarget } from '../exporters/discovery';
import { createExporterClient, type ExporterClient } from '../exporters/exporter-client';
import { nodeSample, type NodeSample } from '../metrics/node-sample';
import { parsePrometheusText } from '../metrics/parse-prometheus';
import type { SessionRow } from './protocol';
import { sessionKey, toSessionRow } from './session-row';

export interface NodeLinkOptions {
  target: ExporterTarget;
  logger: Logger;
  /** Rows added/removed; `reset` drops every row of this node first. */
  onSessions: (change: { reset: boolean; add: SessionRow[]; remove: string[] }) => void;
  /** Disconnect events seen on the feed. */
  onDisconnects: (count: number) => void;
  /** Page size when loading live sessions. @default 1000 */
  pageSize?: number;
  /** How often `/metrics` and the node's `/readyz` are sampled. @default 1000 */
  sampleMs?: number;
}

export interface LinkSample {
  /** The latest good `/metrics` sample, and the one before it (for rates). */
  latest: NodeSample | null;
  previous: NodeSample | null;
  /** Whether the last attempt answered. */
  ok: boolean;
  ready: boolean | 'down' | null;
}

export interface NodeLink {
  readonly target: ExporterTarget;
  readonly client: ExporterClient;
  feedConnected(): boolean;
  status(): ExporterStatus | null;
  sessions(): ReadonlyMap<string, SessionRecord>;
  /** Reloads the live session table from the API (after the node was unavailable). */
  reload(): void;
  /** The latest samples, taken on this link's own loop so a hung exporter delays no other node. */
  sample(): LinkSample;
  close(): void;
}

type Feed = Socket<FeedEvents, Record<string, never>>;

export function createNodeLink(options: NodeLinkOptions): NodeLink {
  const { target, logger } = options;
  const node = target.node;
  const pageSize = options.pageSize ?? 1000;
  const client = createExporterClient({ target });
  const sessions = new Map<string, SessionRecord>();
  let status: ExporterStatus | null = null;
  let loading = false;
  let buffered: LifecycleEvent[] = [];
  let closed = false;
  let loadGeneration = 0;

  const feed: Feed = connect(`${target.url}/feed`, {
    auth: { token: target.token },
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 2000,
    randomizationFactor: 0.3,
  });

  function apply(events: readonly LifecycleEvent[], add: SessionRow[], remove: string[]): number {
    let disconnects = 0;
    for (const e of events) {
      switch (e.type) {
        case 'connect':
          sessions.set(e.session.id, e.session);
          add.push(toSessionRow(e.session, node));
          break;
        case 'disconnect':
          disconnects += 1;
          if (sessions.delete(e.id)) remove.push(sessionKey(node, e.id));
          break;
        case 'upgrade': {
          const s = sessions.get(e.id);
          if (s) {
            s.transport = e.transport;
            add.push(toSessionRow(s, node));
          }
          break;
        }
        case 'rooms': {
          const s = sessions.get(e.id);
          if (s) {
            s.rooms = e.rooms;
            add.push(toSessionRow(s, node));
          }
          break;
        }
        case 'gap':
          // Events were lost between instrument and exporter: reload the table.
          void load();
          break;
        default:
      }
    }
    return disconnects;
  }

  async function load(): Promise<void> {
    const generation = ++loadGeneration;
    loading = true;
    buffered = [];
    try {
      const fresh = new Map<string, SessionRecord>();
      let cursor: string | null = null;
      do {
        const page = await client.sessions({ limit: pageSize, cursor });
        for (const s of page.items) fresh.set(s.id, s);
        cursor = page.nextCursor;
      } while (cursor && !closed && generation === loadGeneration);
      if (closed || generation !== loadGeneration) return;
      sessions.clear();
      for (const [id, s] of fresh) sessions.set(id, s);
      const add = [...sessions.values()].map((s) => toSessionRow(s, node));
      const remove: string[] = [];
      // Events that arrived while loading are applied again: connect/disconnect are idempotent.
      apply(buffered, add, remove);
      options.onSessions({ reset: true, add: add.filter((r) => sessions.has(r[1])), remove });
    } catch (err) {
      logger.warn(
        { node, err: err instanceof Error ? err.message : String(err) },
        'loading live sessions failed',
      );
      if (generation === loadGeneration) dropAll();
    } finally {
      if (generation === loadGeneration) {
        loading = false;
        buffered = [];
      }
    }
  }

  function dropAll() {
    if (sessions.size === 0) return;
    sessions.clear();
    options.onSessions({ reset: true, add: [], remove: [] });
  }

  feed.on('connect', () => {
    logger.info({ node }, 'exporter feed connected');
    void load();
  });
  feed.on('disconnect', (reason) => {
    logger.warn({ node, reason }, 'exporter feed disconnected');
    status = null;
    loadGeneration += 1;
    loading = false;
    dropAll();
  });
  feed.on('connect_error', (err) => {
    logger.debug({ node, err: err.message }, 'exporter feed connect error');
  });
  feed.on('status', (s) => {
    status = s;
  });
  feed.on('events', (events) => {
    if (!Array.isArray(events)) return;
    if (loading) buffered.push(...events);
    const add: SessionRow[] = [];
    const remove: string[] = [];
    const disconnects = apply(events, add, remove);
    if (add.length || remove.length) options.onSessions({ reset: false, add, remove });
    if (disconnects) options.onDisconnects(disconnects);
  });

  const current: LinkSample = { latest: null, previous: null, ok: false, ready: null };
  const sampleMs = options.sampleMs ?? 1000;
  let timer: NodeJS.Timeout | null = null;

  async function nodeReady(): Promise<boolean | 'down' | null> {
    if (!target.nodeUrl) return null;
    try {
      const res = await fetch(`${target.nodeUrl}/readyz`, { signal: AbortSignal.timeout(1500) });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return 'down';
    }
  }

  async function sampleLoop() {
    const started = Date.now();
    const [text, ready] = await Promise.all([client.metrics().catch(() => null), nodeReady()]);
    if (closed) return;
    current.ready = ready;
    current.ok = text !== null;
    if (text !== null) {
      current.previous = current.latest;
      current.latest = nodeSample(parsePrometheusText(text), Date.now());
    }
    timer = setTimeout(() => void sampleLoop(), Math.max(50, sampleMs - (Date.now() - started)));
  }
  void sampleLoop();

  return {
    target,
    client,
    feedConnected: () => feed.connected,
    status: () => status,
    sessions: () => sessions,
    sample: () => current,
    reload: () => void load(),
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      feed.close();
    },
  };
}
