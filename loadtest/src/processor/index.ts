/**
 * The Artillery processor: functions a scenario's flow calls (`- function: sockscopeConnect`).
 * Each VU drives its own measured socket.io-client socket; it replaces the engine's socket in
 * `context.sockets['']`, so a VU holds one connection and YAML `emit` steps use the measured one.
 */
import type { Socket } from 'socket.io-client';
import type { ArtilleryContext, ArtilleryEvents, Done, ProcessorFunction } from './artillery-types.js';
import { ABUSE_KINDS, tryAbuse } from './auth-abuse.js';
import { adoptEngineSocket, installEngineSocketMinting, newUserId, signingConfig } from './engine-socket.js';
import { mintToken } from './mint-token.js';
import { delay, VuSession, type AppSocket } from './vu-session.js';
import { readVuVars, transportsOf } from './vu-vars.js';

const sessions = new WeakMap<ArtilleryContext, VuSession>();
const rooms = new WeakMap<ArtilleryContext, string>();
let fanoutPublisher = false;

installEngineSocketMinting();

function targetOf(context: ArtilleryContext): string {
  const target = process.env['SOCKSCOPE_TARGET'] ?? context.vars['target'];
  if (typeof target !== 'string' || !target) throw new Error('no target: set config.target or SOCKSCOPE_TARGET');
  return target;
}

function session(context: ArtilleryContext): VuSession {
  const s = sessions.get(context);
  if (!s) throw new Error('sockscopeConnect must run before this step');
  return s;
}

/**
 * A VU's room, picked at random: VU numbers and the entry's round-robin both count up, so
 * `vu % rooms` would put each room's members all on one node and hide cross-node delivery.
 */
function roomOf(context: ArtilleryContext): string {
  let room = rooms.get(context);
  if (!room) {
    const vars = readVuVars(context);
    room = `${vars.roomPrefix}-${Math.floor(Math.random() * vars.rooms)}`;
    rooms.set(context, room);
  }
  return room;
}

/** Adapts an async step to Artillery's callback style; errors fail the VU with a named error. */
function step(body: (context: ArtilleryContext, events: ArtilleryEvents) => Promise<void>): ProcessorFunction {
  return (context, events, done: Done) => {
    body(context, events).then(
      () => done(),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
  };
}

export const sockscopeConnect = step(async (context, events) => {
  const vars = readVuVars(context);
  // The usual case: the engine's socket connected with a token minted for this VU.
  const engineSocket = context.sockets?.[''] as Socket | undefined;
  const timing = engineSocket?.connected ? adoptEngineSocket(engineSocket) : undefined;
  if (engineSocket && timing) {
    // Artillery's HTTP cookie jar, made for every VU; a socketio VU never sends a request.
    context._jar = undefined;
    const vu = new VuSession({ target: targetOf(context), userId: timing.userId, token: '', socket: engineSocket as AppSocket }, events);
    vu.adopted(timing.connectedAt === null ? null : timing.connectedAt - timing.startedAt);
    sessions.set(context, vu);
    return;
  }
  // A scenario without the mint sentinel: open a measured socket of our own.
  const userId = newUserId();
  const token = await mintToken(signingConfig(), userId);
  const vu = new VuSession({ target: targetOf(context), userId, token, transports: transportsOf(vars) }, events);
  sessions.set(context, vu);
  await vu.connect();
  // One connection per VU: the measured socket takes the engine's place.
  if (context.sockets) {
    context.sockets['']?.disconnect();
    context.sockets[''] = vu.socket;
  }
});

export const sockscopeJoin = step(async (context) => {
  await session(context).join(roomOf(context));
});

export const sockscopePublish = step(async (context) => {
  const vars = readVuVars(context);
  await session(context).publish(roomOf(context), 'x'.repeat(vars.padBytes));
});

/** Publishes `publishes` messages every `publishIntervalMs` while receiving the room's traffic. */
export const sockscopePublishLoop = step(async (context) => {
  const vars = readVuVars(context);
  const vu = session(context);
  const pad = 'x'.repeat(vars.padBytes);
  for (let i = 0; i < vars.publishes; i += 1) {
    const started = Date.now();
    if (vu.socket.connected) await vu.publish(roomOf(context), pad);
    await delay(Math.max(0, vars.publishIntervalMs - (Date.now() - started)));
  }
});

/**
 * Stays connected `holdSeconds` (receiving, reconnecting if dropped). A bare timer rather than an
 * async step: every holding VU would otherwise keep a promise chain and a suspended frame.
 */
export const sockscopeHold: ProcessorFunction = (context, _events, done) => {
  setTimeout(done, readVuVars(context).holdSeconds * 1000);
};

/**
 * Fan-out: the first VU of each worker publishes into the one big room for `holdSeconds`; every
 * other VU only receives.
 */
export const sockscopeFanout = step(async (context) => {
  const vars = readVuVars(context);
  const vu = session(context);
  const room = `${vars.roomPrefix}-fanout`;
  await vu.join(room);
  if (fanoutPublisher) {
    await delay(vars.holdSeconds * 1000);
    return;
  }
  fanoutPublisher = true;
  try {
    const until = Date.now() + vars.holdSeconds * 1000;
    while (Date.now() < until) {
      const started = Date.now();
      if (vu.socket.connected) await vu.publish(room, 'x'.repeat(vars.padBytes));
      await delay(Math.max(0, vars.publishIntervalMs - (Date.now() - started)));
    }
  } finally {
    fanoutPublisher = false;
  }
});

/** Waits for a pending reconnection and in-flight messages, reports loss, closes. */
export const sockscopeFinish = step(async (context) => {
  const vu = session(context);
  await vu.settle(readVuVars(context).settleMs);
  vu.finish();
  sessions.delete(context);
});

/** Presents every kind of bad credential; each must be refused. */
export const sockscopeAuthAbuse = step(async (context, events) => {
  const target = targetOf(context);
  const user = newUserId('abuse');
  for (const kind of ABUSE_KINDS) await tryAbuse(target, kind, signingConfig(), user, events);
});
