import type { IncomingMessage } from 'node:http';

/** The parts of an engine.io socket the cap needs. */
interface EngineSocket {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): unknown;
}

export interface AddressCapOptions {
  /** Most engine.io connections one remote address may hold; 0 turns the cap off. @default 0 */
  maxPerAddress: number;
}

export interface AddressCap {
  /** True when a new handshake from `address` fits under the cap. */
  admits(address: string | undefined): boolean;
  /** Counts an engine.io connection until it closes. */
  track(socket: EngineSocket): void;
  /** Open connections of one address (for tests and logs). */
  count(address: string): number;
}

/**
 * Per-address connection cap, checked in allowRequest (before a session exists) and counted
 * on engine.io connections. The handshake admission and the `connection` event run in the
 * same tick, so a burst of handshakes cannot overshoot the cap.
 */
export function createAddressCap({ maxPerAddress }: AddressCapOptions): AddressCap {
  const open = new Map<string, number>();
  return {
    admits(address) {
      if (maxPerAddress === 0 || address === undefined) return true;
      return (open.get(address) ?? 0) < maxPerAddress;
    },
    track(socket) {
      if (maxPerAddress === 0) return;
      const address = socket.request.socket.remoteAddress;
      if (address === undefined) return;
      open.set(address, (open.get(address) ?? 0) + 1);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left <= 0) open.delete(address);
        else open.set(address, left);
      });
    },
    count(address) {
      return open.get(address) ?? 0;
    },
  };
}
