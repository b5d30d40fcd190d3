import type { Namespace, Socket } from 'socket.io';
import type { SocketData } from '@sockscope/contracts';
import type { Logger } from '../logger.js';
import type { AuthOutcome, HandshakeAuthenticator } from './handshake-auth.js';

interface NamespaceInternals {
  _createSocket(client: unknown, auth: Record<string, unknown>): Promise<Socket>;
}
interface ClientInternals {
  request?: { _query?: Record<string, unknown> };
}
interface SessionAdapter {
  restoreSession(pid: string, offset: string): Promise<{ data?: unknown } | null | undefined>;
}

/**
 * Authenticates a CONNECT before socket.io restores a session, where socket.io itself would
 * restore first and run middlewares after. This closes three gaps:
 * - a refused token never gets a session restored, so none of its missed packets are sent;
 * - a session is only restored for the user who owned it (`sub` must match);
 * - the auth middleware then finds the outcome ready and calls next() synchronously, so a
 *   recovered socket is never in the "joined its rooms but not yet connected" state across
 *   an I/O turn, in which socket.io broadcasts skip it (a lost message).
 * Uses socket.io 4.8 internals (Namespace#_createSocket), covered by the auth tests.
 * Returns the lookup the auth middleware uses.
 */
export function guardRecovery(
  nsp: Namespace,
  authenticate: HandshakeAuthenticator,
  logger: Logger,
): (socket: Socket) => AuthOutcome | undefined {
  const outcomes = new WeakMap<object, AuthOutcome>();
  const ownerOfRestore = new Map<string, string>();
  const internals = nsp as unknown as NamespaceInternals;
  const createSocket = internals._createSocket.bind(nsp);
  if (typeof createSocket !== 'function')
    throw new Error('socket.io internals changed: no Namespace#_createSocket');

  internals._createSocket = async (client, auth) => {
    const query = (client as ClientInternals).request?._query ?? {};
    const outcome = await authenticate(auth, query);
    const pid = typeof auth.pid === 'string' ? auth.pid : undefined;
    let effective = auth;
    if (pid !== undefined && !outcome.ok) {
      // Drop the recovery request: the refused socket gets no rooms and no missed packets.
      const { pid: _pid, offset: _offset, ...rest } = auth;
      effective = rest;
    }
    outcomes.set(effective, outcome);
    if (pid !== undefined && outcome.ok) ownerOfRestore.set(pid, outcome.userId);
    try {
      return await createSocket(client, effective);
    } finally {
      if (pid !== undefined) ownerOfRestore.delete(pid);
    }
  };

  const adapter = nsp.adapter as unknown as SessionAdapter;
  const restoreSession = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restoreSession(pid, offset);
    const owner = (session?.data as Partial<SocketData> | undefined)?.userId;
    if (session && owner !== ownerOfRestore.get(pid)) {
      logger.warn('recovery refused: the session belongs to another user');
      throw new Error('session owned by another user');
    }
    return session;
  };

  return (socket) => outcomes.get(socket.handshake.auth);
}
