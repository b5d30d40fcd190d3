import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of a presented token with the expected one (equal-length digests). */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
