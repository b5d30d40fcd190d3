import type { DisconnectRecord, DisconnectSummary, SessionRecord } from '@sockscope/contracts';
import type { DiagnosisInput, NodeInput } from '../../src/types.js';

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

let counter = 0;

/** A session record with sensible defaults (a websocket session of `user` on `node`). */
export function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
  counter++;
  return {
    id: `s${counter}`,
    engineId: `node.e${counter}`,
    user: `u${counter}`,
    node: 'node-1',
    namespace: '/',
    transport: 'websocket',
    upgrades: ['polling', 'websocket'],
    remoteAddress: '10.0.0.1',
    userAgent: 'node-XMLHttpRequest',
    clientProtocol: 4,
    clientVersion: '1.0.0',
    connectedAt: T0,
    rooms: [],
    packetsIn: 1,
    packetsOut: 1,
    bytesIn: 10,
    bytesOut: 10,
    recovered: false,
    lastDisconnect: null,
    disconnectedAt: null,
    reason: null,
    description: null,
    durationMs: null,
    ...overrides,
  };
}

/** A closed session: connected at `connectedAt`, lasted `durationMs`, ended with `reason`. */
export function closed(
  reason: string,
  durationMs: number,
  overrides: Partial<SessionRecord> = {},
): DisconnectRecord {
  const base = session(overrides);
  return {
    ...base,
    reason,
    durationMs,
    disconnectedAt: base.connectedAt + durationMs,
    description: overrides.description ?? null,
  };
}

export function summary(overrides: Partial<DisconnectSummary> = {}): DisconnectSummary {
  return {
    from: T0,
    to: T0 + 3_600_000,
    total: 0,
    byReason: {},
    byTransport: {},
    byClientVersion: {},
    byDurationBucket: {},
    handshakeErrors: {},
    connectErrors: {},
    ...overrides,
  };
}

export function nodeInput(node: string, overrides: Partial<NodeInput> = {}): NodeInput {
  return {
    node,
    status: { node, targetUp: true, instance: 'i', lastSeq: 1, liveSessions: 0 },
    disconnects: [],
    liveSessions: [],
    summary: summary(),
    metrics: {
      scope: 'window',
      eventsOut: {},
      eventLoopDelayMaxSeconds: 0.01,
      clientReportedDisconnects: {},
    },
    ...overrides,
  };
}

export function input(nodes: NodeInput[]): DiagnosisInput {
  return { from: T0 - 60_000, to: T0 + 3_600_000, nodes };
}

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
