import type { Logger } from 'pino';
import { normalizeAddress, type AuthLimiter } from './auth-limiter.js';

export type AuthResult =
  | { ok: true }
  | { ok: false; reason: 'invalid token' }
  | { ok: false; reason: 'rate limited'; retryAfterMs: number };

export interface ApiAuthOptions {
  checkToken: (token: string | null) => boolean;
  limiter: AuthLimiter;
  logger: Logger;
}

export type ApiAuth = (remoteAddress: string | undefined, token: string | null) => AuthResult;

/** The one gate of `/api` and `/feed`: a blocked address is refused before its token is looked at. */
export function createApiAuth(options: ApiAuthOptions): ApiAuth {
  const { checkToken, limiter, logger } = options;
  return (remoteAddress, token) => {
    const address = normalizeAddress(remoteAddress);
    const blocked = limiter.blockedFor(address);
    if (blocked > 0) return { ok: false, reason: 'rate limited', retryAfterMs: blocked };
    if (checkToken(token)) return { ok: true };
    const blockMs = limiter.fail(address);
    // The address only, never the presented token.
    if (blockMs > 0) logger.warn({ address, blockMs }, 'api authentication rate limited');
    return { ok: false, reason: 'invalid token' };
  };
}
