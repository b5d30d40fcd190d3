import type { ClientLastDisconnect, SessionRecord, Transport } from '@sockscope/contracts';
import type { NamespaceEvents } from './event-names.js';

export interface SessionInit {
  id: string;
  engineId: string;
  user: string | null;
  node: string;
  namespace: string;
  transport: Transport;
  remoteAddress: string;
  userAgent: string | null;
  clientProtocol: number | null;
  clientVersion: string | null;
  connectedAt: number;
  rooms: Iterable<string>;
  recovered: boolean;
  lastDisconnect: (ClientLastDisconnect & { gapMs: number }) | null;
  events: NamespaceEvents;
}

/** A live Socket.IO session; its wire counters move on the hot path, records are copies. */
export class SessionState {
  readonly id: string;
  readonly engineId: string;
  user: string | null;
  readonly node: string;
  readonly namespace: string;
  transport: Transport;
  readonly upgrades: Transport[];
  readonly remoteAddress: string;
  readonly userAgent: string | null;
  readonly clientProtocol: number | null;
  readonly clientVersion: string | null;
  readonly connectedAt: number;
  readonly rooms: Set<string>;
  readonly recovered: boolean;
  readonly lastDisconnect: (ClientLastDisconnect & { gapMs: number }) | null;
  readonly events: NamespaceEvents;
  packetsIn = 0;
  packetsOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  disconnectedAt: number | null = null;
  reason: string | null = null;
  description: string | null = null;
  /** Set once Socket.IO starts closing it: room changes after that are its teardown. */
  closing = false;
  /** Rooms changed since the last batch. */
  roomsDirty = false;

  constructor(init: SessionInit) {
    this.id = init.id;
    this.engineId = init.engineId;
    this.user = init.user;
    this.node = init.node;
    this.namespace = init.namespace;
    this.transport = init.transport;
    this.upgrades = [init.transport];
    this.remoteAddress = init.remoteAddress;
    this.userAgent = init.userAgent;
    this.clientProtocol = init.clientProtocol;
    this.clientVersion = init.clientVersion;
    this.connectedAt = init.connectedAt;
    this.rooms = new Set();
    for (const room of init.rooms) if (room !== init.id) this.rooms.add(room);
    this.recovered = init.recovered;
    this.lastDisconnect = init.lastDisconnect;
    this.events = init.events;
  }

  toRecord(): SessionRecord {
    return {
      id: this.id,
      engineId: this.engineId,
      user: this.user,
      node: this.node,
      namespace: this.namespace,
      transport: this.transport,
      upgrades: [...this.upgrades],
      remoteAddress: this.remoteAddress,
      userAgent: this.userAgent,
      clientProtocol: this.clientProtocol,
      clientVersion: this.clientVersion,
      connectedAt: this.connectedAt,
      rooms: [...this.rooms],
      packetsIn: this.packetsIn,
      packetsOut: this.packetsOut,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      recovered: this.recovered,
      lastDisconnect: this.lastDisconnect === null ? null : { ...this.lastDisconnect },
      disconnectedAt: this.disconnectedAt,
      reason: this.reason,
      description: this.description,
      durationMs: this.disconnectedAt === null ? null : this.disconnectedAt - this.connectedAt,
    };
  }
}
