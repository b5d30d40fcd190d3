import {
  createRemoteJWKSet,
  errors,
  importSPKI,
  jwtVerify,
  type CryptoKey,
  type JWTVerifyGetKey,
} from 'jose';
import { CONNECT_ERRORS } from '@sockscope/contracts';
import { ConfigError } from '../config/config-error.js';
import { SECRET_ALGORITHMS, type JwtAlgorithm } from '../config/options-schema.js';

export interface TokenVerifierOptions {
  /** Exactly one of secret, publicKey (SPKI PEM) or jwksUrl. */
  secret?: string;
  publicKey?: string;
  jwksUrl?: string;
  /** @default HS256 for a secret, RS256 and ES256 for a key or JWKS */
  algorithms?: readonly JwtAlgorithm[];
  issuer: string;
  audience: string;
}

export interface VerifiedToken {
  userId: string;
  /** Epoch milliseconds. */
  exp: number;
}

/** A refused token; `message` is one of CONNECT_ERRORS and goes to the client as is. */
export class TokenRefused extends Error {
  override readonly name = 'TokenRefused';
}

export type TokenVerifier = (token: string) => Promise<VerifiedToken>;

/**
 * Verifies handshake JWTs with an explicit algorithm list, issuer and audience; `sub` and `exp`
 * are required. The key type is fixed by configuration, so a token cannot choose it
 * (no `alg: none`, no HS256 signed with a public key).
 */
export async function createTokenVerifier(options: TokenVerifierOptions): Promise<TokenVerifier> {
  const algorithms = [
    ...(options.algorithms ??
      (options.secret !== undefined ? ['HS256' as const] : ['RS256' as const, 'ES256' as const])),
  ];
  const key = await resolveKey(options, algorithms);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms,
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['sub', 'exp'],
      });
      if (
        typeof payload.sub !== 'string' ||
        payload.sub.length === 0 ||
        payload.exp === undefined
      ) {
        throw new TokenRefused(CONNECT_ERRORS.invalidToken);
      }
      return { userId: payload.sub, exp: payload.exp * 1000 };
    } catch (error) {
      if (error instanceof TokenRefused) throw error;
      if (error instanceof errors.JWTExpired) throw new TokenRefused(CONNECT_ERRORS.expiredToken);
      throw new TokenRefused(CONNECT_ERRORS.invalidToken);
    }
  };
}

async function resolveKey(
  options: TokenVerifierOptions,
  algorithms: JwtAlgorithm[],
): Promise<Uint8Array | JWTVerifyGetKey> {
  if (options.secret !== undefined) {
    if (algorithms.some((alg) => !(SECRET_ALGORITHMS as readonly string[]).includes(alg))) {
      throw new ConfigError(['JWT_ALGORITHMS: only HS* algorithms go with JWT_SECRET']);
    }
    return new TextEncoder().encode(options.secret);
  }
  if (options.jwksUrl !== undefined) return createRemoteJWKSet(new URL(options.jwksUrl));
  if (options.publicKey === undefined) {
    throw new ConfigError([
      'JWT_SECRET: one of JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL is required',
    ]);
  }
  // One imported key per algorithm the PEM fits; an RSA key does not import as ES256.
  const keys = new Map<string, CryptoKey>();
  for (const alg of algorithms) {
    try {
      keys.set(alg, await importSPKI(options.publicKey, alg));
    } catch {
      // this algorithm does not fit the key type: tokens using it are refused
    }
  }
  if (keys.size === 0) {
    throw new ConfigError([
      `JWT_PUBLIC_KEY: not an SPKI public key usable with ${algorithms.join(',')} (JWT_ALGORITHMS)`,
    ]);
  }
  return (header) => {
    const found = keys.get(header.alg ?? '');
    if (!found) throw new TokenRefused(CONNECT_ERRORS.invalidToken);
    return found;
  };
}
