import type { DisconnectRecord, SessionRecord } from '@sockscope/contracts';
import type {
  DiagnoseOptions,
  DiagnosisContext,
  DiagnosisInput,
  ResolvedDiagnoseOptions,
} from './types.js';

export const DEFAULT_DIAGNOSE_OPTIONS: ResolvedDiagnoseOptions = {
  pingIntervalMs: 25_000,
  pingTimeoutMs: 20_000,
  minConfidence: 0.3,
};

/** Indexes every detector needs, built once per diagnosis. */
export function buildContext(
  input: DiagnosisInput,
  options: DiagnoseOptions = {},
): DiagnosisContext {
  const disconnects: DisconnectRecord[] = [];
  const sessions: SessionRecord[] = [];
  const byId = new Map<string, SessionRecord>();
  for (const node of input.nodes) {
    for (const record of node.disconnects) {
      if (record.disconnectedAt < input.from || record.disconnectedAt > input.to) continue;
      if (byId.has(record.id)) continue;
      disconnects.push(record);
      sessions.push(record);
      byId.set(record.id, record);
    }
  }
  for (const node of input.nodes) {
    for (const live of node.liveSessions) {
      if (live.connectedAt > input.to || byId.has(live.id)) continue;
      sessions.push(live);
    }
  }
  return {
    input,
    options: { ...DEFAULT_DIAGNOSE_OPTIONS, ...stripUndefined(options) },
    disconnects,
    sessions,
    byId,
  };
}

function stripUndefined(options: DiagnoseOptions): DiagnoseOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** The exporter's summary keys handshake errors as `<code> <message>`: the code. */
export const handshakeCodeOf = (key: string): string => key.split(' ')[0] ?? key;

/** The exporter's summary keys connect errors as `<namespace> <message>`: the message. */
export const connectReasonOf = (key: string): string =>
  key.startsWith('/') && key.includes(' ') ? key.slice(key.indexOf(' ') + 1) : key;

/**
 * Sums a per-node record (e.g. summary handshake errors) over nodes, with its keys mapped by
 * `keyOf`; also per node.
 */
export function sumOverNodes(
  input: DiagnosisInput,
  pick: (node: DiagnosisInput['nodes'][number]) => Record<string, number> | undefined,
  keyOf: (key: string) => string = (k) => k,
): { total: Record<string, number>; byNode: Map<string, Record<string, number>> } {
  const total: Record<string, number> = {};
  const byNode = new Map<string, Record<string, number>>();
  for (const node of input.nodes) {
    const values = pick(node);
    if (!values) continue;
    const mapped: Record<string, number> = {};
    for (const [key, count] of Object.entries(values)) {
      const k = keyOf(key);
      mapped[k] = (mapped[k] ?? 0) + count;
      total[k] = (total[k] ?? 0) + count;
    }
    byNode.set(node.node, mapped);
  }
  return { total, byNode };
}

/** `Session ID unknown` handshake errors in the window, all nodes. */
export function sessionIdUnknownErrors(input: DiagnosisInput): number {
  return sumOverNodes(input, (n) => n.summary?.handshakeErrors, handshakeCodeOf).total['1'] ?? 0;
}
