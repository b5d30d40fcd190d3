import type { SessionRecord, Transport } from '@sockscope/contracts';

/** The parts of admin-ui's `SerializedSocket` the exporter reads (everything else ignored). */
export interface AdminUiSocket {
  id: string;
  clientId?: string;
  transport?: string;
  nsp: string;
  data?: Record<string, unknown>;
  handshake?: {
    address?: string;
    headers?: Record<string, unknown>;
    query?: Record<string, unknown>;
    issued?: number;
  };
  rooms?: string[];
}

export function isAdminUiSocket(value: unknown): value is AdminUiSocket {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.nsp === 'string';
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function transportOf(value: unknown): Transport {
  return value === 'polling' || value === 'websocket' || value === 'webtransport'
    ? value
    : 'polling';
}

/** Maps admin-ui's view of a socket onto a SessionRecord (counters unknown there stay 0). */
export function toSession(s: AdminUiSocket, node: string, at: number): SessionRecord {
  const data = s.data ?? {};
  const headers = s.handshake?.headers ?? {};
  const query = s.handshake?.query ?? {};
  const user = str(data.userId) ?? str(data.user) ?? str(data.sub);
  const eio = Number(query.EIO);
  const transport = transportOf(s.transport);
  const issued = typeof s.handshake?.issued === 'number' ? s.handshake.issued : at;
  return {
    id: s.id,
    engineId: s.clientId ?? '',
    user,
    node,
    namespace: s.nsp,
    transport,
    upgrades: [transport],
    remoteAddress: str(s.handshake?.address) ?? '',
    userAgent: str(headers['user-agent']),
    clientProtocol: Number.isFinite(eio) ? eio : null,
    clientVersion: str(query.clientVersion),
    connectedAt: issued,
    rooms: (s.rooms ?? []).filter((r) => r !== s.id),
    packetsIn: 0,
    packetsOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    recovered: false,
    lastDisconnect: null,
    disconnectedAt: null,
    reason: null,
    description: null,
    durationMs: null,
  };
}
