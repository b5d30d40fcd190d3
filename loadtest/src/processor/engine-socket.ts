/**
 * Makes Artillery's own socket the VU's measured one, so a VU holds exactly one connection.
 *
 * The socketio engine opens each VU's socket before the first flow step, from the YAML
 * `config.socketio` options, where no code can run. A scenario therefore sets
 * `auth: { token: "sockscope:mint" }`; this module (loaded with the processor, in the same
 * worker and the same socket.io-client instance as the engine) wraps `Socket#connect` so that
 * such a socket gets an auth function instead: it mints the VU's own JWT when the handshake
 * goes out (and again on each reconnect), and the time from `connect()` to `connect` is kept as
 * the VU's connect time for `sockscopeConnect` to report.
 */
import { Socket } from 'socket.io-client';
import { randomBytes } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import { mintToken } from './mint-token.js';
import { readSigningConfig, type SigningConfig } from './signing.js';

/** The `auth.token` value that asks for a minted per-VU token. */
export const MINT_SENTINEL = 'sockscope:mint';

export interface EngineSocketTiming {
  userId: string;
  startedAt: number;
  connectedAt: number | null;
}

const timings = new WeakMap<Socket, EngineSocketTiming>();
const workerTag = `${process.pid}-${threadId}-${randomBytes(3).toString('hex')}`;
let nextUser = 0;
let signing: SigningConfig | null = null;
let installed = false;

export function signingConfig(): SigningConfig {
  signing ??= readSigningConfig();
  return signing;
}

export function newUserId(kind = 'vu'): string {
  nextUser += 1;
  return `${kind}-${workerTag}-${nextUser}`;
}

/** Listeners the socketio engine leaves on a VU's socket once it has connected. */
const ENGINE_LEFTOVER_EVENTS = ['connect_error', 'error', '*'];

/**
 * Takes a connected engine socket over for its VU and drops what a held VU no longer needs:
 * its timing entry, and the engine's listeners that outlive the connect (`connect_error` and
 * `error` would call the engine's finished connect callback again on a failed reconnect; `*`
 * counts through the wildcard `onevent` the VU replaces). Each costs memory in every VU.
 */
export function adoptEngineSocket(socket: Socket): EngineSocketTiming | undefined {
  const timing = timings.get(socket);
  if (timing === undefined) return undefined;
  timings.delete(socket);
  const emitter = socket as unknown as { off(event: string): unknown };
  for (const event of ENGINE_LEFTOVER_EVENTS) emitter.off(event);
  return timing;
}

export function installEngineSocketMinting(): void {
  if (installed) return;
  installed = true;
  const connect = Socket.prototype.connect;
  Socket.prototype.connect = function patchedConnect(this: Socket): Socket {
    const auth = this.auth;
    if (typeof auth === 'object' && auth !== null && auth['token'] === MINT_SENTINEL && !timings.has(this)) {
      const userId = newUserId();
      // Without a `delete`, which would leave a dictionary-mode object in every VU.
      const { token: _sentinel, ...rest }: Record<string, unknown> = { ...auth, clientVersion: 'sockscope-loadtest' };
      const timing: EngineSocketTiming = { userId, startedAt: performance.now(), connectedAt: null };
      timings.set(this, timing);
      this.auth = (cb) => {
        mintToken(signingConfig(), userId).then(
          (token) => cb({ ...rest, token }),
          // A signing failure must surface as a refused handshake, not a hang.
          () => cb({ ...rest, token: 'sockscope-signing-failed' }),
        );
      };
      this.once('connect', () => {
        timing.connectedAt = performance.now();
      });
    }
    return connect.call(this);
  };
}
