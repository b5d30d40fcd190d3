/**
 * The live hub inside the dashboard server: one link per exporter, a sample of every node each
 * tick, the Overview's history, the merged live session table, and the fan-out to browsers.
 */
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { ExporterTarget } from '../exporters/discovery';
import { rate, type NodeSample } from '../metrics/node-sample';
import { createNodeLink, type NodeLink } from './node-link';
import type {
  DashboardBrowserToServer,
  DashboardServerToBrowser,
  LiveChannel,
  NodeTick,
  NodeView,
  OverviewTick,
  SessionRow,
  SessionsDelta,
} from './protocol';
import { toSessionRow } from './session-row';

export type BrowserServer = Server<DashboardBrowserToServer, DashboardServerToBrowser>;

export interface LiveHubOptions {
  io: BrowserServer;
  /** Where the exporters are (called every `discoverIntervalMs`). */
  targets: () => Promise<ExporterTarget[]>;
  logger: Logger;
  /** How often every node is sampled. @default 1000 */
  tickMs?: number;
  /** How much history the Overview keeps live. @default 900000 (15 min) */
  historyMs?: number;
  /** @default 5000 */
  discoverIntervalMs?: number;
  /** How often session changes are sent to browsers. @default 500 */
  flushMs?: number;
}

export interface LiveHub {
  nodes(): NodeView[];
  history(): OverviewTick[];
  sessionRows(): SessionRow[];
  close(): void;
}

const CHANNELS: readonly LiveChannel[] = ['overview', 'sessions', 'disconnects'];

