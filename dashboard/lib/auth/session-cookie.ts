/**
 * The session cookie: a random session id and an expiry, HMAC-signed with a key derived from
 * the dashboard token. The token itself never goes into the cookie; changing the token signs
 * everyone out.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'sockscope_session';

export interface SessionCookieOptions {
  /** The dashboard token the signing key is derived from. */
  token: string;
  /** Lifetime in seconds. @default 43200 */
  ttlSeconds?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

function signingKey(token: string): Buffer {
  return createHash('sha256').update('sockscope-dashboard-session\u0000').update(token).digest();
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

/** A new cookie value `sid.expiresAt.signature`. */
export function createSessionValue(options: SessionCookieOptions): {
  value: string;
  maxAge: number;
} {
  const ttl = options.ttlSeconds ?? 43_200;
  const now = (options.now ?? Date.now)();
  const payload = `${randomBytes(18).toString('base64url')}.${now + ttl * 1000}`;
  return { value: `${payload}.${sign(signingKey(options.token), payload)}`, maxAge: ttl };
}

/** Whether a cookie value is a session this dashboard signed and that has not expired. */
export function verifySessionValue(
  value: string | undefined | null,
  options: SessionCookieOptions,
): boolean {
  if (!value || value.length > 200) return false;
  const parts = value.split('.');
  if (parts.length !== 3) return false;
  const [sid, expires, signature] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]{24}$/.test(sid) || !/^\d{1,15}$/.test(expires)) return false;
  const expected = Buffer.from(sign(signingKey(options.token), `${sid}.${expires}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  return Number(expires) > (options.now ?? Date.now)();
}

/** Reads one cookie out of a `Cookie` header. */
export function readCookie(header: string | undefined | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** The `Set-Cookie` attributes every session cookie carries. */
export function sessionCookieAttributes(maxAge: number, secure: boolean) {
  return { httpOnly: true, sameSite: 'strict' as const, path: '/', maxAge, secure };
}
