import type { Namespace, Server, Socket } from 'socket.io';
import { hookBroadcasts, type BroadcastingAdapter } from './broadcast-hooks.js';
import type { EngineSocket } from './conn-state.js';
import type { EngineConnectionError, Recorder } from './recorder.js';

type Next = (err?: Error) => void;

/** Socket.IO runs a namespace's middlewares through this (not in its public typings). */
interface MiddlewareRunner {
  run(socket: Socket, fn: Next): void;
}

interface EngineWithClients {
  clients?: Record<string, EngineSocket>;
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
}

type Dispose = () => void;

/**
 * Hooks the recorder into a Socket.IO server through its events, plus one contained patch:
 * each namespace's `run` (the middleware runner) is wrapped, so a rejection is seen whatever
 * the order in which middlewares were registered, before or after `instrument()`.
 */
export function hookServer(io: Server, recorder: Recorder, ownNamespace: string): Dispose {
  const disposers: Dispose[] = [recorder.tap.attach(io), () => recorder.detachClients()];

  const hookEngine = (engine: EngineWithClients): void => {
    for (const conn of Object.values(engine.clients ?? {})) recorder.attachConnection(conn, false);
    const onConnection = (conn: EngineSocket): void => {
      recorder.attachConnection(conn);
    };
    const onError = (error: EngineConnectionError): void => recorder.handshakeError(error);
    engine.on('connection', onConnection);
    engine.on('connection_error', onError);
    disposers.push(() => {
      engine.off('connection', onConnection);
      engine.off('connection_error', onError);
    });
  };

  const engine = (io as unknown as { engine?: EngineWithClients }).engine;
  if (engine !== undefined) {
    hookEngine(engine);
  } else {
    // Not attached to an HTTP server yet: hook the engine when Socket.IO binds one.
    const patched = io as unknown as { bind: (engine: EngineWithClients) => Server };
    const bind = patched.bind;
    patched.bind = function (this: Server, next: EngineWithClients): Server {
      const result = bind.call(this, next);
      hookEngine(next);
      return result;
    };
    disposers.push(() => {
      patched.bind = bind;
    });
  }

  const hooked = new Set<Namespace>();
  const hookNamespace = (nsp: Namespace): void => {
    if (nsp.name === ownNamespace || hooked.has(nsp)) return;
    hooked.add(nsp);
    disposers.push(hookAdapterOf(nsp, recorder), hookMiddlewares(nsp, recorder));
    const onConnect = (socket: Socket): void => recorder.socketConnected(socket);
    // First in line, so a handler that disconnects the socket at once is still seen connecting.
    nsp.prependListener('connect', onConnect);
    disposers.push(() => nsp.off('connect', onConnect));
    for (const socket of nsp.sockets.values()) recorder.socketConnected(socket);
  };

  for (const nsp of io._nsps.values()) hookNamespace(nsp);
  const onNewNamespace = (nsp: Namespace): void => hookNamespace(nsp);
  io.on('new_namespace', onNewNamespace);
  disposers.push(() => io.off('new_namespace', onNewNamespace));

  return () => {
    for (const dispose of disposers.splice(0).reverse()) dispose();
  };
}

function hookMiddlewares(nsp: Namespace, recorder: Recorder): Dispose {
  const runner = nsp as unknown as MiddlewareRunner;
  const hadOwn = Object.prototype.hasOwnProperty.call(runner, 'run');
  const run = runner.run;
  runner.run = function (this: MiddlewareRunner, socket: Socket, fn: Next): void {
    recorder.attachClient(socket);
    run.call(this, socket, (err?: Error) => {
      if (err) recorder.middlewareRejected(socket, err);
      fn(err);
    });
  };
  return () => {
    if (hadOwn) runner.run = run;
    else delete (runner as Partial<MiddlewareRunner>).run;
  };
}

/**
 * Rooms come from the adapter's events, broadcasts from its broadcast steps; an adapter
 * swapped later is hooked on next connect.
 */
function hookAdapterOf(nsp: Namespace, recorder: Recorder): Dispose {
  let adapter: Namespace['adapter'] | null = null;
  let unhookBroadcasts: Dispose | null = null;
  const onJoin = (room: string, id: string): void => recorder.roomJoined(room, id);
  const onLeave = (room: string, id: string): void => recorder.roomLeft(room, id);
  const sessionOf = (id: string) => recorder.session(id);
  const detach = (): void => {
    adapter?.off('join-room', onJoin);
    adapter?.off('leave-room', onLeave);
    unhookBroadcasts?.();
    unhookBroadcasts = null;
    adapter = null;
  };
  const attach = (): void => {
    if (adapter === nsp.adapter) return;
    detach();
    adapter = nsp.adapter;
    adapter.on('join-room', onJoin);
    adapter.on('leave-room', onLeave);
    unhookBroadcasts = hookBroadcasts(
      adapter as unknown as BroadcastingAdapter,
      recorder.store.eventsOf(nsp.name),
      recorder.meter,
      sessionOf,
    );
  };
  attach();
  nsp.prependListener('connect', attach);
  return () => {
    nsp.off('connect', attach);
    detach();
  };
}