export function createLiveHub(options: LiveHubOptions): LiveHub {
  const { io, logger } = options;
  const tickMs = options.tickMs ?? 1000;
  const historyMs = options.historyMs ?? 900_000;
  const links = new Map<string, NodeLink>();
  const views = new Map<string, NodeView>();
  const lastUsed = new Map<string, NodeSample>();
  const lastTicks = new Map<string, NodeTick>();
  const history: OverviewTick[] = [];
  let pending: SessionsDelta = { resetNodes: [], add: [], remove: [] };
  let pendingDisconnects = 0;
  let closed = false;

  async function discover() {
    let targets: ExporterTarget[];
    try {
      targets = await options.targets();
    } catch (err) {
      logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'exporter discovery failed',
      );
      return;
    }
    const wanted = new Map(targets.map((t) => [t.node, t]));
    for (const [node, link] of links) {
      const t = wanted.get(node);
      if (!t || t.url !== link.target.url || t.token !== link.target.token) {
        link.close();
        links.delete(node);
        queueReset(node);
        if (!t) views.delete(node);
      }
    }
    for (const [node, target] of wanted) {
      if (links.has(node)) continue;
      links.set(
        node,
        createNodeLink({
          target,
          logger,
          onSessions: ({ reset, add, remove }) => {
            if (views.get(node)?.available === false) return;
            if (reset) queueReset(node);
            pending.add.push(...add);
            pending.remove.push(...remove);
          },
          onDisconnects: (count) => {
            pendingDisconnects += count;
          },
          sampleMs: tickMs,
        }),
      );
    }
  }

  function queueReset(node: string) {
    pending.resetNodes.push(node);
    const prefix = `${node}\u0000`;
    pending.add = pending.add.filter((r) => !r[0].startsWith(prefix));
    pending.remove = pending.remove.filter((k) => !k.startsWith(prefix));
  }

  function tick() {
    const t = Date.now();
    const point: OverviewTick = { t, nodes: {} };
    for (const link of links.values()) {
      const node = link.target.node;
      const { latest, previous: prev, ok, ready } = link.sample();
      // A sample older than three intervals means the exporter stopped answering.
      const fresh = latest !== null && ok && t - latest.at < tickMs * 3 + 1000;
      const available = fresh && link.feedConnected();
      const old = views.get(node);
      // Rows of an unavailable node are hidden (they may be stale) and reloaded when it is back.
      if (old?.available && !available) queueReset(node);
      if (old && !old.available && available) link.reload();
      const sample = fresh ? latest : null;
      const targetUp = sample?.targetUp ?? false;
      const state: NodeView['state'] = !available
        ? 'unavailable'
        : ready === 'down' || !targetUp
          ? 'down'
          : ready === false
            ? 'draining'
            : 'ready';
      const pingRtt =
        sample && prev && sample.pingRttCount > prev.pingRttCount
          ? (sample.pingRttSum - prev.pingRttSum) / (sample.pingRttCount - prev.pingRttCount)
          : sample && sample.pingRttCount > 0
            ? sample.pingRttSum / sample.pingRttCount
            : (old?.pingRtt ?? null);
      views.set(node, {
        node,
        state,
        available,
        targetUp,
        connected: sample?.connected ?? 0,
        byTransport: sample?.byTransport ?? {},
        liveSessions: link.status()?.liveSessions ?? link.sessions().size,
        eventLoopP99: sample?.eventLoopP99 ?? null,
        pingRtt,
        lastSeen: latest?.at ?? old?.lastSeen ?? null,
      });
      if (sample) {
        // Rates cover the interval since the sample the previous tick used; without a new
        // sample the previous rates stand (the cumulative counters keep totals exact).
        const used = lastUsed.get(node);
        const lastTick = lastTicks.get(node);
        const nt =
          used && used.at === sample.at && lastTick
            ? { ...lastTick, connected: sample.connected, up: targetUp }
            : nodeTick(used ?? prev ?? undefined, sample, targetUp);
        lastUsed.set(node, sample);
        lastTicks.set(node, nt);
        point.nodes[node] = nt;
      }
    }
    history.push(point);
    while (history.length > 0 && history[0]!.t < t - historyMs) history.shift();
    io.emit('nodes', hubNodes());
    io.to('overview').emit('overview:tick', point);
  }

  function nodeTick(prev: NodeSample | undefined, s: NodeSample, up: boolean): NodeTick {
    const secs = prev ? (s.at - prev.at) / 1000 : 0;
    const byReason: Record<string, number> = {};
    let disconnects = 0;
    for (const [reason, v] of Object.entries(s.disconnectsByReason)) {
      const r = rate(prev?.disconnectsByReason[reason] ?? (prev ? 0 : undefined), v, secs);
      if (r > 0) byReason[reason] = r;
      disconnects += r;
    }
    return {
      up,
      connected: s.connected,
      connectsPerSec: rate(prev?.connections, s.connections, secs),
      disconnectsPerSec: disconnects,
      disconnectsByReason: byReason,
      messagesInPerSec: rate(prev?.eventsIn, s.eventsIn, secs),
      messagesOutPerSec: rate(prev?.eventsOut, s.eventsOut, secs),
      bytesInPerSec: rate(prev?.bytesIn, s.bytesIn, secs),
      bytesOutPerSec: rate(prev?.bytesOut, s.bytesOut, secs),
      handshakeErrorsPerSec: rate(prev?.handshakeErrors, s.handshakeErrors, secs),
      disconnectsCumulative: s.disconnectsByReason,
    };
  }

  function hubNodes(): NodeView[] {
    return [...views.values()].sort((a, b) => a.node.localeCompare(b.node));
  }

  function sessionRows(): SessionRow[] {
    const rows: SessionRow[] = [];
    for (const link of links.values()) {
      if (views.get(link.target.node)?.available === false) continue;
      for (const s of link.sessions().values()) rows.push(toSessionRow(s, link.target.node));
    }
    return rows;
  }

  function flush() {
    if (pending.resetNodes.length || pending.add.length || pending.remove.length) {
      io.to('sessions').emit('sessions:delta', pending);
      pending = { resetNodes: [], add: [], remove: [] };
    }
    if (pendingDisconnects > 0) {
      io.to('disconnects').emit('disconnects:new', pendingDisconnects);
      pendingDisconnects = 0;
    }
  }

  io.on('connection', (socket) => {
    socket.emit('nodes', hubNodes());
    socket.on('subscribe', (channel) => {
      if (!CHANNELS.includes(channel)) return;
      void socket.join(channel);
      if (channel === 'overview') socket.emit('overview:history', history);
      if (channel === 'sessions') socket.emit('sessions:snapshot', sessionRows());
    });
    socket.on('unsubscribe', (channel) => {
      if (CHANNELS.includes(channel)) void socket.leave(channel);
    });
  });

  // Sequential loops (never overlapping), so a slow exporter cannot pile up samples.
  function loop(fn: () => Promise<void> | void, ms: number) {
    let timer: NodeJS.Timeout | null = null;
    const run = async () => {
      if (closed) return;
      try {
        await fn();
      } catch (err) {
        logger.error(
          { err: err instanceof Error ? err.message : String(err) },
          'live hub loop failed',
        );
      }
      if (!closed) timer = setTimeout(run, ms);
    };
    void run();
    return () => {
      if (timer) clearTimeout(timer);
    };
  }

  const stops = [
    loop(discover, options.discoverIntervalMs ?? 2000),
    loop(tick, tickMs),
    loop(flush, options.flushMs ?? 500),
  ];

  return {
    nodes: hubNodes,
    history: () => history,
    sessionRows,
    close() {
      closed = true;
      stops.forEach((s) => s());
      for (const link of links.values()) link.close();
      links.clear();
    },
  };
}

const hubKey = Symbol.for('sockscope.dashboard.live-hub');
type WithHub = typeof globalThis & { [hubKey]?: LiveHub };

/** Makes the hub reachable from route handlers and server components running in this process. */
export function publishHub(hub: LiveHub | undefined): void {
  (globalThis as WithHub)[hubKey] = hub;
}

export function currentHub(): LiveHub | null {
  return (globalThis as WithHub)[hubKey] ?? null;
}
