import type { KeyObject, webcrypto } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';

export interface MintTokenOptions {
  /** HMAC secret (string or bytes) or a private key for RS256/ES256. */
  secret: string | Uint8Array | KeyObject | webcrypto.CryptoKey | JWK;
  issuer: string;
  audience: string;
  /** The user id. */
  sub: string;
  /** Seconds from now (number) or a jose time span such as '1h' or '2s'. @default '1h' */
  expiresIn?: number | string;
  /** @default 'HS256' */
  alg?: string;
}

/** Signs a JWT the realtime node accepts (with matching secret, issuer and audience). */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  const { secret, issuer, audience, sub, expiresIn = '1h', alg = 'HS256' } = options;
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  const now = Math.floor(Date.now() / 1000);
  return (
    new SignJWT({})
      .setProtectedHeader({ alg, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      // jose reads a number as an absolute time: turn "seconds from now" into one.
      .setExpirationTime(typeof expiresIn === 'number' ? now + expiresIn : expiresIn)
      .sign(key)
  );
}
