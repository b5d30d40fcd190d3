import type { SessionRecord } from '@sockscope/contracts';
import type { SessionRow } from './protocol';

export function sessionKey(node: string, id: string): string {
  return `${node}\u0000${id}`;
}

export function toSessionRow(s: SessionRecord, node: string): SessionRow {
  return [
    sessionKey(node, s.id),
    s.id,
    node,
    s.user,
    s.transport,
    s.namespace,
    s.rooms,
    s.connectedAt,
    s.clientVersion,
  ];
}
