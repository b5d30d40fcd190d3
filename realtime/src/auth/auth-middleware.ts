import type { Socket } from 'socket.io';
import type { Logger } from '../logger.js';
import type { NodeStats } from '../stats.js';
import type { AppSocket } from '../types.js';
import type { AuthOutcome, HandshakeAuthenticator } from './handshake-auth.js';

/**
 * Socket.IO middleware: the JWT comes from `handshake.auth.token` only. It runs again when a
 * session is recovered (skipMiddlewares: false), so an expired token cannot recover one.
 * When the recovery guard already decided this CONNECT, it answers synchronously.
 */
export function createAuthMiddleware(
  authenticate: HandshakeAuthenticator,
  decided: (socket: Socket) => AuthOutcome | undefined,
  stats: NodeStats,
  logger: Logger,
) {
  return (socket: AppSocket, next: (err?: Error) => void): void => {
    const apply = (outcome: AuthOutcome): void => {
      if (outcome.ok) {
        socket.data.userId = outcome.userId;
        socket.data.tokenExp = outcome.exp;
        next();
        return;
      }
      stats.authRefused++;
      logger.debug(
        { reason: outcome.error, address: socket.handshake.address },
        'handshake refused',
      );
      next(new Error(outcome.error));
    };
    const outcome = decided(socket as unknown as Socket);
    if (outcome) apply(outcome);
    else void authenticate(socket.handshake.auth, socket.handshake.query).then(apply);
  };
}
