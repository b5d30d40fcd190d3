/** Whether a Node or Fetch request carries a valid session cookie. */
import { dashboardConfig } from '../config';
import { readCookie, SESSION_COOKIE, verifySessionValue } from './session-cookie';

export function isSignedInCookieHeader(cookieHeader: string | null | undefined): boolean {
  const c = dashboardConfig();
  return verifySessionValue(readCookie(cookieHeader, SESSION_COOKIE), {
    token: c.token,
    ttlSeconds: c.sessionTtlSeconds,
  });
}

export function isSignedInCookie(value: string | undefined): boolean {
  const c = dashboardConfig();
  return verifySessionValue(value, { token: c.token, ttlSeconds: c.sessionTtlSeconds });
}
