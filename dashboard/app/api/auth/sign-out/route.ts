import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@/lib/auth/session-cookie';

export function POST(request: NextRequest) {
  const res = NextResponse.redirect(new URL('/sign-in', request.nextUrl.origin), 303);
  res.cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', path: '/', maxAge: 0 });
  return res;
}
