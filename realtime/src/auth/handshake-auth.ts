import { CONNECT_ERRORS } from '@sockscope/contracts';
import { TokenRefused, type TokenVerifier } from './token-verifier.js';

/** Query parameters that would carry a token into proxy and access logs. */
const TOKEN_QUERY_KEYS = ['token', 'access_token', 'auth', 'jwt'];

export type AuthOutcome =
  | { ok: true; userId: string; exp: number }
  | { ok: false; error: (typeof CONNECT_ERRORS)[keyof typeof CONNECT_ERRORS] };

export type HandshakeAuthenticator = (
  auth: unknown,
  query: Record<string, unknown>,
) => Promise<AuthOutcome>;

/**
 * Decides a socket.io CONNECT: the JWT must be in `auth.token`, never in the query string.
 * Never rejects; a refusal carries the connect_error message.
 */
export function createHandshakeAuthenticator(verify: TokenVerifier): HandshakeAuthenticator {
  return async (auth, query) => {
    if (TOKEN_QUERY_KEYS.some((key) => query[key] !== undefined)) {
      return { ok: false, error: CONNECT_ERRORS.tokenInQuery };
    }
    const token =
      typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
    if (typeof token !== 'string' || token.length === 0)
      return { ok: false, error: CONNECT_ERRORS.missingToken };
    try {
      const { userId, exp } = await verify(token);
      return { ok: true, userId, exp };
    } catch (error) {
      const message = error instanceof TokenRefused ? error.message : CONNECT_ERRORS.invalidToken;
      return {
        ok: false,
        error:
          message === CONNECT_ERRORS.expiredToken
            ? CONNECT_ERRORS.expiredToken
            : CONNECT_ERRORS.invalidToken,
      };
    }
  };
}
