import type { EngineSocket } from './conn-state.js';

interface PingTimer {
  _onTimeout?: unknown;
}

interface PingingEngineSocket {
  protocol?: number;
  /** engine.io ≥ 6.6: the timer that sends each server ping (re-armed on every pong). */
  pingIntervalTimer?: PingTimer | null;
  on(event: 'packetCreate', listener: (packet: { type: string }) => void): unknown;
}

/**
 * Calls `onPing` as the server sends each ping on `conn`, without a per-packet hook: engine.io
 * sends pings from one timer per connection, so its callback is wrapped once. An engine.io
 * without that timer gets a `packetCreate` listener instead. Protocol 3 clients ping the
 * server themselves: nothing to watch.
 */
export function watchPings(conn: EngineSocket, onPing: () => void): void {
  const engine = conn as unknown as PingingEngineSocket;
  if (engine.protocol === 3) return;
  const timer = engine.pingIntervalTimer;
  if (timer !== null && timer !== undefined && typeof timer._onTimeout === 'function') {
    const fire = timer._onTimeout as (this: unknown, ...args: unknown[]) => unknown;
    timer._onTimeout = function (this: unknown, ...args: unknown[]): unknown {
      onPing();
      return fire.apply(this, args);
    };
    return;
  }
  engine.on('packetCreate', (packet) => {
    if (packet.type === 'ping') onPing();
  });
}
