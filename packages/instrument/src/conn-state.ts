import type { Socket } from 'socket.io';
import type { SessionState } from './session-state.js';

/** An engine.io connection, as Socket.IO exposes it. */
export type EngineSocket = Socket['conn'];

/** engine.io's connection id (public at runtime, private in its typings). */
export function engineIdOf(conn: EngineSocket): string {
  return (conn as unknown as { id: string }).id;
}

/** What the meter keeps per engine.io connection (one per client, shared by its namespaces). */
export class ConnState {
  /** A sidecar's connection: left out of every counter. */
  excluded: boolean;
  transport: string;
  /** The session of the main namespace `/`, looked up without parsing. */
  root: SessionState | null = null;
  /** Sessions of other namespaces on this connection (few: compared in place). */
  readonly others: SessionState[] = [];
  /** Session of the last Socket.IO packet: binary attachments that follow belong to it. */
  last: SessionState | null = null;
  /** `performance.now()` when the server's last ping was created; 0 when none is pending. */
  pingSentAt = 0;
  /** The last ping round trip in milliseconds. */
  lastRttMs: number | null = null;

  constructor(
    readonly id: string,
    transport: string,
    excluded: boolean,
  ) {
    this.transport = transport;
    this.excluded = excluded;
  }

  add(session: SessionState): void {
    if (session.namespace === '/') this.root = session;
    else this.others.push(session);
  }

  remove(session: SessionState): void {
    if (this.root === session) this.root = null;
    const index = this.others.indexOf(session);
    if (index !== -1) this.others.splice(index, 1);
    if (this.last === session) this.last = null;
  }

  sessions(): SessionState[] {
    return this.root === null ? [...this.others] : [this.root, ...this.others];
  }
}
