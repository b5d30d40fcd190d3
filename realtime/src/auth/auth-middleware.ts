import { CONNECT_ERRORS } from '@sockscope/contracts';
import type { Logger } from '../logger.js';
import type { NodeStats } from '../stats.js';
import type { AppSocket } from '../types.js';
import { TokenRefused, type TokenVerifier } from './token-verifier.js';

/** Query parameters that would carry a token into proxy and access logs. */
const TOKEN_QUERY_KEYS = ['token', 'access_token', 'auth', 'jwt'];

/**
 * Socket.IO middleware: the JWT comes from `handshake.auth.token` only. It runs again when a
 * session is recovered (skipMiddlewares: false), so an expired token cannot recover one.
 */
export function createAuthMiddleware(verify: TokenVerifier, stats: NodeStats, logger: Logger) {
  return (socket: AppSocket, next: (err?: Error) => void): void => {
    const refuse = (message: string): void => {
      stats.authRefused++;
      logger.debug({ reason: message, address: socket.handshake.address }, 'handshake refused');
      next(new Error(message));
    };
    const query = socket.handshake.query;
    if (TOKEN_QUERY_KEYS.some((key) => query[key] !== undefined)) {
      refuse(CONNECT_ERRORS.tokenInQuery);
      return;
    }
    const auth: unknown = socket.handshake.auth;
    const token =
      typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
    if (typeof token !== 'string' || token.length === 0) {
      refuse(CONNECT_ERRORS.missingToken);
      return;
    }
    verify(token).then(
      ({ userId, exp }) => {
        socket.data.userId = userId;
        socket.data.tokenExp = exp;
        next();
      },
      (error: unknown) =>
        refuse(error instanceof TokenRefused ? error.message : CONNECT_ERRORS.invalidToken),
    );
  };
}
