import type { EventEmitter } from 'node:events';
import type { EngineSocket } from './conn-state.js';

type MessageListener = (data: unknown) => void;

/**
 * Runs `onMessage` on each engine.io message of `conn`, just before Socket.IO's own `data`
 * listener, by wrapping that listener rather than adding a second one: with two listeners,
 * every emit copies its listener list. The wrapper carries `.listener`, as `once` wrappers do,
 * so removing Socket.IO's listener removes it.
 */
export function tapMessages(conn: EngineSocket, onMessage: MessageListener): void {
  const emitter = conn as unknown as EventEmitter;
  const listeners = emitter.listeners('data') as MessageListener[];
  const original = listeners[0];
  if (listeners.length !== 1 || original === undefined) {
    emitter.prependListener('data', onMessage);
    return;
  }
  const tapped = (data: unknown): void => {
    onMessage(data);
    original(data);
  };
  emitter.removeListener('data', original);
  emitter.prependListener('data', Object.assign(tapped, { listener: original }));
}
