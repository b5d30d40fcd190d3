import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../lib/auth/rate-limit';
import { safeNext } from '../lib/auth/safe-next';
import { createSessionValue, readCookie, verifySessionValue } from '../lib/auth/session-cookie';
import { tokensEqual } from '../lib/auth/token';

const token = 'a-dashboard-token-of-32-characters';

describe('tokens', () => {
  it('compares equal tokens as equal and others as different, whatever their length', () => {
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(`${token}x`, token)).toBe(false);
    expect(tokensEqual('', token)).toBe(false);
    expect(tokensEqual(token.slice(0, -1), token)).toBe(false);
  });
});

describe('session cookie', () => {
  it('accepts a value it signed and never contains the token', () => {
    const { value } = createSessionValue({ token });
    expect(value).not.toContain(token);
    expect(verifySessionValue(value, { token })).toBe(true);
  });

  it('refuses a tampered, foreign, expired or malformed value', () => {
    const { value } = createSessionValue({ token, ttlSeconds: 60, now: () => 1_000_000 });
    const [sid, exp, sig] = value.split('.') as [string, string, string];
    expect(verifySessionValue(value, { token, now: () => 1_000_000 + 30_000 })).toBe(true);
    expect(verifySessionValue(value, { token, now: () => 1_000_000 + 61_000 })).toBe(false);
    expect(
      verifySessionValue(`${sid}.${Number(exp) + 100000}.${sig}`, { token, now: () => 1_000_000 }),
    ).toBe(false);
    expect(verifySessionValue(value, { token: `${token}-other`, now: () => 1_000_000 })).toBe(
      false,
    );
    for (const bad of ['', 'x', 'a.b.c', `${sid}.${exp}`, `${value}.x`, null, undefined]) {
      expect(verifySessionValue(bad, { token })).toBe(false);
    }
  });

  it('reads one cookie out of a header', () => {
    expect(readCookie('a=1; sockscope_session=abc.def; b=2', 'sockscope_session')).toBe('abc.def');
    expect(readCookie('a=1', 'sockscope_session')).toBeNull();
    expect(readCookie(undefined, 'x')).toBeNull();
  });
});

describe('safeNext', () => {
  it('keeps same-site paths and refuses other origins', () => {
    expect(safeNext('/sessions?user=u1')).toBe('/sessions?user=u1');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});

describe('rate limiter', () => {
  it('blocks after max failures within the window and lets through after it', () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 3, windowMs: 1000, now: () => now });
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.allowed('ip')).toBe(true);
      limiter.fail('ip');
    }
    expect(limiter.allowed('ip')).toBe(false);
    expect(limiter.allowed('other')).toBe(true);
    now = 1500;
    expect(limiter.allowed('ip')).toBe(true);
  });
});
