import { SignJWT } from 'jose';
import type { SigningConfig } from './signing.js';

export interface MintOptions {
  /** Seconds relative to now; negative gives an already expired token. */
  expiresIn?: number;
  issuer?: string;
  audience?: string;
}

/** Signs a VU's token: `sub` = its user id, the configured issuer and audience. */
export async function mintToken(config: SigningConfig, userId: string, options: MintOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = options.expiresIn ?? config.ttlSeconds;
  return new SignJWT({})
    .setProtectedHeader({ alg: config.alg })
    .setSubject(userId)
    .setIssuer(options.issuer ?? config.issuer)
    .setAudience(options.audience ?? config.audience)
    .setIssuedAt(Math.min(now, now + expiresIn - 60))
    .setExpirationTime(now + expiresIn)
    .sign(config.key);
}
