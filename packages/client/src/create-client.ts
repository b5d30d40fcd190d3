import type { EventsMap } from '@socket.io/component-emitter';
import {
  type ClientToServerEvents,
  type ClientLastDisconnect,
  type ServerToClientEvents,
} from '@sockscope/contracts';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { CLIENT_VERSION } from './client-version.js';
import { LastDisconnectMemory } from './last-disconnect.js';

/** A token, or a function giving the current one (called before every connection attempt). */
export type TokenSource = string | (() => string | Promise<string>);

/** What the helper adds to the handshake, beside the caller's own auth fields. */
export interface SockscopeAuth {
  clientVersion: string;
  lastDisconnect?: ClientLastDisconnect;
  token?: string;
}

type AuthObject = Record<string, unknown>;
type AuthFunction = (cb: (data: object) => void) => void;

export interface ClientOptions extends Partial<Omit<ManagerOptions & SocketOptions, 'auth'>> {
  /**
   * The caller's own handshake auth: an object, or socket.io-client's `(cb) => cb(data)` form.
   * Its fields are kept; `clientVersion` and `lastDisconnect` are added beside them.
   * @default {}
   */
  auth?: AuthObject | AuthFunction;
  /**
   * Sent as `auth.token`; a function is called before every attempt, so a refreshed token is
   * used on reconnect. Overrides `auth.token`.
   * @default undefined (no token added)
   */
  token?: TokenSource;
}

export type SockscopeSocket<
  ListenEvents extends EventsMap = ServerToClientEvents,
  EmitEvents extends EventsMap = ClientToServerEvents,
> = Socket<ListenEvents, EmitEvents>;

function userAuth(auth: ClientOptions['auth']): Promise<AuthObject> {
  if (auth === undefined) return Promise.resolve({});
  if (typeof auth === 'function') {
    return new Promise((resolve) => auth((data) => resolve({ ...(data as AuthObject) })));
  }
  return Promise.resolve({ ...auth });
}

async function currentToken(token: TokenSource | undefined): Promise<string | undefined> {
  if (token === undefined) return undefined;
  return typeof token === 'function' ? token() : token;
}

/**
 * socket.io-client's `io(url, options)`, plus: on every connect and reconnect the handshake
 * carries `auth.lastDisconnect` (why, when and which socket id the previous connection
 * dropped, as this client saw it) and `auth.clientVersion`, so the server's instrument can
 * put the client's view beside its own.
 *
 * @example
 * const socket = createClient('https://chat.example.com', { token: () => session.accessToken() });
 */
export function createClient<
  ListenEvents extends EventsMap = ServerToClientEvents,
  EmitEvents extends EventsMap = ClientToServerEvents,
>(url: string, options: ClientOptions = {}): SockscopeSocket<ListenEvents, EmitEvents> {
  const { auth, token, ...socketOptions } = options;
  const memory = new LastDisconnectMemory();
  const buildAuth: AuthFunction = (cb) => {
    void Promise.all([userAuth(auth), currentToken(token).catch(() => undefined)]).then(
      ([fields, fresh]) => {
        const data: AuthObject & SockscopeAuth = { ...fields, clientVersion: CLIENT_VERSION };
        if (fresh !== undefined) data.token = fresh;
        const last = memory.current;
        if (last !== null) data.lastDisconnect = last;
        cb(data);
      },
    );
  };
  const socket: SockscopeSocket<ListenEvents, EmitEvents> = io(url, {
    ...socketOptions,
    auth: buildAuth,
  });
  socket.on('connect', () => memory.connected(socket.id));
  socket.on('disconnect', (reason) => memory.disconnected(reason));
  return socket;
}
