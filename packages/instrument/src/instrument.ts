import { randomUUID } from 'node:crypto';
import type { Server } from 'socket.io';
import type { CounterState, Hello, SessionRecord } from '@sockscope/contracts';
import { HealthSampler } from './health-sampler.js';
import { resolveInstrumentOptions, type InstrumentOptions } from './instrument-options.js';
import { hookServer } from './io-hooks.js';
import { Recorder } from './recorder.js';
import { SidecarServer } from './sidecar-server.js';
import { versionsOf } from './versions.js';

export interface InstrumentState {
  hello: Hello;
  /** The highest sequence number assigned. */
  seq: number;
  /** The oldest sequence number still buffered for resuming sidecars. */
  oldestSeq: number;
  sessions: SessionRecord[];
  state: CounterState;
  /** Sidecars connected right now. */
  sidecars: number;
}

export interface InstrumentHandle {
  /** Random id of this instrumented process (`Hello.instance`). */
  readonly instance: string;
  /** Everything recorded so far (a copy). */
  state(): InstrumentState;
  /** Reported to the sidecar as `health.draining` (e.g. while a node drains on SIGTERM). */
  setDraining(draining: boolean): void;
  /** Sends pending events to the sidecars now instead of at the next interval. */
  flush(): void;
  /** Unhooks everything and closes the sidecar namespace. Idempotent. */
  close(): void;
}

/** Any Socket.IO server, whatever its event typings. */
type AnyServer = Pick<Server, 'of' | 'on' | 'off' | '_nsps'>;

/**
 * Records a Socket.IO server's sessions, disconnects and wire counters, and serves them,
 * batched, to the exporter sidecar on a token-protected namespace (default `/sockscope`).
 *
 * @example
 * const io = new Server(httpServer);
 * const sockscope = instrument(io, { token: process.env.SOCKSCOPE_TOKEN, node: 'node-1' });
 */
export function instrument(server: AnyServer, options: InstrumentOptions): InstrumentHandle {
  const resolved = resolveInstrumentOptions(options);
  const io = server as Server;
  if (io._nsps.has(resolved.namespace)) {
    throw new Error(
      `instrument(io, options): namespace ${resolved.namespace} is already in use; pass another one as options.namespace`,
    );
  }
  const instance = randomUUID();
  const startedAt = Date.now();
  const health = new HealthSampler(resolved.adapterHealth);
  const recorder = new Recorder(resolved);
  const unhook = hookServer(io, recorder, resolved.namespace);
  const hello = (): Hello => ({
    node: resolved.node,
    instance,
    startedAt,
    versions: versionsOf(io.of('/').adapter.constructor.name),
    namespaces: [...io._nsps.keys()].filter((name) => name !== resolved.namespace),
  });
  const sidecars = new SidecarServer(io, recorder, health, resolved, hello);
  let closed = false;

  return {
    instance,
    state: () => ({
      hello: hello(),
      seq: recorder.log.seq,
      oldestSeq: recorder.log.oldest,
      sessions: recorder.sessionRecords(),
      state: recorder.store.state(health.current),
      sidecars: sidecars.sidecars,
    }),
    setDraining: (draining) => {
      health.draining = draining;
    },
    flush: () => sidecars.tick(),
    close: () => {
      if (closed) return;
      closed = true;
      sidecars.close();
      unhook();
      health.close();
    },
  };
}
