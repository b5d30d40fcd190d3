/**
 * Every request passes here first: without a valid session cookie, pages redirect to the
 * sign-in page and API routes answer 401 JSON. `/sign-in?token=…` signs in at once (the
 * local stack prints such a URL).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { isSignedInCookie } from './lib/auth/request-auth';
import {
  createSessionValue,
  SESSION_COOKIE,
  sessionCookieAttributes,
} from './lib/auth/session-cookie';
import { safeNext } from './lib/auth/safe-next';
import { tokensEqual } from './lib/auth/token';
import { dashboardConfig } from './lib/config';

const PUBLIC_PATHS = new Set(['/sign-in', '/api/auth/sign-in']);

export function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  const config = dashboardConfig();

  if (pathname === '/sign-in') {
    const token = searchParams.get('token');
    if (token !== null) {
      if (!tokensEqual(token, config.token)) {
        const url = request.nextUrl.clone();
        url.search = '?error=invalid';
        return NextResponse.redirect(url, 303);
      }
      const session = createSessionValue({
        token: config.token,
        ttlSeconds: config.sessionTtlSeconds,
      });
      const res = NextResponse.redirect(
        new URL(safeNext(searchParams.get('next')), request.nextUrl.origin),
        303,
      );
      res.cookies.set(
        SESSION_COOKIE,
        session.value,
        sessionCookieAttributes(session.maxAge, isHttps(request)),
      );
      res.headers.set('cache-control', 'no-store');
      res.headers.set('referrer-policy', 'no-referrer');
      return res;
    }
  }
  if (PUBLIC_PATHS.has(pathname)) return NextResponse.next();

  if (isSignedInCookie(request.cookies.get(SESSION_COOKIE)?.value)) return NextResponse.next();

  if (pathname.startsWith('/api/')) {
    return NextResponse.json(
      { error: 'sign in first' },
      { status: 401, headers: { 'cache-control': 'no-store' } },
    );
  }
  const url = request.nextUrl.clone();
  url.pathname = '/sign-in';
  url.search =
    pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url, 307);
}

function isHttps(request: NextRequest): boolean {
  return (
    request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https'
  );
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
