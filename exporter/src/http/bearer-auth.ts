import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time token check: compares SHA-256 digests, so lengths never leak either. */
export function createTokenCheck(
  expected: string,
): (presented: string | undefined | null) => boolean {
  const want = createHash('sha256').update(expected).digest();
  return (presented) => {
    if (typeof presented !== 'string') return false;
    const got = createHash('sha256').update(presented).digest();
    return timingSafeEqual(want, got);
  };
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
