import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';

export const ISSUER = 'sockscope-test';
export const AUDIENCE = 'sockscope-realtime';
export const SECRET = 'test-secret-that-is-long-enough-for-hs256!';

export interface TokenOptions {
  sub?: string;
  /** Seconds from now (may be negative). @default 3600 */
  expiresIn?: number;
  /** Absolute exp, epoch seconds; wins over expiresIn. */
  exp?: number;
  issuer?: string;
  audience?: string;
  secret?: string | Uint8Array;
}

/** An HS256 token the test node accepts unless told otherwise. */
export function hs256Token(options: TokenOptions = {}): Promise<string> {
  const key =
    typeof options.secret === 'string' || options.secret === undefined
      ? new TextEncoder().encode(options.secret ?? SECRET)
      : options.secret;
  return sign(new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }), options, key);
}

export function sign(
  jwt: SignJWT,
  options: TokenOptions,
  key: Parameters<SignJWT['sign']>[0],
): Promise<string> {
  const exp = options.exp ?? Math.floor(Date.now() / 1000) + (options.expiresIn ?? 3600);
  return jwt
    .setSubject(options.sub ?? 'user-1')
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key);
}

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** An unsigned token (`alg: none`), which jose itself refuses to produce. */
export function unsignedToken(payload: JWTPayload): string {
  return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.`;
}

export function claims(overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return { sub: 'user-1', iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 3600, ...overrides };
}

/** A fresh RSA key pair as PEM (SPKI public, PKCS#8 private). */
export function rsaKeyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}
