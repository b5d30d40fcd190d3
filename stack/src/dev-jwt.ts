import { randomBytes } from 'node:crypto';
import type { StackFile } from '@sockscope/contracts';

export const DEV_JWT_ISSUER = 'sockscope-local';
export const DEV_JWT_AUDIENCE = 'sockscope';

/** A development-only HS256 secret, new for every stack run (written to the 0600 stack file). */
export function createDevJwt(): StackFile['jwt'] {
  return {
    alg: 'HS256',
    secret: randomBytes(32).toString('base64url'),
    issuer: DEV_JWT_ISSUER,
    audience: DEV_JWT_AUDIENCE,
  };
}
